/**
 * Every list and page at demo size and at national size, in one run (issue 17).
 *
 *   npm run bench:scale -- --quick        # 393 organisations (one twentieth), ≈ 22,000 documents: routine runs
 *   npm run bench:scale                   # 7,850 organisations, ≈ 47,000 people, ≈ 400,000 documents (hours)
 *   BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/ npm run bench:scale   # a given MariaDB instead of a throwaway one
 *   BENCH_SCALE_REUSE=1 BENCH_DATABASE_URL=… BENCH_SCALE_DIR=/var/tmp/kasian-scale …
 *                                         # keep the databases and files, and reuse them next time (built ones are not rebuilt)
 *   BENCH_REQUESTS=60 …                   # timed requests per endpoint (after 3 untimed; 20 with --quick)
 *
 * The demo-size database is the demo organisation with 13 documents made through the API (bench/support/scale-data.ts);
 * the national-size one is its rows multiplied with INSERT … SELECT, organisation 0 with 2,000 documents of its own.
 * Each endpoint is timed for the demo organisation in the demo database and for organisation 0 in the national one,
 * each served by its own Kasian, the requests alternating between the two so that the machine's other work falls on
 * both alike; the script prints p50/p95 at both sizes and their ratio, then every query the national pass issued whose plan
 * (EXPLAIN) reads a whole table or sorts many rows, caught from MariaDB's general log.
 * Targets: national p95 ≤ 2 × demo p95 for every row, and a Thai search in one organisation ≤ 20 ms p95.
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createConnection } from 'mysql2/promise';
import { startMariaDb, stopMariaDb } from '../test/support/mariadb-server';
import type { HttpClient } from '../test/support/http-client';
import { KeepAliveClient } from './support/keep-alive-client';
import { percentile, startKasian } from './support/workflow-harness';
import { counts, makeTemplateDocuments, multiply, nationalSize, seedTemplateOrganization, signIn, TEMPLATE_SLUG, type Role } from './support/scale-data';

const QUICK = process.argv.includes('--quick');
const REUSE = process.env.BENCH_SCALE_REUSE === '1';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? (QUICK ? 20 : 60));
const PORT = Number(process.env.BENCH_PORT ?? 3927);
const DEMO = 'kasian_scale_demo';
const NATIONAL = QUICK ? 'kasian_scale_national_quick' : 'kasian_scale_national';
/** A phrase in many documents (615 of organisation 0's 2,000 at national size), and one in none. */
const FOUND = 'บัตรคิว';
const MISSING = 'คำที่ไม่มีอยู่ในเอกสารใดเลย';

const log = (line: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

interface Endpoint {
  name: string;
  who: Role | null;
  path: string;
  /** The Thai search in one organisation: its own target (≤ 20 ms p95). */
  search?: boolean;
}

interface Timing {
  p50: number;
  p95: number;
  status: number;
  bytes: number;
}

/** The lists and pages people use, with the ids and cursors of the organisation measured. */
async function endpoints(p: Record<Role, HttpClient>, slug: string): Promise<Endpoint[]> {
  const first = await p.admin.get('/api/reports');
  if (first.status !== 200) throw new Error(`/api/reports: ${first.status} ${first.text.slice(0, 200)}`);
  const published = (await p.webmaster.get('/api/publications')).body.items[0];
  const documentId = published.memoId as string;
  const publicPath = new URL(published.url as string).pathname;
  const year = publicPath.split('/')[3];
  const list = (path: string) => (first.body.next ? `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(first.body.next)}` : path);
  return [
    { name: 'API document list', who: 'admin', path: '/api/reports' },
    { name: 'API document list, page 2', who: 'admin', path: list('/api/reports') },
    { name: 'API search, phrase found', who: 'admin', path: `/api/reports?q=${encodeURIComponent(FOUND)}`, search: true },
    { name: 'API search, phrase in none', who: 'admin', path: `/api/reports?q=${encodeURIComponent(MISSING)}`, search: true },
    { name: 'API inbox (ปลัด)', who: 'deputy', path: '/api/inbox' },
    { name: 'API inbox (author)', who: 'author', path: '/api/inbox' },
    { name: 'API publish queue', who: 'webmaster', path: '/api/publications/queue' },
    { name: 'API publications', who: 'webmaster', path: '/api/publications' },
    { name: 'API people', who: 'admin', path: '/api/people' },
    { name: 'API positions', who: 'admin', path: '/api/positions' },
    { name: 'API acting orders', who: 'admin', path: '/api/acting-assignments' },
    { name: 'API ITA items', who: 'admin', path: '/api/ita-items' },
    { name: 'API document', who: 'admin', path: `/api/reports/${documentId}` },
    { name: 'API timeline', who: 'admin', path: `/api/memos/${documentId}/timeline` },
    { name: 'page: document list', who: 'admin', path: '/memos' },
    { name: 'page: search', who: 'admin', path: `/memos?q=${encodeURIComponent(FOUND)}` },
    { name: 'page: home (ปลัด)', who: 'deputy', path: '/' },
    { name: 'page: home (author)', who: 'author', path: '/' },
    { name: 'page: publish queue', who: 'webmaster', path: '/publish' },
    { name: 'page: admin', who: 'admin', path: '/admin' },
    { name: 'page: document', who: 'admin', path: `/memos/${documentId}` },
    { name: 'public: organisation', who: null, path: `/p/${slug}` },
    { name: 'public: organisation, one year', who: null, path: `/p/${slug}?year=${year}` },
    { name: 'public: JSON feed', who: null, path: `/p/${slug}/feed.json` },
    { name: 'public: Atom feed', who: null, path: `/p/${slug}/feed.atom` },
    { name: 'public: embed', who: null, path: `/p/${slug}/embed` },
    { name: 'public: document page', who: null, path: publicPath },
  ];
}

/**
 * One request, timed from its first byte sent to the last received, over the person's own kept-alive socket with a
 * browser's Accept-Encoding; its status and its size uncompressed. node:http rather than fetch(), as in the workflow
 * bench: fetch() costs about 1.8 ms of CPU per request here, taken from the two Kasians on the same two cores, and
 * its decompression would be counted as the server's time (until 17:18 on 2026-12-01 this bench used fetch()).
 */
async function once(client: KeepAliveClient, path: string): Promise<{ ms: number; status: number; bytes: number }> {
  const started = performance.now();
  const res = await client.get(path);
  const ms = performance.now() - started;
  const body = res.encoding === 'br' ? brotliDecompressSync(res.raw) : res.encoding === 'gzip' ? gunzipSync(res.raw) : res.raw;
  return { ms, status: res.status, bytes: body.length };
}

function timing(samples: number[], last: { status: number; bytes: number }): Timing {
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), status: last.status, bytes: last.bytes };
}

interface Size {
  url: string;
  people: Record<Role, HttpClient>;
  /** Each person's timed client (their session cookie), and one for the public (`null`). */
  timed: Map<Role | null, KeepAliveClient>;
  list: Endpoint[];
}

/** What a browser sends (Chrome, Firefox): brotli is chosen, as for people's browsers. */
const BROWSER_ENCODINGS = 'gzip, deflate, br';

/** A Kasian on the schema, its people signed in, and the endpoints of the organisation measured. */
async function sizeOf(serverUrl: string, schema: string, dataDir: string, port: number, suffix: string, slug: string) {
  const kasian = await startKasian(new URL(schema, serverUrl).toString(), port, { DATA_DIR: dataDir, OUTBOX_ENABLED: 'false', LOGIN_MAX_FAILURES_PER_IP: '1000' });
  const url = `http://127.0.0.1:${port}`;
  const people = await signIn(url, suffix);
  const timed = new Map<Role | null, KeepAliveClient>([[null, new KeepAliveClient(url, { 'accept-encoding': BROWSER_ENCODINGS })]]);
  for (const [role, client] of Object.entries(people) as [Role, HttpClient][]) {
    timed.set(role, new KeepAliveClient(url, { 'accept-encoding': BROWSER_ENCODINGS, cookie: client.cookie! }));
  }
  return { kasian, size: { url, people, timed, list: await endpoints(people, slug) } satisfies Size };
}

/**
 * Both sizes at once, each on its own Kasian: every endpoint's requests alternate between the demo and the national
 * one, so that whatever else the machine is doing meanwhile falls on both alike and their ratio is the one to read.
 */
async function measure(serverUrl: string, dataDir: string) {
  const demo = await sizeOf(serverUrl, DEMO, dataDir, PORT, '', TEMPLATE_SLUG);
  const national = await sizeOf(serverUrl, NATIONAL, dataDir, PORT + 1, '-0', `${TEMPLATE_SLUG}-0`);
  try {
    const request = (size: Size, endpoint: Endpoint, i: number) => once(size.timed.get(endpoint.who)!, size.list[i].path);
    const results = { demo: new Map<string, Timing>(), national: new Map<string, Timing>() };
    // One untimed pass over everything first: the first endpoint timed would otherwise pay for a cold buffer pool.
    for (const [i, endpoint] of national.size.list.entries()) {
      await request(demo.size, endpoint, i);
      await request(national.size, endpoint, i);
    }
    for (const [i, endpoint] of national.size.list.entries()) {
      const samples = { demo: [] as number[], national: [] as number[] };
      let last = { demo: { status: 0, bytes: 0 }, national: { status: 0, bytes: 0 } };
      for (let r = 0; r < REQUESTS + 3; r++) {
        const a = await request(demo.size, endpoint, i);
        const b = await request(national.size, endpoint, i);
        last = { demo: a, national: b };
        if (r >= 3) {
          samples.demo.push(a.ms);
          samples.national.push(b.ms);
        }
      }
      results.demo.set(endpoint.name, timing(samples.demo, last.demo));
      results.national.set(endpoint.name, timing(samples.national, last.national));
    }
    const plans = await explainPass(serverUrl, NATIONAL, national.size.list, national.size.people, national.size.url);
    return { list: national.size.list, demo: results.demo, national: results.national, plans };
  } finally {
    for (const size of [demo.size, national.size]) for (const client of size.timed.values()) client.close();
    await Promise.all([demo.kasian.stop(), national.kasian.stop()]);
  }
}

/** One more request to each endpoint with the general log on; EXPLAIN every SELECT it caught. */
async function explainPass(serverUrl: string, schema: string, list: Endpoint[], p: Record<Role, HttpClient>, url: string) {
  const admin = await createConnection(serverUrl);
  const found: { endpoint: string; sql: string; table: string; type: string; rows: number; extra: string }[] = [];
  try {
    await admin.query("SET GLOBAL log_output = 'TABLE'");
    for (const endpoint of list) {
      await admin.query('TRUNCATE mysql.general_log');
      await admin.query('SET GLOBAL general_log = 1');
      await (endpoint.who ? p[endpoint.who].get(endpoint.path) : fetch(url + endpoint.path).then((r) => r.text()));
      await admin.query('SET GLOBAL general_log = 0');
      const [rows] = await admin.query<any[]>("SELECT CONVERT(argument USING utf8mb4) AS sql_text FROM mysql.general_log WHERE command_type = 'Query'");
      const db = await createConnection(new URL(schema, serverUrl).toString());
      try {
        for (const { sql_text: sql } of rows as { sql_text: string }[]) {
          if (!/^\s*SELECT\b/i.test(sql) || /information_schema|GET_LOCK|RELEASE_LOCK|VERSION\(\)|^SELECT 1\b/i.test(sql)) continue;
          let plan: any[];
          try {
            [plan] = await db.query<any[]>(`EXPLAIN ${sql}`);
          } catch {
            continue;
          }
          for (const step of plan) {
            const rowsRead = Number(step.rows ?? 0);
            const extra = String(step.Extra ?? '');
            const fullScan = step.type === 'ALL' && rowsRead > 1000;
            const bigSort = /filesort/.test(extra) && rowsRead > 1000;
            if (fullScan || bigSort) found.push({ endpoint: endpoint.name, sql: sql.replace(/\s+/g, ' ').slice(0, 400), table: String(step.table), type: String(step.type), rows: rowsRead, extra });
          }
        }
      } finally {
        await db.end();
      }
    }
  } finally {
    await admin.query('SET GLOBAL general_log = 0');
    await admin.end();
  }
  return found;
}

async function exists(serverUrl: string, schema: string): Promise<boolean> {
  const db = await createConnection(serverUrl);
  try {
    const [rows] = await db.query<any[]>("SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = 'bench_built'", [schema]);
    return rows.length > 0;
  } finally {
    await db.end();
  }
}

async function recreate(serverUrl: string, schema: string): Promise<void> {
  const db = await createConnection(serverUrl);
  await db.query(`DROP DATABASE IF EXISTS \`${schema}\``);
  await db.query(`CREATE DATABASE \`${schema}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await db.end();
}

async function markBuilt(serverUrl: string, schema: string): Promise<void> {
  const db = await createConnection(new URL(schema, serverUrl).toString());
  await db.query('CREATE TABLE bench_built (built_at DATETIME NOT NULL)');
  await db.query('INSERT INTO bench_built VALUES (NOW())');
  await db.end();
}

async function main(): Promise<void> {
  const started = Date.now();
  if (REUSE && (!process.env.BENCH_DATABASE_URL || !process.env.BENCH_SCALE_DIR)) {
    throw new Error('BENCH_SCALE_REUSE=1 needs BENCH_DATABASE_URL (a server that stays) and BENCH_SCALE_DIR (the PDFs the rows name)');
  }
  const server = process.env.BENCH_DATABASE_URL ? null : await startMariaDb({ bufferPool: QUICK ? '512M' : '2G' });
  const serverUrl = process.env.BENCH_DATABASE_URL ?? server!.url;
  const dataDir = process.env.BENCH_SCALE_DIR ?? mkdtempSync(join(tmpdir(), 'kasian-scale-files-'));
  mkdirSync(dataDir, { recursive: true });
  const size = nationalSize(QUICK);
  const cpuLoad = loadavg().map((l) => l.toFixed(1)).join(' ');
  try {
    if (!REUSE || !(await exists(serverUrl, DEMO))) {
      log('demo: building through the API');
      await recreate(serverUrl, DEMO);
      const demoUrl = new URL(DEMO, serverUrl).toString();
      await seedTemplateOrganization(demoUrl, dataDir);
      const kasian = await startKasian(demoUrl, PORT, { DATA_DIR: dataDir, OUTBOX_ENABLED: 'true', LOGIN_MAX_FAILURES_PER_IP: '1000' });
      try {
        await makeTemplateDocuments(`http://127.0.0.1:${PORT}`, log);
      } finally {
        await kasian.stop();
      }
      await markBuilt(serverUrl, DEMO);
      await recreate(serverUrl, NATIONAL);
    }
    if (!REUSE || !(await exists(serverUrl, NATIONAL))) {
      log(`national: building ${NATIONAL} (${size.organizations} organisations)`);
      await recreate(serverUrl, NATIONAL);
      // Migrations: a Kasian start on the empty database.
      await (await startKasian(new URL(NATIONAL, serverUrl).toString(), PORT, { DATA_DIR: dataDir, OUTBOX_ENABLED: 'false' })).stop();
      await multiply(serverUrl, DEMO, NATIONAL, size, log);
      await markBuilt(serverUrl, NATIONAL);
      log(`national: built in ${((Date.now() - started) / 60000).toFixed(1)} min`);
    }
    if (process.argv.includes('--build-only')) return;
    log('measuring at demo size and at national size (organisation 0: 2,000 documents), requests alternating');
    const measured = await measure(serverUrl, dataDir);
    const [demoCounts, nationalCounts] = [await counts(serverUrl, DEMO), await counts(serverUrl, NATIONAL)];
    print(measured, demoCounts, nationalCounts, cpuLoad);
  } finally {
    if (server && !REUSE) stopMariaDb(server);
  }
}

function print(
  measured: Awaited<ReturnType<typeof measure>>,
  demoCounts: Record<string, number>,
  nationalCounts: Record<string, number>,
  loadBefore: string,
): void {
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(`\nKasian scale benchmark — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, Node ${process.version}`);
  console.log(`load average at start ${loadBefore}, at end ${loadavg().map((l) => l.toFixed(1)).join(' ')} (a shared machine: other engineers' work runs beside this)`);
  const describe = (c: Record<string, number>) =>
    `${c.organizations} organisations, ${c.users} people, ${c.reports} documents, ${c.audit_events} audit events, ${c.publications} publications, ${c.report_trigrams} trigram rows, ${(c.megabytes / 1024).toFixed(1)} GB`;
  console.log(`demo size:     ${describe(demoCounts)}`);
  console.log(`national size: ${describe(nationalCounts)}${QUICK ? ' (--quick)' : ''}`);
  console.log(`${REQUESTS} timed requests per endpoint and size, one at a time, alternating between the sizes; ms\n`);
  console.log(`${'endpoint'.padEnd(36)} ${'demo p50'.padStart(8)} ${'p95'.padStart(7)} │ ${'nat. p50'.padStart(8)} ${'p95'.padStart(7)} │ ${'p95 ×'.padStart(6)}  status  kB   target`);
  let misses = 0;
  for (const endpoint of measured.list) {
    const a = measured.demo.get(endpoint.name)!;
    const b = measured.national.get(endpoint.name)!;
    const ratio = b.p95 / a.p95;
    const within = endpoint.search ? b.p95 <= 20 : ratio <= 2;
    if (!within) misses++;
    console.log(
      `${endpoint.name.padEnd(36)} ${f(a.p50).padStart(8)} ${f(a.p95)} │ ${f(b.p50).padStart(8)} ${f(b.p95)} │ ${ratio.toFixed(2).padStart(6)}  ${a.status}/${b.status} ${String(Math.round(b.bytes / 1024)).padStart(4)}  ${endpoint.search ? '≤ 20 ms' : '≤ 2×'} ${within ? 'ok' : 'MISSED'}`,
    );
  }
  console.log(`\n${misses === 0 ? 'every endpoint within its target' : `${misses} endpoint(s) missed the target`}`);
  console.log(`\nplans at national size with a full scan or a sort of more than 1,000 rows: ${measured.plans.length}`);
  for (const plan of measured.plans) {
    console.log(`- ${plan.endpoint}: ${plan.table} type=${plan.type} rows≈${plan.rows} ${plan.extra}\n    ${plan.sql}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
