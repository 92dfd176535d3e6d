import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { FileStorage } from './file-storage';

export interface CopyProblem {
  key: string;
  problem: string;
}

export interface CopyReport {
  /** Copied now, read back and found equal. */
  copied: number;
  /** Already in the target with the same bytes (a second run copies nothing twice). */
  alreadyThere: number;
  problems: CopyProblem[];
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Every stored file the database names, with the SHA-256 recorded when it was written. */
async function recordedHashes(dataSource: DataSource): Promise<Map<string, string>> {
  const rows: { storage_key: string; sha256: string }[] = [
    ...(await dataSource.query('SELECT storage_key, sha256 FROM rendered_documents')),
    ...(await dataSource.query('SELECT storage_key, sha256 FROM publications')),
  ];
  return new Map(rows.map((r) => [r.storage_key, r.sha256]));
}

/**
 * Copies every file of `from` into `to` (local files into a bucket, before switching `STORAGE` to s3) and checks
 * every copy: a file the database names must have the SHA-256 the database recorded, here and after reading it
 * back from the target; any other file must read back as it was. Files the database names but `from` lacks are
 * problems unless the target already holds them intact. Safe to run again: intact copies are left alone.
 */
export async function copyStoredFiles(
  dataSource: DataSource,
  from: FileStorage,
  to: FileStorage,
  progress: (key: string, outcome: 'copied' | 'already there' | 'problem') => void = () => undefined,
): Promise<CopyReport> {
  const expected = await recordedHashes(dataSource);
  const report: CopyReport = { copied: 0, alreadyThere: 0, problems: [] };
  const seen = new Set<string>();
  const problem = (key: string, text: string) => {
    report.problems.push({ key, problem: text });
    progress(key, 'problem');
  };

  for await (const key of from.keys()) {
    seen.add(key);
    const data = await from.read(key);
    const hash = sha256(data);
    const recorded = expected.get(key);
    if (recorded && recorded !== hash) {
      problem(key, `the source file's SHA-256 ${hash} is not the recorded ${recorded}: not copied`);
      continue;
    }
    if ((await to.size(key)) === data.length && sha256(await to.read(key)) === hash) {
      report.alreadyThere++;
      progress(key, 'already there');
      continue;
    }
    await to.put(key, data);
    const copy = sha256(await to.read(key));
    if (copy !== hash) {
      problem(key, `the copy reads back with SHA-256 ${copy}, not ${hash}`);
      continue;
    }
    report.copied++;
    progress(key, 'copied');
  }

  for (const [key, recorded] of expected) {
    if (seen.has(key)) continue;
    const there = (await to.size(key)) !== null ? sha256(await to.read(key)) : null;
    if (there === recorded) {
      report.alreadyThere++;
      progress(key, 'already there');
    } else {
      problem(key, there ? `missing from the source; the target's copy has SHA-256 ${there}, not the recorded ${recorded}` : 'missing from the source and from the target');
    }
  }
  return report;
}
