import { DataSource } from 'typeorm';
import { approvedMemo, attachStandInPdf, signInAll, type People } from './support/journey';
import { seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

/** The public lists stay small: feeds and the embed carry the newest 50, 304 comes before any list, answers are compressed. */
describe('bounded public lists', () => {
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;

  beforeAll(async () => {
    t = await startTestApp('sqlite', { OUTBOX_ENABLED: 'false' });
    org = await seedOrganization(t, 'feeds');
    p = await signInAll(t, org);
    const id = await approvedMemo(p);
    await attachStandInPdf(t, org.organizationId, id);
    expect((await p.webmaster.post(`/api/memos/${id}/publish`, {})).status).toBe(200);
    // 54 more current publications, copied from the real one in SQL (publishing each through the API would take long).
    const dataSource = t.app.get(DataSource);
    for (let i = 1; i <= 54; i++) {
      await dataSource.query(
        `INSERT INTO publications (id, organization_id, memo_id, fiscal_year, ita_item_code, title, slug, status, storage_key, sha256, size, pages,
           document_number, approved_at, approval_trail, published_at, published_by, withdrawn_at, withdrawn_reason, superseded_by_id, supersedes_id)
         SELECT lower(hex(randomblob(4))) || '-0000-4000-8000-' || printf('%012d', ?), organization_id, memo_id, fiscal_year, ita_item_code,
           'ฉบับที่ ' || ?, 'copy-' || ?, status, storage_key, sha256, size, pages, document_number, approved_at, approval_trail,
           datetime(published_at, '-' || ? || ' days'), published_by, NULL, NULL, NULL, NULL
         FROM publications WHERE slug NOT LIKE 'copy-%'`,
        [i, i, i, i],
      );
    }
  });
  afterAll(() => t.close());

  test('the JSON and Atom feeds and the embed carry the newest 50; the organisation page has all', async () => {
    const json = await (await fetch(`${t.baseUrl}/p/feeds/feed.json`)).json();
    expect(json.items).toHaveLength(50);
    expect(json.items.map((i: { title: string }) => i.title)).not.toContain('ฉบับที่ 54');
    const atom = await (await fetch(`${t.baseUrl}/p/feeds/feed.atom`)).text();
    expect(atom.match(/<entry>/g)).toHaveLength(50);
    const embed = await (await fetch(`${t.baseUrl}/p/feeds/embed`)).text();
    expect(embed).not.toContain('ฉบับที่ 54');
    expect(embed).toContain('ฉบับที่ 49');
    expect(await (await fetch(`${t.baseUrl}/p/feeds`)).text()).toContain('ฉบับที่ 54');
  });

  test('a client whose copy is current gets 304 from the last publication date; an older copy gets the page', async () => {
    const first = await fetch(`${t.baseUrl}/p/feeds/feed.json`);
    const lastModified = first.headers.get('last-modified')!;
    await first.arrayBuffer();
    for (const path of ['/p/feeds', '/p/feeds/feed.json', '/p/feeds/feed.atom', '/p/feeds/embed']) {
      const again = await fetch(`${t.baseUrl}${path}`, { headers: { 'if-modified-since': lastModified } });
      expect([path, again.status]).toEqual([path, 304]);
      const older = await fetch(`${t.baseUrl}${path}`, { headers: { 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() } });
      expect([path, older.status]).toEqual([path, 200]);
      await older.arrayBuffer();
    }
  });

  test('HTML, JSON and feeds are compressed with brotli or gzip as asked; PDFs are not', async () => {
    const { request } = await import('node:http');
    const encodingOf = (path: string, accept: string) =>
      new Promise<string | undefined>((resolve, reject) => {
        const req = request(`${t.baseUrl}${path}`, { headers: { 'accept-encoding': accept } }, (res) => {
          res.resume();
          resolve(res.headers['content-encoding']);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await encodingOf('/p/feeds', 'br, gzip')).toBe('br');
    expect(await encodingOf('/p/feeds/feed.json', 'gzip')).toBe('gzip');
    expect(await encodingOf('/p/feeds/feed.atom', 'gzip')).toBe('gzip');
    expect(await encodingOf('/api/openapi.json', 'gzip')).toBe('gzip');
    expect(await encodingOf('/p/feeds', 'identity')).toBeUndefined();
    const json = await (await fetch(`${t.baseUrl}/p/feeds/feed.json`)).json();
    expect(await encodingOf(new URL(json.items[0].attachments[0].url).pathname, 'gzip, br')).toBeUndefined();
  });

  test('an answer sent whole is compressed in one piece with its length; streamed assets still are, chunked', async () => {
    const { request } = await import('node:http');
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const fetchRaw = (path: string, accept: string, method = 'GET') =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        const req = request(`${t.baseUrl}${path}`, { method, headers: { 'accept-encoding': accept } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end();
      });
    for (const path of ['/p/feeds', '/p/feeds/feed.json', '/api/openapi.json']) {
      const plain = await fetchRaw(path, 'identity');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toMatch(/Accept-Encoding/);
      for (const [accept, decode] of [['gzip', gunzipSync], ['br;q=1, gzip;q=0.5', brotliDecompressSync], ['gzip, deflate, br', brotliDecompressSync]] as const) {
        const packed = await fetchRaw(path, accept);
        expect([path, accept, packed.headers['content-encoding']]).toEqual([path, accept, decode === gunzipSync ? 'gzip' : 'br']);
        expect(Number(packed.headers['content-length'])).toBe(packed.body.length);
        expect(packed.headers['transfer-encoding']).toBeUndefined();
        expect(packed.headers.vary).toMatch(/Accept-Encoding/);
        expect(packed.body.length).toBeLessThan(plain.body.length / 3);
        expect(decode(packed.body).equals(plain.body)).toBe(true);
      }
      // HEAD: the headers of the body as it would be sent, none of it.
      const head = await fetchRaw(path, 'gzip', 'HEAD');
      expect(head.body.length).toBe(0);
      expect(head.headers['content-encoding']).toBeUndefined();
    }
    // Under a kilobyte: as it is.
    const small = await fetchRaw('/health', 'gzip, br');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString()).status).toBeDefined();
    // A static asset is streamed from disk: `compression` compresses it, chunked.
    const asset = await fetchRaw('/assets/site.css', 'gzip');
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.headers['transfer-encoding']).toBe('chunked');
    expect(gunzipSync(asset.body).toString()).toContain('{');
  });

  // Last: it withdraws what the others list.
  test('a withdrawal moves Last-Modified: a copy from before it gets the page without the withdrawn document, not 304', async () => {
    const dataSource = t.app.get(DataSource);
    // Everything an hour older, so that the withdrawal below is later by whole seconds (Last-Modified has no finer unit).
    await dataSource.query("UPDATE publications SET published_at = datetime(published_at, '-1 hour')");
    await dataSource.query("UPDATE organizations SET updated_at = datetime(updated_at, '-1 hour') WHERE id = ?", [org.organizationId]);
    const paths = ['/p/feeds', '/p/feeds/feed.json', '/p/feeds/feed.atom', '/p/feeds/embed'];
    const before = await fetch(`${t.baseUrl}/p/feeds`);
    const lastModified = before.headers.get('last-modified')!;
    await before.arrayBuffer();
    for (const path of paths) expect([path, (await fetch(`${t.baseUrl}${path}`, { headers: { 'if-modified-since': lastModified } })).status]).toEqual([path, 304]);

    const [real] = await dataSource.query("SELECT id, title FROM publications WHERE slug NOT LIKE 'copy-%'");
    const withdrawn = await p.webmaster.post(`/api/publications/${real.id}/withdraw`, { reason: 'เผยแพร่ผิดฉบับ' });
    expect(withdrawn.status).toBe(200);
    for (const path of paths) {
      const again = await fetch(`${t.baseUrl}${path}`, { headers: { 'if-modified-since': lastModified } });
      expect([path, again.status]).toEqual([path, 200]);
      expect(Date.parse(again.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(lastModified));
      expect(await again.text()).not.toContain(real.title);
    }
  });
});
