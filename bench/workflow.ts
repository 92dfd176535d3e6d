/**
 * Workflow throughput over real HTTP against MariaDB: 32 concurrent clients drive memos through
 * SUBMIT → FORWARD → APPROVE and the script prints transitions/s and latency percentiles.
 *
 *   npm run bench:workflow                 # throwaway MariaDB (Debian's mariadb-server)
 *   BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/ npm run bench:workflow
 *   BENCH_MEMOS=600 BENCH_CLIENTS=32 npm run bench:workflow
 *   BENCH_OUTBOX=true npm run bench:workflow   # also run the outbox worker (mail, PDF rendering) in the server
 *   BENCH_ORGANIZATIONS=32 npm run bench:workflow  # spread the memos over 32 organisations (default: all in one)
 * All in one organisation is the hard case: every SUBMIT takes the same register row for its document number.
 * The outbox is off by default: approvals queue PDF renders, which bench:render measures; here transitions count.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { cpuMs } from './support/process-cpu';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { NestFactory } from '@nestjs/core';
import { startMariaDb, stopMariaDb } from '../test/support/mariadb-server';
import { HttpClient } from '../test/support/http-client';
import { resetEnvironmentCache } from '../src/config/configuration';

const MEMOS = Number(process.env.BENCH_MEMOS ?? 800);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const ORGANIZATIONS = Math.max(1, Number(process.env.BENCH_ORGANIZATIONS ?? 1));
const PASSWORD = 'bench-password-123';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function seed(databaseUrl: string): Promise<void> {
  Object.assign(process.env, { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', DEMO_DATA: 'false', OUTBOX_ENABLED: 'false', NODE_ENV: 'test' });
  resetEnvironmentCache();
  const { AppModule } = await import('../src/app.module');
  const { OrganizationsService } = await import('../src/organizations/organizations.service');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  for (let n = 0; n < ORGANIZATIONS; n++) {
    await app.get(OrganizationsService).createWithPeople(
      { slug: `bench${n}`, name: `องค์การบริหารส่วนตำบลทดสอบ ${n + 1}`, shortName: 'อบต.ทดสอบ', kind: 'sao', district: 'ตากใบ', province: 'นราธิวาส', letterCode: 'นธ ๗๗๒๐๑', numerals: 'thai', phone: null, website: null },
      [
        { title: 'หัวหน้าสำนักปลัด', shortTitle: 'หัวหน้าสำนักปลัด', unit: 'สำนักปลัด' },
        { title: 'ปลัดองค์การบริหารส่วนตำบลทดสอบ', shortTitle: 'ปลัด อบต.', unit: null },
        { title: 'นายกองค์การบริหารส่วนตำบลทดสอบ', shortTitle: 'นายก อบต.', unit: null },
      ],
      [
        { honorific: 'นาง', fullName: 'ผู้จัดทำ ทดสอบ', username: `bench${n}-author`, password: PASSWORD, roles: ['author'], position: 0 },
        { honorific: 'นาง', fullName: 'ปลัด ทดสอบ', username: `bench${n}-deputy`, password: PASSWORD, roles: ['reviewer'], position: 1 },
        { honorific: 'นาย', fullName: 'นายก ทดสอบ', username: `bench${n}-mayor`, password: PASSWORD, roles: ['reviewer'], position: 2 },
      ],
      [1, 2],
    );
  }
  await app.close();
}

function startServer(databaseUrl: string): Promise<{ pid: number; stop: () => Promise<void> }> {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // The server runs compiled, as in production (`npm run bench:workflow` builds first).
  const child = spawn(process.execPath, [...profile, join(__dirname, '../dist/src/main.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO_DATA: 'false', NODE_ENV: 'production', OUTBOX_ENABLED: process.env.BENCH_OUTBOX ?? 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) {
        resolve({
          pid: child.pid as number,
          stop: () =>
            new Promise<void>((done) => {
              child.on('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ? null : await startMariaDb();
  const base = process.env.BENCH_DATABASE_URL ?? server!.url;
  const name = `kasian_bench_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection(base);
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const databaseUrl = new URL(name, base.endsWith('/') ? base : `${base}/`).toString();
  let stop: (() => Promise<void>) | undefined;
  try {
    await seed(databaseUrl);
    const kasian = await startServer(databaseUrl);
    stop = kasian.stop;
    const url = `http://127.0.0.1:${PORT}`;
    const report = {
      kind: 'implementation', title: 'รายงานผลการดำเนินการตามมาตรการ (ทดสอบความเร็ว)', fiscalYear: 2568, period: 'full_year',
      sections: [{ type: 'measures_table', columnSet: 'results_success', columns: [{ heading: 'มาตรการ', role: 'measure' }, { heading: 'ผลการดำเนินการ', role: 'result' }, { heading: 'ความสำเร็จ', role: 'success' }], groups: [{ rows: [{ cells: ['<p>เผยแพร่ข้อมูล</p>', '<p>ดำเนินการแล้ว</p>', '<p>ร้อยละ ๑๐๐</p>'] }] }] }],
    };
    // Per organisation: its three people signed in, and its share of the memos as drafts.
    const organizations: { people: HttpClient[]; queue: string[] }[] = [];
    for (let n = 0; n < ORGANIZATIONS; n++) {
      const [author, deputy, mayor] = [new HttpClient(url), new HttpClient(url), new HttpClient(url)];
      await author.login(`bench${n}-author`, PASSWORD);
      for (const [client, role] of [[deputy, 'deputy'], [mayor, 'mayor']] as const) {
        await client.login(`bench${n}-${role}`, PASSWORD);
        const me = (await client.get('/api/auth/me')).body.user.id;
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 's.png');
        await client.put(`/api/people/${me}/signature`, form);
      }
      const queue: string[] = [];
      for (let i = n; i < MEMOS; i += ORGANIZATIONS) {
        const res = await author.post('/api/reports', { report });
        if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
        queue.push(res.body.id);
      }
      organizations.push({ people: [author, deputy, mayor], queue });
    }

    const latencies: number[] = [];
    const byEvent: Record<string, number[]> = { SUBMIT: [], FORWARD: [], APPROVE: [] };
    let failures = 0;
    const steps: Record<string, unknown>[] = [
      { event: 'SUBMIT' },
      { event: 'FORWARD', comment: 'ทราบ เห็นควรนำเสนอนายก' },
      { event: 'APPROVE', comment: 'อนุมัติ' },
    ];
    // CPU time of each party over the run: where a transition's cost goes, whatever else the machine is doing.
    const cpuBefore = { kasian: cpuMs(kasian.pid), mariadb: server ? cpuMs(server.pid) : 0, clients: process.cpuUsage() };
    const started = performance.now();
    const monotonicStart = process.hrtime.bigint() / 1000n;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const { people, queue } = organizations[c % ORGANIZATIONS];
        for (let id = queue.shift(); id; id = queue.shift()) {
          for (const [i, body] of steps.entries()) {
            const t0 = performance.now();
            const res = await people[i].post(`/api/memos/${id}/transitions`, body);
            latencies.push(performance.now() - t0);
            byEvent[body.event as string].push(performance.now() - t0);
            if (res.status !== 200) failures++;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // The CPU profile's timestamps are on the same monotonic clock: this window is the transitions alone.
    if (process.env.BENCH_PROFILE) console.log(`profile window (µs, monotonic): ${monotonicStart} ${process.hrtime.bigint() / 1000n}`);
    const clientCpu = process.cpuUsage(cpuBefore.clients);
    const perTransition = {
      kasian: (cpuMs(kasian.pid) - cpuBefore.kasian) / latencies.length,
      mariadb: server ? (cpuMs(server.pid) - cpuBefore.mariadb) / latencies.length : NaN,
      clients: (clientCpu.user + clientCpu.system) / 1000 / latencies.length,
    };
    latencies.sort((a, b) => a - b);
    const cpu = cpus()[0]?.model ?? 'unknown';
    console.log(`Kasian workflow benchmark — ${new Date().toISOString()} — ${cpus().length} × ${cpu}, Node ${process.version}`);
    console.log(`database: MariaDB (${process.env.BENCH_DATABASE_URL ? 'given server' : 'throwaway'}), ${CLIENTS} concurrent clients, ${MEMOS} memos × 3 transitions in ${ORGANIZATIONS} organisation${ORGANIZATIONS > 1 ? 's' : ''}`);
    console.log(`transitions: ${latencies.length} in ${seconds.toFixed(2)} s (failures: ${failures})`);
    console.log(`throughput:  ${(latencies.length / seconds).toFixed(0)} transitions/s`);
    console.log(`latency:     p50 ${percentile(latencies, 50).toFixed(1)} ms · p90 ${percentile(latencies, 90).toFixed(1)} ms · p99 ${percentile(latencies, 99).toFixed(1)} ms · max ${latencies.at(-1)!.toFixed(1)} ms`);
    for (const [event, values] of Object.entries(byEvent)) {
      values.sort((a, b) => a - b);
      console.log(`  ${event.padEnd(8)} p50 ${percentile(values, 50).toFixed(1)} ms · p99 ${percentile(values, 99).toFixed(1)} ms`);
    }
    const total = perTransition.kasian + perTransition.mariadb + perTransition.clients;
    console.log(
      `CPU per transition: Kasian ${perTransition.kasian.toFixed(2)} ms · MariaDB ${perTransition.mariadb.toFixed(2)} ms · clients ${perTransition.clients.toFixed(2)} ms` +
        ` → all ${cpus().length} cores fully busy would give at most ${((cpus().length * 1000) / total).toFixed(0)} transitions/s`,
    );
  } finally {
    await stop?.();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
    if (server) stopMariaDb(server);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
