/**
 * This machine's floor for bench:workflow: the same 32 clients and the same transitions, against a server that does
 * only the database work of a transition (bench/support/floor-server.ts: node:http, raw SQL, one transaction with
 * the same writes, no framework, no ORM, no validation, no statechart). Kasian cannot beat what this prints on the
 * same machine, so it tells how far a benchmark target is within reach of any implementation here.
 *
 *   npm run bench:workflow-floor           # same variables as bench:workflow (BENCH_MEMOS, BENCH_CLIENTS, …)
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { benchDatabase, drive, prepareMemos, seedOrganizations, startKasian } from './support/workflow-harness';

const MEMOS = Number(process.env.BENCH_MEMOS ?? 800);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const ORGANIZATIONS = Math.max(1, Number(process.env.BENCH_ORGANIZATIONS ?? 1));

function startFloorServer(databaseUrl: string): Promise<{ pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(__dirname, '../dist/bench/support/floor-server.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(PORT) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) {
        resolve({ pid: child.pid as number, stop: () => new Promise<void>((done) => (child.on('exit', () => done()), child.kill('SIGTERM'))) });
      }
    });
    child.on('exit', (code) => reject(new Error(`floor server exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  try {
    await seedOrganizations(database.url, ORGANIZATIONS);
    // Kasian creates the sessions and the draft memos, then makes way for the floor server on the same port.
    const kasian = await startKasian(database.url, PORT);
    const url = `http://127.0.0.1:${PORT}`;
    const organizations = await prepareMemos(url, ORGANIZATIONS, MEMOS).finally(() => kasian.stop());
    const floor = await startFloorServer(database.url);
    try {
      await drive({ title: 'Workflow floor (node:http + raw SQL, same writes)', url, organizations, clients: CLIENTS, serverPid: floor.pid, databasePid: database.serverPid });
    } finally {
      await floor.stop();
    }
  } finally {
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
