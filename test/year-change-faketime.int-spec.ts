import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import seed003 from './fixtures/seed-003-memo-implementation.json';
import { HttpClient } from './support/http-client';
import { DIALECTS, freshDatabase } from './support/test-app';

const ROOT = join(__dirname, '..');

/** A port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

interface Running {
  child: ChildProcess;
  output: () => string;
  baseUrl: string;
}

/**
 * Kasian as `npm start` runs it (development, demo data), under Debian's faketime: the whole process — Node's clock,
 * the embedded SQLite — believes it is `at` (Bangkok time, as faketime reads it with TZ=Asia/Bangkok).
 */
async function startAt(at: string, env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child = spawn('faketime', ['-f', `@${at}`, process.execPath, '-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TZ: 'Asia/Bangkok', NODE_ENV: 'development', DEMO_DATA: 'true', LOG_LEVEL: 'silent', PORT: String(port), HOST: '127.0.0.1', OUTBOX_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // faketime runs Kasian as its child: the group is stopped as one, so that no Kasian outlives the test.
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`Kasian did not start under faketime:\n${output}`));
    }, 90_000);
    const check = () => {
      if (output.includes('is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Kasian exited (${code}) under faketime:\n${output}`));
    });
  });
  return { child, output: () => output, baseUrl: `http://127.0.0.1:${port}` };
}

async function stop(running: Running): Promise<void> {
  if (running.child.exitCode !== null) return;
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  process.kill(-running.child.pid!, 'SIGTERM');
  await exited;
}

/** Signs in as the demo section head and submits a new undated memo: its number, register year and date. */
async function submitOne(baseUrl: string, password: string, subject: string) {
  const author = new HttpClient(baseUrl);
  expect((await author.login('sujin', password)).status).toBe(200);
  const { date: _date, ...memo } = structuredClone(seed003).memo as Record<string, unknown>;
  const created = await author.post('/api/reports/import', { ...structuredClone(seed003), memo: { ...memo, subject } });
  expect(created.status).toBe(201);
  const submitted = await author.post(`/api/memos/${created.body.id}/transitions`, { event: 'SUBMIT' });
  expect(submitted.status).toBe(200);
  const document = await author.get(`/api/reports/${created.body.id}`);
  return { documentNumber: submitted.body.documentNumber, registerYear: submitted.body.registerYear, date: document.body.memo.date };
}

describe.each(DIALECTS)('Kasian under faketime across New Year on %s', (dialect) => {
  test('started at 23:58 on 31 December and again at 00:05 on 1 January, it submits a memo both times, each numbered ๑ of its year', async () => {
    const database = await freshDatabase(dialect);
    try {
      const before = await startAt('2026-12-31 23:58:00', database.env);
      let password: string;
      let old: Awaited<ReturnType<typeof submitOne>>;
      try {
        password = /^\s+sujin\s+(\S+)/m.exec(before.output())?.[1] ?? '';
        expect(password).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
        old = await submitOne(before.baseUrl, password, 'ส่งก่อนสิ้นปี');
      } finally {
        await stop(before);
      }
      expect(old).toEqual({ documentNumber: expect.stringMatching(/\/๑$/), registerYear: 2569, date: '2026-12-31' });

      const after = await startAt('2027-01-01 00:05:00', database.env);
      try {
        const young = await submitOne(after.baseUrl, password, 'ส่งต้นปีใหม่');
        expect(young).toEqual({ documentNumber: old.documentNumber, registerYear: 2570, date: '2027-01-01' });
      } finally {
        await stop(after);
      }
    } finally {
      await database.drop();
    }
  }, 240_000);
});
