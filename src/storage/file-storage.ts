import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { storageProblemOf, storageUnavailable } from './storage-errors';

/** Whether the store takes writes now, and how much room it has left (when it can tell). */
export interface StorageReadiness {
  writable: boolean;
  /** Bytes free for Kasian's files; null when the store has no such limit to report (object storage). */
  freeBytes: number | null;
  location: string;
  error?: string;
}

/**
 * Where Kasian keeps files (rendered and published PDFs). The local implementation writes under `DATA_DIR/files`;
 * an S3-compatible store can implement the same interface.
 */
export abstract class FileStorage {
  abstract put(key: string, data: Buffer): Promise<void>;
  abstract read(key: string): Promise<Buffer>;
  abstract size(key: string): Promise<number | null>;
  abstract remove(key: string): Promise<void>;
  /** A local path for efficient serving (Range, ETag), when the store has one. */
  abstract localPath(key: string): string | null;
  /** Where the files are, as the operator knows it (a folder, a bucket). */
  abstract get location(): string;

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

export class LocalFileStorage extends FileStorage {
  private readonly root: string;

  constructor(dataDir: string) {
    super();
    this.root = resolve(dataDir, 'files');
  }

  get location(): string {
    return this.root;
  }

  localPath(key: string): string {
    if (!KEY.test(key) || key.includes('..')) throw new Error(`invalid storage key: ${key}`);
    const path = join(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`invalid storage key: ${key}`);
    return path;
  }

  /**
   * Written to a temporary name and renamed, so a reader never sees half a file. A write that fails (disk full,
   * read-only folder) removes its temporary file and answers 507 naming the folder.
   */
  async put(key: string, data: Buffer): Promise<void> {
    const path = this.localPath(key);
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

  read(key: string): Promise<Buffer> {
    return readFile(this.localPath(key));
  }

  /** The file system's two answers this class depends on, apart (a test stands in a full disk where it cannot mount one). */
  protected write(path: string, data: Buffer): Promise<void> {
    return writeFile(path, data);
  }

  protected async freeBytes(): Promise<number> {
    const fs = await statfs(this.root);
    return fs.bavail * fs.bsize;
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.localPath(key))).size;
    } catch {
      return null;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true });
  }

  override async readiness(): Promise<StorageReadiness> {
    const probe = await super.readiness();
    try {
      await mkdir(this.root, { recursive: true });
      return { ...probe, freeBytes: await this.freeBytes() };
    } catch (error) {
      return { ...probe, writable: false, error: probe.error ?? String((error as Error)?.message ?? error) };
    }
  }
}
