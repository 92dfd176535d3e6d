import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { DataSource } from 'typeorm';
import { copyStoredFiles } from '../src/storage/copy-files';
import { FileStorage, LocalFileStorage } from '../src/storage/file-storage';
import { S3FileStorage } from '../src/storage/s3-file-storage';
import { rawGet } from './support/http-client';
import { approvedMemo, attachStandInPdf, signInAll } from './support/journey';
import { startS3, type TestS3 } from './support/s3-server';

/** The operator's token: /health/ready shows its checks to it. */
const HEALTH_TOKEN = 'storage-operator-token-0123456789';
import { seedOrganization, startTestApp, type TestApp } from './support/test-app';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3.close());

function bucket(prefix?: string): S3FileStorage {
  return new S3FileStorage({
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    prefix,
  });
}

describe.each(['local', 's3'])('FileStorage: %s', (kind) => {
  let storage: FileStorage;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kasian-store-'));
    storage = kind === 'local' ? new LocalFileStorage(dir) : bucket(`contract-${Date.now()}`);
  });
  afterAll(() => {
    if (storage instanceof S3FileStorage) storage.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test('put, read, size, a range, keys, remove', async () => {
    const data = Buffer.from('0123456789abcdefghij');
    await storage.put('rendered/org-1/a.pdf', data);
    await storage.put('publications/org-1/b.pdf', Buffer.from('second'));
    expect(await storage.read('rendered/org-1/a.pdf')).toEqual(data);
    expect(await storage.size('rendered/org-1/a.pdf')).toBe(20);
    expect(await storage.size('rendered/org-1/missing.pdf')).toBeNull();
    expect(await text(await storage.open('rendered/org-1/a.pdf', { start: 3, end: 7 }))).toBe('34567');
    expect(await text(await storage.open('rendered/org-1/a.pdf'))).toBe(data.toString());
    const keys: string[] = [];
    for await (const key of storage.keys()) keys.push(key);
    expect(keys.sort()).toEqual(['publications/org-1/b.pdf', 'rendered/org-1/a.pdf']);
    await storage.remove('rendered/org-1/a.pdf');
    expect(await storage.size('rendered/org-1/a.pdf')).toBeNull();
    await expect(storage.open('rendered/org-1/a.pdf')).rejects.toThrow();
    await expect(storage.check()).resolves.toBeUndefined();
  });

  test('a key that could leave the store is refused', async () => {
    for (const key of ['../etc/passwd', '/abs.pdf', 'a//b.pdf', 'A.pdf', 'a/../../b.pdf']) {
      await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow('invalid storage key');
    }
  });
});

test('the S3 store reports an unreachable bucket', async () => {
  const missing = new S3FileStorage({ bucket: 'no-such-bucket', endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  await expect(missing.check()).rejects.toThrow();
  missing.destroy();
});

/** Kasian with STORAGE=s3: the published PDF lives in the bucket only, and is served with ETag, 304 and ranges. */
describe('publishing into a bucket', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { ...s3.env, S3_PREFIX: 'serve', OUTBOX_ENABLED: 'false', HEALTH_TOKEN });
  });
  afterAll(() => t.close());

  test('the PDF is served from the bucket with ETag, Last-Modified, 304, Range, If-Range and 416', async () => {
    const org = await seedOrganization(t, 's3pub');
    const p = await signInAll(t, org);
    const id = await approvedMemo(p);
    await attachStandInPdf(t, org.organizationId, id, 3);
    const published = await p.webmaster.post(`/api/memos/${id}/publish`, {});
    expect(published.status).toBe(200);
    const url = `${t.baseUrl}${new URL(published.body.url).pathname}.pdf`;

    // Not on this instance's disk: in the bucket, under the prefix.
    expect(existsSync(join(t.databaseEnv.DATA_DIR, 'files'))).toBe(false);
    const inBucket = bucket('serve');
    const keys: string[] = [];
    for await (const key of inBucket.keys()) keys.push(key);
    expect(keys.sort()).toEqual([`publications/${org.organizationId}/${published.body.id}.pdf`, `rendered/${org.organizationId}/${id}-stand-in.pdf`]);
    inBucket.destroy();

    const whole = await fetch(url);
    const pdf = Buffer.from(await whole.arrayBuffer());
    expect(whole.status).toBe(200);
    expect(sha256(pdf)).toBe(published.body.sha256);
    expect(whole.headers.get('etag')).toBe(`"${published.body.sha256}"`);
    expect(whole.headers.get('content-length')).toBe(String(pdf.length));
    expect(whole.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');

    expect((await rawGet(t.baseUrl, new URL(url).pathname, { 'if-none-match': whole.headers.get('etag')! })).status).toBe(304);
    expect((await rawGet(t.baseUrl, new URL(url).pathname, { 'if-modified-since': whole.headers.get('last-modified')! })).status).toBe(304);

    const part = await fetch(url, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${pdf.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(pdf.subarray(100, 200));
    const tail = await fetch(url, { headers: { range: 'bytes=-50' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(pdf.subarray(pdf.length - 50));

    const stale = await fetch(url, { headers: { range: 'bytes=0-9', 'if-range': '"an-older-version"' } });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(pdf.length);
    const current = await fetch(url, { headers: { range: 'bytes=0-9', 'if-range': whole.headers.get('etag')! } });
    expect(current.status).toBe(206);
    await current.arrayBuffer();

    const beyond = await fetch(url, { headers: { range: `bytes=${pdf.length + 10}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${pdf.length}`);
    await beyond.arrayBuffer();

    // Readiness names the store and reports the outbox (on SQLite as on MySQL), to the operator.
    const health = await (await fetch(`${t.baseUrl}/health/ready`, { headers: { authorization: `Bearer ${HEALTH_TOKEN}` } })).json();
    expect(health.checks.storage).toMatchObject({ up: true, details: { kind: 's3', writable: true, freeBytes: null } });
    expect(health.checks.outbox).toMatchObject({ up: true, details: { role: 'all', runsJobs: false, failed: 0 } });

    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(pdf.length));
  });
});

/** Moving a deployment from local files to a bucket: copy, check every SHA-256, then serve from the bucket. */
describe('copying local files into a bucket', () => {
  let local: TestApp;
  beforeAll(async () => {
    local = await startTestApp('mysql', { OUTBOX_ENABLED: 'false' });
  });
  afterAll(() => local.close());

  test('every file is copied and checked; a second run copies nothing; a damaged file is named, not copied', async () => {
    const org = await seedOrganization(local, 'copyorg');
    const p = await signInAll(local, org);
    const first = await approvedMemo(p);
    await attachStandInPdf(local, org.organizationId, first);
    const published = await p.webmaster.post(`/api/memos/${first}/publish`, {});
    expect(published.status).toBe(200);
    const second = await approvedMemo(p, 'ฉบับที่สอง');
    await attachStandInPdf(local, org.organizationId, second, 1);

    const dataSource = local.app.get(DataSource);
    const from = new LocalFileStorage(local.databaseEnv.DATA_DIR);
    const to = bucket('copy');
    try {
      const report = await copyStoredFiles(dataSource, from, to);
      expect(report).toEqual({ copied: 3, alreadyThere: 0, problems: [] });
      const key = `publications/${org.organizationId}/${published.body.id}.pdf`;
      expect(sha256(await to.read(key))).toBe(published.body.sha256);

      expect(await copyStoredFiles(dataSource, from, to)).toEqual({ copied: 0, alreadyThere: 3, problems: [] });

      // A file damaged on disk is not copied over the good copy, and is named.
      const renderedKey = `rendered/${org.organizationId}/${second}-stand-in.pdf`;
      const path = join(local.databaseEnv.DATA_DIR, 'files', renderedKey);
      const good = readFileSync(path);
      writeFileSync(path, Buffer.concat([good, Buffer.from('x')]));
      await to.remove(renderedKey);
      const damaged = await copyStoredFiles(dataSource, from, to);
      expect(damaged.copied).toBe(0);
      expect(damaged.problems).toEqual([{ key: renderedKey, problem: expect.stringContaining('is not the recorded') }]);
      expect(await to.size(renderedKey)).toBeNull();
      writeFileSync(path, good);
    } finally {
      to.destroy();
    }

    // The same database, served by a process on the bucket.
    const onBucket = await startTestApp('mysql', { ...s3.env, S3_PREFIX: 'copy', OUTBOX_ENABLED: 'false' }, { sharing: local });
    try {
      const pdf = await fetch(`${onBucket.baseUrl}${new URL(published.body.url).pathname}.pdf`);
      expect(pdf.status).toBe(200);
      expect(sha256(Buffer.from(await pdf.arrayBuffer()))).toBe(published.body.sha256);
    } finally {
      await onBucket.close();
    }
  });
});
