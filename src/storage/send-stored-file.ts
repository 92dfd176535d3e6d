import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { ByteRange, FileStorage } from './file-storage';

export interface StoredFile {
  storageKey: string;
  sha256: string;
  size: number;
  lastModified: Date;
}

/**
 * Serves a stored file from whichever store holds it, streamed through Kasian: the same strong ETag (its SHA-256),
 * Last-Modified, 304 and single-range 206 from every process, whether the bytes come from the data directory or
 * from a bucket. (A redirect to a signed bucket URL would hand out an address that expires, cache badly and needs
 * the bucket reachable from the public; see docs/operations.md.)
 */
export async function sendStoredFile(
  request: Request,
  response: Response,
  storage: FileStorage,
  file: StoredFile,
  headers: Record<string, string>,
): Promise<void> {
  const etag = `"${file.sha256}"`;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader('ETag', etag);
  response.setHeader('Last-Modified', file.lastModified.toUTCString());
  response.setHeader('Accept-Ranges', 'bytes');
  if (request.fresh) {
    response.status(304).end();
    return;
  }
  const range = requestedRange(request, file, etag);
  if (range === 'unsatisfiable') {
    response.status(416).setHeader('Content-Range', `bytes */${file.size}`);
    response.end();
    return;
  }
  if (range) {
    response.status(206).setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
  }
  response.setHeader('Content-Length', String(range ? range.end - range.start + 1 : file.size));
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const body = await storage.open(file.storageKey, range ?? undefined);
  try {
    await pipeline(body, response);
  } catch (error) {
    // The reader went away (a PDF viewer cancels ranges it no longer needs), or the store failed mid-file: nothing
    // more can be said once the headers are out.
    if (!response.headersSent) throw error;
    response.destroy();
  }
}

/** One range, honoured only while the client's copy (If-Range) is still the current one; several ranges get the whole file. */
function requestedRange(request: Request, file: StoredFile, etag: string): ByteRange | 'unsatisfiable' | null {
  if (!request.headers.range) return null;
  const ifRange = request.get('If-Range');
  if (ifRange && ifRange !== etag) {
    const date = Date.parse(ifRange);
    if (Number.isNaN(date) || Math.floor(file.lastModified.getTime() / 1000) > Math.floor(date / 1000)) return null;
  }
  const ranges = request.range(file.size, { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === -2 || ranges === undefined || ranges.type !== 'bytes' || ranges.length !== 1) return null;
  return { start: ranges[0].start, end: ranges[0].end };
}
