import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { storageProblemOf, storageUnavailable } from './storage-errors';

/** Whether the store takes writes now, and how much room it has left (when it can tell). */
export interface StorageReadiness {
  writable: boolean;
  /** Bytes free for Kasian's files; null when the store has no such limit to report (object storage). */
  freeBytes: number | null;
  location: string;
  error?: string;
}

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

  /** Where the files are, as the operator knows it (a folder; for a bucket, its kind unless it says more). */
  get location(): string {
    return this.kind;
  }

  /** For readiness: writes and removes a small probe file. */
  async readiness(): Promise<StorageReadiness> {
    const key = `health/probe-${randomBytes(6).toString('hex')}`;
    try {
      await this.put(key, Buffer.from('kasian readiness probe\n'));
      await this.remove(key);
      return { writable: true, freeBytes: null, location: this.location };
    } catch (error) {
      return { writable: false, freeBytes: null, location: this.location, error: String((error as Error)?.message ?? error) };
    }
  }
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

  override get location(): string {
    return this.root;
  }

  private path(key: string): string {
    const path = join(this.root, checkStorageKey(key));
    if (!path.startsWith(this.root + sep)) throw new Error(`invalid storage key: ${key}`);
    return path;
  }

  /**
   * Written to a temporary name and renamed, so a reader never sees half a file. A write that fails (disk full,
   * read-only folder) removes its temporary file and answers 507 naming the folder.
   */
  async put(key: string, data: Buffer): Promise<void> {
    const path = this.path(key);
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await this.write(temporary, data);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      const problem = storageProblemOf(error);
      if (problem) throw storageUnavailable(problem, this.root);
      throw error;
    }
  }

  /** The file system's two answers this class depends on, apart (a test stands in a full disk where it cannot mount one). */
  protected write(path: string, data: Buffer): Promise<void> {
    return writeFile(path, data);
  }

  protected async freeBytes(): Promise<number> {
    const fs = await statfs(this.root);
    return fs.bavail * fs.bsize;
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

  override async readiness(): Promise<StorageReadiness> {
    const probe = await super.readiness();
    try {
      await this.check();
      return { ...probe, freeBytes: await this.freeBytes() };
    } catch (error) {
      return { ...probe, writable: false, error: probe.error ?? String((error as Error)?.message ?? error) };
    }
  }
}
