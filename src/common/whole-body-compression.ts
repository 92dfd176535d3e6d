import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// negotiator (Express's own, through `accepts`) ships no types: the one call used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Negotiator = require('negotiator') as new (request: { headers: IncomingHttpHeaders }) => {
  encoding(available: string[], options: { preferred: string[] }): string | undefined;
};

/**
 * Below this a body is sent as it is, here and by `compression` (bootstrap.ts): the encoding's own bytes and the work
 * would outweigh what is saved.
 */
export const COMPRESSION_THRESHOLD_BYTES = 1024;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

type End = Response['end'];

/**
 * gzip or brotli, as the client prefers (brotli when it takes both), for an answer sent whole: `res.send` and
 * `res.json`, so every page, JSON answer and feed. One synchronous step with its length known, where the
 * `compression` library pipes the body through a zlib stream on the thread pool and sends it chunked. For the 37 kB
 * page of search results, that stream made the answer 2.2 ms slower at p50 and 5 ms at p95 than not compressing;
 * gzip of the whole body takes 0.4 ms (docs/benchmarks.md, 2026-12-01). Streamed answers (the static assets) are
 * left to `compression`, registered before this, which passes on what is already encoded. Which types are
 * compressible is `compression`'s own decision (`compression.filter`), and so is `Vary: Accept-Encoding`, which it
 * adds to every such answer as its headers are written, compressed here or not.
 */
export function compressWholeBodies(request: Request, response: Response, next: NextFunction): void {
  const end = response.end as (...args: unknown[]) => Response;
  response.end = function (this: Response, chunk?: unknown, encoding?: unknown, callback?: unknown) {
    const textEncoding = typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8';
    const length = typeof chunk === 'string' ? Buffer.byteLength(chunk, textEncoding) : Buffer.isBuffer(chunk) ? chunk.length : -1;
    const method = length >= 0 && !this.headersSent ? chosenEncoding(request, this, length) : undefined;
    if (!method) return end.call(this, chunk, encoding, callback);
    const body = typeof chunk === 'string' ? Buffer.from(chunk, textEncoding) : (chunk as Buffer);
    const compressed =
      method === 'br'
        ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: length } })
        : gzipSync(body);
    this.setHeader('Content-Encoding', method);
    this.setHeader('Content-Length', compressed.length);
    return end.call(this, compressed, typeof encoding === 'function' ? encoding : callback);
  } as End;
  next();
}

/** The encoding to send a body of `length` bytes in, or none: as `compression` decides, for a body known whole. */
function chosenEncoding(request: Request, response: Response, length: number): 'br' | 'gzip' | undefined {
  if (!compression.filter(request, response) || NO_TRANSFORM.test(String(response.getHeader('Cache-Control') ?? ''))) return undefined;
  if (request.method === 'HEAD' || length < COMPRESSION_THRESHOLD_BYTES) return undefined;
  if (String(response.getHeader('Content-Encoding') ?? 'identity') !== 'identity') return undefined;
  const method = new Negotiator(request).encoding(['br', 'gzip', 'identity'], { preferred: ['br', 'gzip'] });
  return method === 'br' || method === 'gzip' ? method : undefined;
}
