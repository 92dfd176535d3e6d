import { DataSource } from 'typeorm';
import { OutboxWorker } from '../src/outbox/outbox-worker';
import { newDraft, send, signInAll, type People } from './support/journey';
import { poppler } from './support/pdf-tools';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

/** The whole journey through the API, with the real renderer: from SUBMIT to a signed PDF at a public URL. */
describe.each(DIALECTS)('from submission to a public, sealed PDF on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;

  beforeAll(async () => {
    t = await startTestApp(dialect, { OUTBOX_ENABLED: 'false' });
    org = await seedOrganization(t, 'phron');
    p = await signInAll(t, org);
  });
  afterAll(() => t.close());

  test('submit, forward, approve, render, publish: pdfsig says signed and unmodified; the text has both comments', async () => {
    const id = await newDraft(p.author);
    const preview = await fetch(`${t.baseUrl}/api/memos/${id}/preview.pdf`, { headers: { cookie: (p.author as any).cookie } });
    expect(preview.status).toBe(200);
    const watermarks = (pdf: Buffer) => poppler('pdftotext', pdf, ['-raw']).split('\n').filter((line) => line.trim() === 'ร่าง').length;
    const previewPdf = Buffer.from(await preview.arrayBuffer());
    expect(watermarks(previewPdf)).toBe(Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', previewPdf))![1]));

    const submitted = await send(p.author, id, { event: 'SUBMIT' });
    await send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ เห็นควรนำเสนอนายก อบต. พิจารณา' });
    await send(p.mayor, id, { event: 'APPROVE', comment: 'ทราบ อนุมัติ ให้ประกาศบนเว็บไซต์' });
    expect(await t.app.get(OutboxWorker).drain()).toBeGreaterThanOrEqual(1);
    expect((await p.author.get(`/api/reports/${id}`)).body.status).toBe('ready');
    const [rendered] = await t.app.get(DataSource).query('SELECT pages, size, sha256, template_version FROM rendered_documents WHERE memo_id = ?', [id]);
    expect(Number(rendered.pages)).toBeGreaterThanOrEqual(5);
    expect(rendered.template_version).toBe('memo-report@2');

    const published = await p.webmaster.post(`/api/memos/${id}/publish`, {});
    expect(published.status).toBe(200);
    const path = new URL(published.body.url).pathname;
    const pdf = Buffer.from(await (await fetch(`${t.baseUrl}${path}.pdf`)).arrayBuffer());
    const signature = poppler('pdfsig', pdf);
    expect(signature).toContain('Signature Validation: Signature is Valid.');
    expect(signature).toContain('Total document signed');
    const text = poppler('pdftotext', pdf).replace(/\s+/g, ' ');
    expect(text).toContain('ทราบ เห็นควรนำเสนอนายก อบต. พิจารณา');
    expect(text).toContain('ทราบ อนุมัติ ให้ประกาศบนเว็บไซต์');
    expect(text).toContain(submitted.body.documentNumber.replace(/\s+/g, ' '));
    expect(watermarks(pdf)).toBe(0);
    const fonts = poppler('pdffonts', pdf).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((line) => /\+Sarabun-/.test(line))).toBe(true);
    expect((await fetch(`${t.baseUrl}${path}`)).status).toBe(200);
    const evidence = await (await fetch(`${t.baseUrl}/p/phron/2566/ita`)).text();
    expect(evidence).toContain('/p/phron/2566/o43');
    expect(evidence).toMatch(/O42<\/td><td>[^<]+<\/td><td><span class="badge warn">ยังไม่เผยแพร่/);
  });
});
