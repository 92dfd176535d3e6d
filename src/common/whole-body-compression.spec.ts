import express from 'express';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { compressWholeBodies } from './whole-body-compression';

const TEXT = 'รายงานผลการดำเนินงาน '.repeat(200);

describe('compressWholeBodies', () => {
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(compressWholeBodies);
    app.get('/csv', (_req, res) => void res.type('text/csv').send(TEXT));
    app.get('/pdf', (_req, res) => void res.type('application/pdf').send(Buffer.from(TEXT)));
    app.get('/no-transform', (_req, res) => void res.set('Cache-Control', 'public, no-transform').type('text/html').send(TEXT));
    app.get('/encoded', (_req, res) => void res.set('Content-Encoding', 'gzip').type('text/plain').send(Buffer.from(TEXT)));
    app.get('/streamed', (_req, res) => {
      res.type('text/plain');
      res.write(TEXT);
      res.end(TEXT);
    });
    await new Promise<void>((resolve) => (server = app.listen(0, '127.0.0.1', () => resolve())));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const get = (path: string, accept = 'gzip') =>
    new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      request(`${base}${path}`, { headers: { 'accept-encoding': accept } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });

  test('a text type is compressed whole, with its length and charset kept', async () => {
    const csv = await get('/csv');
    expect(csv.headers['content-encoding']).toBe('gzip');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(Number(csv.headers['content-length'])).toBe(csv.body.length);
    expect(gunzipSync(csv.body).toString()).toBe(TEXT);
  });

  test('left as they are: a PDF, no-transform, a body already encoded, one the handler streamed, a refused encoding', async () => {
    for (const path of ['/pdf', '/no-transform', '/streamed']) {
      const answer = await get(path);
      expect([path, answer.headers['content-encoding']]).toEqual([path, undefined]);
      expect(answer.body.toString()).toBe(path === '/streamed' ? TEXT + TEXT : TEXT);
    }
    const encoded = await get('/encoded');
    expect(encoded.headers['content-encoding']).toBe('gzip');
    expect(encoded.body.toString()).toBe(TEXT);
    expect((await get('/csv', 'gzip;q=0, br;q=0')).headers['content-encoding']).toBeUndefined();
  });
});
