import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { storageProblemOf } from './storage-errors';

export class DataDirUnwritableError extends Error {
  constructor(readonly path: string, cause: unknown) {
    const code = (cause as { code?: string })?.code;
    const problem = storageProblemOf(cause);
    const why = problem === 'full' ? 'it is full' : problem === 'read-only' ? 'it is read-only or not writable by this user' : String((cause as Error)?.message ?? cause);
    super(
      `DATA_DIR ${path} cannot be written (${code ?? 'error'}: ${why}). Kasian keeps its files there: make it writable or set DATA_DIR to a writable folder.\n` +
        `เขียนโฟลเดอร์ข้อมูล DATA_DIR ${path} ไม่ได้ ให้แก้สิทธิ์หรือพื้นที่ของโฟลเดอร์นี้ หรือตั้ง DATA_DIR เป็นโฟลเดอร์ที่เขียนได้`,
    );
    this.name = 'DataDirUnwritableError';
  }
}

/** At start: Kasian writes its files (and the embedded database) under DATA_DIR, so it must be writable. */
export function assertDataDirWritable(dataDir: string): void {
  const probe = join(dataDir, `.kasian-write-probe-${process.pid}`);
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(probe, 'probe\n');
    rmSync(probe, { force: true });
  } catch (error) {
    throw new DataDirUnwritableError(dataDir, error);
  }
}
