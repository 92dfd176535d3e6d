import { createHash, randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { DataSource } from 'typeorm';
import { RenderedDocument } from '../src/publication/rendered-document.entity';
import { FileStorage } from '../src/storage/file-storage';
import { WorkflowService } from '../src/workflow/workflow.service';
import { HttpClient, rawGet } from './support/http-client';
import { newDraft, send, signInAll, type People } from './support/journey';
import { poppler } from './support/pdf-tools';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

/**
 * Publication without the renderer: the approved PDF is stood in by a small PDF, attached the way the render job
 * attaches it (test/journey.e2e covers the real rendering).
 */
describe.each(DIALECTS)('publication on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let p: People;
  const anonymous = () => new HttpClient(t.baseUrl);

  beforeAll(async () => {
    t = await startTestApp(dialect);
    org = await seedOrganization(t, 'pubtest');
    other = await seedOrganization(t, 'elsewhere');
    p = await signInAll(t, org);
  });
  afterAll(() => t.close());

  async function approvedAndRendered(subject?: string): Promise<string> {
    const id = await newDraft(p.author, subject);
    await send(p.author, id, { event: 'SUBMIT' });
    await send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ เห็นควรนำเสนอนายก อบต.' });
    await send(p.mayor, id, { event: 'APPROVE', comment: 'ทราบ อนุมัติ ให้ประกาศบนเว็บไซต์' });
    const document = await PDFDocument.create();
    document.addPage([595, 842]);
    document.addPage([595, 842]);
    const pdf = Buffer.from(await document.save());
    const key = `rendered/${id}.pdf`;
    await t.app.get(FileStorage).put(key, pdf);
    const ok = await t.app.get(WorkflowService).markRendered(id, async (manager) => {
      await manager.insert(RenderedDocument, {
        id: randomUUID(), organizationId: org.organizationId, memoId: id, round: 1, storageKey: key,
        sha256: createHash('sha256').update(pdf).digest('hex'), size: pdf.length, pages: 2, templateVersion: 'test', createdAt: new Date(),
      });
    });
    expect(ok).toBe(true);
    return id;
  }

  test('publish: a sealed PDF at a stable public URL, verifiable; one changed byte is not authentic', async () => {
    const id = await approvedAndRendered();
    const queue = await p.webmaster.get('/api/publications/queue');
    expect(queue.body.items.map((q: any) => q.memoId)).toContain(id);
    expect(queue.body.items.find((q: any) => q.memoId === id)).toMatchObject({ fiscalYear: 2566, suggestedItaItem: 'O43' });
    expect((await p.author.post(`/api/memos/${id}/publish`, {})).status).toBe(403);

    const published = await p.webmaster.post(`/api/memos/${id}/publish`, {});
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ fiscalYear: 2566, itaItemCode: 'O43', status: 'current' });
    const path = new URL(published.body.url).pathname;
    expect(path).toBe('/p/pubtest/2566/o43');
    expect((await p.author.get(`/api/reports/${id}`)).body.status).toBe('published');

    const page = await anonymous().get(path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('<html lang="th">');
    expect(page.text).toContain('ทราบ อนุมัติ ให้ประกาศบนเว็บไซต์');
    expect(page.text).toContain('นายpubtest นายก');
    expect(page.headers.get('cache-control')).toContain('max-age');
    expect(page.headers.get('etag')).toBeTruthy();
    const revalidated = await rawGet(t.baseUrl, path, { 'if-none-match': page.headers.get('etag')! });
    expect(revalidated.status).toBe(304);
    expect((await rawGet(t.baseUrl, path, { 'if-modified-since': page.headers.get('last-modified')! })).status).toBe(304);

    const pdfResponse = await fetch(`${t.baseUrl}${path}.pdf`);
    const pdf = Buffer.from(await pdfResponse.arrayBuffer());
    expect(pdfResponse.headers.get('content-type')).toBe('application/pdf');
    expect(pdfResponse.headers.get('accept-ranges')).toBe('bytes');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(published.body.sha256);
    const signature = poppler('pdfsig', pdf);
    expect(signature).toContain('Signature Validation: Signature is Valid.');
    expect(signature).toContain('Total document signed');
    expect(signature).toContain('ETSI.CAdES.detached');

    const range = await fetch(`${t.baseUrl}${path}.pdf`, { headers: { range: 'bytes=0-99' } });
    expect(range.status).toBe(206);
    expect((await range.arrayBuffer()).byteLength).toBe(100);

    const verifyForm = new FormData();
    verifyForm.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'doc.pdf');
    const authentic = await anonymous().post('/verify', verifyForm);
    expect(authentic.status).toBe(200);
    expect(authentic.text).toContain('เป็นเอกสารจริง');
    expect(authentic.text).toContain('ฉบับปัจจุบัน');

    const tampered = Buffer.from(pdf);
    tampered[Math.floor(tampered.length / 2)] ^= 0x01;
    const tamperedForm = new FormData();
    tamperedForm.append('file', new Blob([new Uint8Array(tampered)], { type: 'application/pdf' }), 'doc.pdf');
    const notAuthentic = await anonymous().post('/verify', tamperedForm);
    expect(notAuthentic.text).toContain('ไม่ใช่เอกสารที่เผยแพร่ผ่านระบบ');
    expect(notAuthentic.text).not.toContain('เป็นเอกสารจริง');
    const byHash = await anonymous().get(`/api/public/verify?sha256=${published.body.sha256}`);
    expect(byHash.body).toMatchObject({ authentic: true, current: true, fiscalYear: 2566 });
    expect((await anonymous().get(`/verify/${published.body.id}`)).text).toContain(published.body.title ?? 'มาตรการ');
  });

  test('the evidence index lists O43 of 2566 with its URL and "ยังไม่เผยแพร่" for O42', async () => {
    const index = await anonymous().get('/p/pubtest/2566/ita');
    expect(index.status).toBe(200);
    expect(index.text).toMatch(/O42<\/td><td>[^<]+<\/td><td><span class="badge warn">ยังไม่เผยแพร่/);
    expect(index.text).toContain('/p/pubtest/2566/o43');
    const csv = await anonymous().get('/p/pubtest/2566/ita.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('ข้อ,รายการ,URL');
    expect(lines.find((l) => l.startsWith('O42,'))).toMatch(/,ยังไม่เผยแพร่$/);
    expect(lines.find((l) => l.startsWith('O43,'))).toMatch(/\/p\/pubtest\/2566\/o43$/);
  });

  test('an ITA item whose title would be a spreadsheet formula is written as text in the CSV', async () => {
    const added = await p.admin.post('/api/ita-items', { fiscalYear: 2566, code: 'O99', title: '=HYPERLINK("http://evil.example","คลิก")' });
    expect(added.status).toBe(201);
    const csv = (await anonymous().get('/p/pubtest/2566/ita.csv')).text;
    expect(csv).toContain(`O99,"'=HYPERLINK(""http://evil.example"",""คลิก"")",ยังไม่เผยแพร่`);
    expect(csv).not.toMatch(/,"?=HYPERLINK/);
  });

  test('public pages and feeds show only published documents of that organisation', async () => {
    const draft = await newDraft(p.author, 'ร่างลับที่ไม่ควรปรากฏ');
    const returned = await newDraft(p.author, 'เรื่องที่ถูกส่งคืน');
    await send(p.author, returned, { event: 'SUBMIT' });
    await send(p.deputy, returned, { event: 'RETURN', reason: 'แก้ไข' });
    const listing = await anonymous().get('/p/pubtest');
    expect(listing.status).toBe(200);
    for (const body of [listing.text, (await anonymous().get('/p/pubtest/feed.json')).text, (await anonymous().get('/p/pubtest/feed.atom')).text]) {
      expect(body).not.toContain('ร่างลับที่ไม่ควรปรากฏ');
      expect(body).not.toContain('เรื่องที่ถูกส่งคืน');
      expect(body).toContain('/p/pubtest/2566/o43');
    }
    const feed = await anonymous().get('/p/pubtest/feed.json');
    expect(feed.headers.get('content-type')).toContain('application/feed+json');
    expect(JSON.parse(feed.text).items[0].attachments[0].mime_type).toBe('application/pdf');
    const otherListing = await anonymous().get('/p/elsewhere');
    expect(otherListing.status).toBe(200);
    expect(otherListing.text).not.toContain('/p/pubtest/');
    expect((await anonymous().get('/p/elsewhere/2566/o43')).status).toBe(404);
    expect((await anonymous().get('/p/elsewhere/2566/o43.pdf')).status).toBe(404);
    const embed = await anonymous().get('/p/pubtest/embed');
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    void draft;
  });

  test.each([
    '/p/../etc/passwd',
    '/p/pubtest/2566/..%2F..%2Fetc%2Fpasswd',
    '/p/pubtest/2566/%2e%2e',
    '/p/pubtest/..%2F2566/o43',
    '/p/no-such-org',
    '/p/no-such-org/2566/o43.pdf',
    '/p/pubtest/2566/no-such-doc',
    '/p/pubtest/1999/o43',
    '/p/PUBTEST/2566/o43',
  ])('%s answers 404', async (path) => {
    const res = await rawGet(t.baseUrl, path);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('root:x:0:0');
  });

  test('withdraw: the URL answers 410 with the reason; a corrected version supersedes the old one', async () => {
    const first = await approvedAndRendered('มาตรการฉบับแรก');
    const a = await p.webmaster.post(`/api/memos/${first}/publish`, { itaItemCode: 'O42', fiscalYear: 2567, title: 'มาตรการส่งเสริมคุณธรรม ๒๕๖๗' });
    expect(a.status).toBe(200);
    const second = await approvedAndRendered('มาตรการฉบับแก้ไข');
    const b = await p.webmaster.post(`/api/memos/${second}/publish`, { itaItemCode: 'O42', fiscalYear: 2567, title: 'มาตรการส่งเสริมคุณธรรม ๒๕๖๗ (ฉบับแก้ไข)', supersedes: a.body.id });
    expect(b.status).toBe(200);
    expect(new URL(b.body.url).pathname).toBe('/p/pubtest/2567/o42-2');
    const old = await anonymous().get(new URL(a.body.url).pathname);
    expect(old.status).toBe(200);
    expect(old.text).toContain('ฉบับนี้มีการแก้ไขและเผยแพร่ฉบับใหม่แทนแล้ว');
    expect((await anonymous().get(`/api/public/verify?sha256=${a.body.sha256}`)).body).toMatchObject({ authentic: true, current: false, status: 'superseded' });
    const evidence = await anonymous().get('/p/pubtest/2567/ita');
    expect(evidence.text).toContain('/p/pubtest/2567/o42-2');

    expect((await p.webmaster.post(`/api/publications/${b.body.id}/withdraw`, { reason: '  ' })).status).toBe(400);
    const withdrawn = await p.webmaster.post(`/api/publications/${b.body.id}/withdraw`, { reason: 'แนบตารางผิดฉบับ จะเผยแพร่ใหม่' });
    expect(withdrawn.status).toBe(200);
    const gone = await anonymous().get(new URL(b.body.url).pathname);
    expect(gone.status).toBe(410);
    expect(gone.text).toContain('แนบตารางผิดฉบับ จะเผยแพร่ใหม่');
    expect((await fetch(b.body.pdfUrl.replace(/^http:\/\/localhost:3000/, t.baseUrl))).status).toBe(410);
    expect((await anonymous().get('/p/pubtest')).text).not.toContain('ฉบับแก้ไข)');
    expect((await p.author.get(`/api/reports/${second}`)).body.status).toBe('withdrawn');
    expect((await p.webmaster.post(`/api/publications/${b.body.id}/withdraw`, { reason: 'อีกครั้ง' })).status).toBe(409);
  });

  test('another organisation cannot publish or withdraw our documents', async () => {
    const id = await approvedAndRendered();
    const outsider = new HttpClient(t.baseUrl);
    await outsider.login(other.users.webmaster.username, other.users.webmaster.password);
    expect((await outsider.post(`/api/memos/${id}/publish`, {})).status).toBe(404);
    const mine = (await p.webmaster.get('/api/publications')).body.items[0];
    expect((await outsider.post(`/api/publications/${mine.id}/withdraw`, { reason: 'x' })).status).toBe(404);
    expect((await outsider.get('/api/publications')).body.items).toEqual([]);
    const db = t.app.get(DataSource);
    expect(Number((await db.query(`SELECT COUNT(*) AS n FROM publications WHERE organization_id = ?`, [other.organizationId]))[0].n)).toBe(0);
  });
});
