import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';

/** Inclusive byte positions, as in an HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where Kasian keeps files (rendered and published PDFs): the local data directory (`LocalFileStorage`, the default)
 * or an S3-compatible bucket (`S3FileStorage`, see s3-file-storage.ts), chosen by `STORAGE`. Keys are the same in both.
 */
export abstract class FileStorage {
  /** Names the store in health reports and logs ("local", "s3"). */
  abstract readonly kind: string;
  /** Whole files only: a reader never sees half a file. */
  abstract put(key: string, data: Buffer): Promise<void>;
  abstract read(key: string): Promise<Buffer>;
  /** The file's bytes (or `range` of them) as a stream, for serving. */
  abstract open(key: string, range?: ByteRange): Promise<Readable>;
  /** The size in bytes, or null when there is no such file. */
  abstract size(key: string): Promise<number | null>;
  abstract remove(key: string): Promise<void>;
  /** Every key in the store (copying a store, checks). */
  abstract keys(): AsyncIterable<string>;
  /** Throws when the store cannot be reached (health). */
  abstract check(): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9/_.-]{0,200}$/;

/** Refuses a key that could leave the store's namespace (`..`, absolute, odd characters). */
export function checkStorageKey(key: string): string {
  if (!KEY.test(key) || key.includes('..') || key.includes('//')) throw new Error(`invalid storage key: ${key}`);
  return key;
}

export class LocalFileStorage extends FileStorage {
  readonly kind = 'local';
  private readonly root: string;

  constructor(dataDir: string) {
    super();
    this.root = resolve(dataDir, 'files');
  }

  private path(key: string): string {
    const path = join(this.root, checkStorageKey(key));
    if (!path.startsWith(this.root + sep)) throw new Error(`invalid storage key: ${key}`);
    return path;
  }

  /** Written to a temporary name and renamed, so a reader never sees half a file. */
  async put(key: string, data: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, path);
  }

  read(key: string): Promise<Buffer> {
    return readFile(this.path(key));
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.path(key);
    await stat(path);
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.path(key))).size;
    } catch {
      return null;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async *keys(): AsyncIterable<string> {
    let entries;
    try {
      entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.endsWith('.tmp')) continue;
      yield relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/');
    }
  }

  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }
}
