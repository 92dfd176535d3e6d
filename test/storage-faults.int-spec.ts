import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStorage } from '../src/storage/file-storage';
import { approvedMemo, attachStandInPdf, signInAll, type People } from './support/journey';
import { seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

const HEALTH_TOKEN = 'operator-health-token-0123456789';

/** Whether this machine lets the test mount a filesystem (as root it usually does; CI may not). */
function canMount(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'kasian-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** A data folder that can be filled up and freed again. */
interface FillableDisk {
  dir: string;
  fill(): void;
  free(): void;
  cleanup(): void;
}

/** A small tmpfs, filled with a file until the kernel says ENOSPC. */
function tmpfsDisk(): FillableDisk {
  const dir = mkdtempSync(join(tmpdir(), 'kasian-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir]);
  const filler = join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      try {
        for (const size of [1024 * 1024, 4096, 1]) {
          const chunk = Buffer.alloc(size, 1);
          try {
            for (;;) writeSync(fd, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
    cleanup() {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Where mounting is not allowed: the app's own LocalFileStorage is made to meet a full disk — a write that stops part
 * way with ENOSPC, and no free space — through its two file-system seams.
 */
function reportedFullDisk(app: () => TestApp): FillableDisk {
  const dir = mkdtempSync(join(tmpdir(), 'kasian-full-'));
  const restore: (() => void)[] = [];
  const noSpace = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  return {
    dir,
    fill() {
      const storage = app().app.get(FileStorage) as unknown as { write: (path: string, data: Buffer) => Promise<void>; freeBytes: () => Promise<number> };
      const { write, freeBytes } = storage;
      storage.write = async (path, data) => {
        await write.call(storage, path, data.subarray(0, Math.floor(data.length / 2)));
        throw noSpace();
      };
      storage.freeBytes = async () => 0;
      restore.push(() => Object.assign(storage, { write, freeBytes }));
    },
    free: () => restore.splice(0).forEach((undo) => undo()),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const temporaryFiles = (dir: string): string[] =>
  (readdirSync(dir, { recursive: true }) as string[]).filter((name) => name.endsWith('.tmp'));

// KASIAN_TEST_NO_MOUNT=1 runs the fallback where mounting works too.
const mountable = !process.env.KASIAN_TEST_NO_MOUNT && canMount();

describe(`a full data folder (${mountable ? 'a 16 MB tmpfs filled to ENOSPC' : 'mounting not allowed here: a file system that reports ENOSPC'})`, () => {
  let disk: FillableDisk;
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;

  beforeAll(async () => {
    disk = mountable ? tmpfsDisk() : reportedFullDisk(() => t);
    t = await startTestApp('mysql', { DATA_DIR: disk.dir, STORAGE_MIN_FREE_MB: '1', HEALTH_TOKEN, OUTBOX_ENABLED: 'false' });
    org = await seedOrganization(t, 'diskfull');
    p = await signInAll(t, org);
  });
  afterAll(async () => {
    disk?.free();
    await t?.close();
    disk?.cleanup();
  });

  const readiness = async () => {
    const response = await fetch(`${t.baseUrl}/health/ready`, { headers: { authorization: `Bearer ${HEALTH_TOKEN}` } });
    return { status: response.status, body: await response.json() };
  };

  test('a publish answers 507 naming the folder, leaves no .tmp file and changes nothing; readiness is down; with space again both recover', async () => {
    const id = await approvedMemo(p);
    await attachStandInPdf(t, org.organizationId, id);
    expect((await readiness()).status).toBe(200);

    disk.fill();
    try {
      const refused = await p.webmaster.post(`/api/memos/${id}/publish`, {});
      expect(refused.status).toBe(507);
      expect(refused.body.code).toBe('STORAGE_UNAVAILABLE');
      expect(refused.body.message).toContain(join(disk.dir, 'files'));
      expect(refused.body.messageEn).toContain(join(disk.dir, 'files'));
      expect(temporaryFiles(join(disk.dir, 'files'))).toEqual([]);
      expect((await p.author.get(`/api/reports/${id}`)).body.status).not.toBe('published');

      const down = await readiness();
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('down');
      expect(down.body.checks.storage.up).toBe(false);
      expect(down.body.checks.database.up).toBe(true);
      // The public answer says no more than that.
      expect(await (await fetch(`${t.baseUrl}/health/ready`)).json()).toEqual({ status: 'down' });
    } finally {
      disk.free();
    }

    const up = await readiness();
    expect(up.status).toBe(200);
    expect(up.body.checks.storage).toMatchObject({ up: true, details: { writable: true } });
    const published = await p.webmaster.post(`/api/memos/${id}/publish`, {});
    expect(published.status).toBe(200);
    const file = await fetch(`${t.baseUrl}${new URL(published.body.url).pathname}.pdf`);
    expect(file.status).toBe(200);
    expect(temporaryFiles(join(disk.dir, 'files'))).toEqual([]);
  });
});

describe('a data folder Kasian cannot write at start', () => {
  /** A read-only mount where allowed; otherwise a folder under /sys, which not even root can create. */
  function unwritableDir(): { dir: string; cleanup(): void } {
    if (!mountable) return { dir: '/sys/kasian-data', cleanup: () => undefined };
    const dir = mkdtempSync(join(tmpdir(), 'kasian-readonly-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', dir]);
    return {
      dir,
      cleanup() {
        execFileSync('umount', ['-l', dir]);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  test('stops start-up at once with a message naming the path (exit 73)', async () => {
    const { dir, cleanup } = unwritableDir();
    try {
      const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '../src/main.ts')], {
        env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dir, DATABASE_URL: '', PORT: '3999', LOG_LEVEL: 'silent', DEMO_DATA: 'false' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(73);
      expect(stderr).toContain(`DATA_DIR ${dir} cannot be written`);
      expect(stderr).toContain('DATA_DIR');
      if (mountable) {
        expect(stderr).toContain('EROFS');
        expect(statSync(dir).isDirectory()).toBe(true);
      }
    } finally {
      cleanup();
    }
  });
});
