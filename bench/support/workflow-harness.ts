import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { NestFactory } from '@nestjs/core';
import { startMariaDb, stopMariaDb } from '../../test/support/mariadb-server';
import { HttpClient } from '../../test/support/http-client';
import { resetEnvironmentCache } from '../../src/config/configuration';
import { KeepAliveClient } from './keep-alive-client';
import { cpuMs } from './process-cpu';

/** What the workflow benchmarks share: a throwaway MariaDB and database, organisations of three people, memos as drafts. */
export const PASSWORD = 'bench-password-123';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface BenchDatabase {
  url: string;
  /** The throwaway server's pid (for its CPU time), or null with BENCH_DATABASE_URL. */
  serverPid: number | null;
  drop(): Promise<void>;
}

/** A fresh database on a throwaway MariaDB, or on the server in BENCH_DATABASE_URL. */
export async function benchDatabase(): Promise<BenchDatabase> {
  const server = process.env.BENCH_DATABASE_URL ? null : await startMariaDb();
  const base = process.env.BENCH_DATABASE_URL ?? server!.url;
  const name = `kasian_bench_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection(base);
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  return {
    url: new URL(name, base.endsWith('/') ? base : `${base}/`).toString(),
    serverPid: server?.pid ?? null,
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
      if (server) stopMariaDb(server);
    },
  };
}

/** Creates the schema and `count` organisations, each with an author, a ปลัด and a นายก on its route. */
export async function seedOrganizations(databaseUrl: string, count: number): Promise<void> {
  Object.assign(process.env, { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', DEMO_DATA: 'false', OUTBOX_ENABLED: 'false', NODE_ENV: 'test' });
  resetEnvironmentCache();
  const { AppModule } = await import('../../src/app.module');
  const { OrganizationsService } = await import('../../src/organizations/organizations.service');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  for (let n = 0; n < count; n++) {
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

/** Starts compiled Kasian (as in production) on the database; resolves once it listens. */
export function startKasian(databaseUrl: string, port: number, env: Record<string, string> = {}): Promise<{ pid: number; stop: () => Promise<void> }> {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, join(__dirname, '../../dist/src/main.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO_DATA: 'false', NODE_ENV: 'production', OUTBOX_ENABLED: process.env.BENCH_OUTBOX ?? 'false', ...env },
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

export interface BenchOrganization {
  /** author, ปลัด, นายก — signed in, the reviewers with a stored signature. */
  people: HttpClient[];
  /** Draft memos not yet taken by a client. */
  queue: string[];
}

/** Signs each organisation's people in and creates its share of `memos` drafts through Kasian's API. */
export async function prepareMemos(url: string, organizations: number, memos: number): Promise<BenchOrganization[]> {
  const report = {
    kind: 'implementation', title: 'รายงานผลการดำเนินการตามมาตรการ (ทดสอบความเร็ว)', fiscalYear: 2568, period: 'full_year',
    sections: [{ type: 'measures_table', columnSet: 'results_success', columns: [{ heading: 'มาตรการ', role: 'measure' }, { heading: 'ผลการดำเนินการ', role: 'result' }, { heading: 'ความสำเร็จ', role: 'success' }], groups: [{ rows: [{ cells: ['<p>เผยแพร่ข้อมูล</p>', '<p>ดำเนินการแล้ว</p>', '<p>ร้อยละ ๑๐๐</p>'] }] }] }],
  };
  const result: BenchOrganization[] = [];
  for (let n = 0; n < organizations; n++) {
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
    for (let i = n; i < memos; i += organizations) {
      const res = await author.post('/api/reports', { report });
      if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
      queue.push(res.body.id);
    }
    result.push({ people: [author, deputy, mayor], queue });
  }
  return result;
}

export const STEPS: { event: string; comment?: string }[] = [
  { event: 'SUBMIT' },
  { event: 'FORWARD', comment: 'ทราบ เห็นควรนำเสนอนายก' },
  { event: 'APPROVE', comment: 'อนุมัติ' },
];

/**
 * `clients` concurrent clients take memos off their organisation's queue and send each through SUBMIT → FORWARD →
 * APPROVE over kept-alive connections, then the figures are printed: throughput, latency percentiles (all and per
 * event), and CPU time per transition of the server, MariaDB and the clients themselves.
 */
export async function drive(options: {
  title: string;
  url: string;
  organizations: BenchOrganization[];
  clients: number;
  serverPid: number;
  databasePid: number | null;
}): Promise<void> {
  const { url, organizations, clients } = options;
  const latencies: number[] = [];
  const byEvent: Record<string, number[]> = Object.fromEntries(STEPS.map((s) => [s.event, []]));
  let failures = 0;
  let firstFailure = '';
  const memos = organizations.reduce((n, o) => n + o.queue.length, 0);
  // CPU time of each party over the run: where a transition's cost goes, whatever else the machine is doing.
  const cpuBefore = { server: cpuMs(options.serverPid), database: options.databasePid ? cpuMs(options.databasePid) : 0, clients: process.cpuUsage() };
  const started = performance.now();
  const monotonicStart = process.hrtime.bigint() / 1000n;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const { people, queue } = organizations[c % organizations.length];
      // Each simulated client has its own kept-alive connection per person, signed in with that person's session.
      const connections = people.map((p) => new KeepAliveClient(url, { cookie: p.cookie!, 'x-csrf-token': p.csrfToken!, 'user-agent': 'kasian-bench' }));
      for (let id = queue.shift(); id; id = queue.shift()) {
        for (const [i, body] of STEPS.entries()) {
          const t0 = performance.now();
          const res = await connections[i].post(`/api/memos/${id}/transitions`, body);
          const elapsed = performance.now() - t0;
          latencies.push(elapsed);
          byEvent[body.event].push(elapsed);
          if (res.status !== 200) {
            failures++;
            firstFailure ||= `${res.status} ${res.text.slice(0, 200)}`;
          }
        }
      }
      for (const connection of connections) connection.close();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // The CPU profile's timestamps are on the same monotonic clock: this window is the transitions alone.
  if (process.env.BENCH_PROFILE) console.log(`profile window (µs, monotonic): ${monotonicStart} ${process.hrtime.bigint() / 1000n}`);
  const clientCpu = process.cpuUsage(cpuBefore.clients);
  const perTransition = {
    server: (cpuMs(options.serverPid) - cpuBefore.server) / latencies.length,
    database: options.databasePid ? (cpuMs(options.databasePid) - cpuBefore.database) / latencies.length : NaN,
    clients: (clientCpu.user + clientCpu.system) / 1000 / latencies.length,
  };
  latencies.sort((a, b) => a - b);
  console.log(`${options.title} — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, Node ${process.version}`);
  console.log(`database: MariaDB (${process.env.BENCH_DATABASE_URL ? 'given server' : 'throwaway'}), ${clients} concurrent clients, ${memos} memos × ${STEPS.length} transitions in ${organizations.length} organisation${organizations.length > 1 ? 's' : ''}`);
  console.log(`transitions: ${latencies.length} in ${seconds.toFixed(2)} s (failures: ${failures}${firstFailure ? `, first: ${firstFailure}` : ''})`);
  console.log(`throughput:  ${(latencies.length / seconds).toFixed(0)} transitions/s`);
  console.log(`latency:     p50 ${percentile(latencies, 50).toFixed(1)} ms · p90 ${percentile(latencies, 90).toFixed(1)} ms · p99 ${percentile(latencies, 99).toFixed(1)} ms · max ${latencies.at(-1)!.toFixed(1)} ms`);
  for (const [event, values] of Object.entries(byEvent)) {
    values.sort((a, b) => a - b);
    console.log(`  ${event.padEnd(8)} p50 ${percentile(values, 50).toFixed(1)} ms · p99 ${percentile(values, 99).toFixed(1)} ms`);
  }
  const total = perTransition.server + perTransition.database + perTransition.clients;
  console.log(
    `CPU per transition: server ${perTransition.server.toFixed(2)} ms · MariaDB ${perTransition.database.toFixed(2)} ms · clients ${perTransition.clients.toFixed(2)} ms` +
      ` → all ${cpus().length} cores fully busy would give at most ${((cpus().length * 1000) / total).toFixed(0)} transitions/s`,
  );
}
