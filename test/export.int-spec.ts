import { createHash } from 'node:crypto';
import { HttpClient } from './support/http-client';
import { approvedAndRendered, newDraft, signInAll, type People } from './support/journey';
import { signedInOperator } from './support/operator';
import { poppler } from './support/pdf-tools';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';
import { unzip } from './support/zip';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The organisation export: a streamed zip of JSON and PDF whose manifest's SHA-256 sums match, with sealed PDFs. */
describe.each(DIALECTS)('organisation export on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let p: People;

  beforeAll(async () => {
    // The approved PDFs are stood in: no render job may race them.
    t = await startTestApp(dialect, { OUTBOX_ENABLED: 'false' });
    org = await seedOrganization(t, 'phron');
    other = await seedOrganization(t, 'khuan');
    p = await signInAll(t, org);
  });
  afterAll(() => t?.close());

  async function published(subject: string): Promise<string> {
    const id = await approvedAndRendered(t, org, p, subject);
    expect((await p.webmaster.post(`/api/memos/${id}/publish`, {})).status).toBe(200);
    return id;
  }

  async function download(client: HttpClient, path: string): Promise<{ status: number; type: string | null; disposition: string | null; body: Buffer }> {
    const response = await fetch(t.baseUrl + path, { headers: client.cookie ? { cookie: client.cookie } : {} });
    return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), body: Buffer.from(await response.arrayBuffer()) };
  }

  test('every file is in the manifest with a SHA-256 that matches, and the published PDFs verify with pdfsig', async () => {
    const first = await published('บันทึกข้อความฉบับที่หนึ่ง');
    await published('บันทึกข้อความฉบับที่สอง');
    const draft = await newDraft(p.author, 'ร่างที่ยังไม่เสนอ');

    const zip = await download(p.admin, '/api/organization/export');
    expect(zip.status).toBe(200);
    expect(zip.type).toBe('application/zip');
    expect(zip.disposition).toMatch(/^attachment; filename="kasian-phron-\d{4}-\d{2}-\d{2}\.zip"$/);
    const files = await unzip(zip.body);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({ format: 'kasian-organization-export', version: 1, organization: { id: org.organizationId, slug: 'phron' } });
    const listed = manifest.files.map((f: { path: string }) => f.path).sort();
    expect(listed).toEqual([...files.keys()].filter((path) => path !== 'manifest.json').sort());
    for (const entry of manifest.files) {
      const data = files.get(entry.path)!;
      expect({ path: entry.path, size: data.length, sha256: sha256(data) }).toEqual({ path: entry.path, size: entry.size, sha256: entry.sha256 });
    }

    const publications = listed.filter((path: string) => path.startsWith('publications/') && path.endsWith('.pdf'));
    expect(publications).toHaveLength(2);
    for (const path of publications) expect(poppler('pdfsig', files.get(path)!)).toContain('Signature Validation: Signature is Valid.');
    const catalogue = JSON.parse(files.get('publications.json')!.toString('utf8'));
    expect(catalogue.map((c: { file: string; sha256: string }) => sha256(files.get(c.file)!))).toEqual(catalogue.map((c: { sha256: string }) => c.sha256));

    const document = JSON.parse(files.get(`documents/${first}/document.json`)!.toString('utf8'));
    expect(document.memo.subject).toBe('บันทึกข้อความฉบับที่หนึ่ง');
    expect(document.reviews.map((r: { comment: string }) => r.comment)).toEqual(['ทราบ เห็นควรนำเสนอนายก อบต.', 'ทราบ อนุมัติ ให้ประกาศบนเว็บไซต์']);
    expect(document.audit.map((a: { event: string }) => a.event)).toEqual(expect.arrayContaining(['SUBMIT', 'FORWARD', 'APPROVE']));
    expect(listed).toEqual(expect.arrayContaining([`documents/${first}/reviews/round-1-step-1-signature.png`, `documents/${first}/reviews/round-1-step-2-signature.png`, `documents/${first}/rendered-round-1.pdf`, `documents/${draft}/document.json`]));
    const audit = JSON.parse(files.get('audit.json')!.toString('utf8'));
    expect(audit.length).toBeGreaterThanOrEqual(6);
    // No secrets: neither password hashes nor the certificate's key.
    const everything = [...files.values()].map((b) => b.toString('latin1')).join('');
    expect(everything).not.toContain('$argon2id$');
    expect(JSON.parse(files.get('organization.json')!.toString('utf8')).certificate).toEqual(expect.objectContaining({ selfSigned: true }));
    expect(everything).not.toContain('passphrase');
    // Nothing of another organisation.
    expect(everything).not.toContain(other.organizationId);
  });

  test('the operator exports any organisation; other people of the organisation, and other organisations, cannot', async () => {
    const operator = await signedInOperator(t);
    const byOperator = await download(operator, `/api/platform/organizations/${org.organizationId}/export`);
    expect(byOperator.status).toBe(200);
    expect(JSON.parse((await unzip(byOperator.body)).get('manifest.json')!.toString('utf8')).organization.id).toBe(org.organizationId);
    expect((await download(p.author, '/api/organization/export')).status).toBe(403);
    expect((await download(p.admin, `/api/platform/organizations/${other.organizationId}/export`)).status).toBe(403);
    expect((await download(operator, '/api/organization/export')).status).toBe(404);
  });
});
