/**
 * Bulk import of the country's 7,850 local administrative organisations through POST
 * /api/platform/organizations/import, on a throwaway MariaDB and on the embedded SQLite: a dry run, the import, and
 * the same file again (which must change nothing). Prints the time of each request as the operator waits for it.
 *
 *   npm run bench:import
 *   BENCH_ORGANIZATIONS=20000 BENCH_DIALECTS=mysql npm run bench:import
 *   BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/ npm run bench:import
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetEnvironmentCache } from '../src/config/configuration';
import { OperatorsService } from '../src/platform/operators.service';
import { HttpClient } from '../test/support/http-client';
import { organizationsCsv } from './support/organizations-csv';
import { benchDatabase } from './support/workflow-harness';

const COUNT = Number(process.env.BENCH_ORGANIZATIONS ?? 7850);
const DIALECTS = (process.env.BENCH_DIALECTS ?? 'mysql,sqlite').split(',');

async function run(dialect: string): Promise<void> {
  const database = dialect === 'mysql' ? await benchDatabase() : null;
  const dir = mkdtempSync(join(tmpdir(), 'kasian-bench-import-'));
  Object.assign(process.env, { NODE_ENV: 'production', LOG_LEVEL: 'silent', DEMO_DATA: 'false', OUTBOX_ENABLED: 'false', DATA_DIR: dir, PUBLIC_URL: 'http://127.0.0.1:3000' });
  if (database) process.env.DATABASE_URL = database.url;
  else delete process.env.DATABASE_URL;
  resetEnvironmentCache();
  const { createApp } = await import('../src/bootstrap');
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  try {
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const { link } = await app.get(OperatorsService).create({ username: 'bench', email: 'bench@example.org' });
    const operator = new HttpClient(baseUrl);
    const signedIn = await operator.post('/api/auth/set-password', { token: link.url.split('/').pop(), password: 'bench-operator-2569' });
    operator.csrfToken = signedIn.body.csrfToken;
    const csv = organizationsCsv({ count: COUNT, thai: true, bom: true });
    const send = async (dryRun: boolean) => {
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'organizations.csv');
      const started = process.hrtime.bigint();
      const answer = await operator.post(`/api/platform/organizations/import${dryRun ? '?dryRun=true' : ''}`, form);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (answer.status !== 200) throw new Error(`import: ${answer.status} ${answer.text.slice(0, 500)}`);
      return { ms, created: answer.body.created as number, existing: answer.body.existing as number };
    };
    const dry = await send(true);
    const real = await send(false);
    const again = await send(false);
    const kb = Math.round(Buffer.byteLength(csv) / 1024);
    console.log(
      `${dialect.padEnd(7)} ${COUNT} organisations (${kb} KB CSV): dry run ${dry.ms.toFixed(0)} ms · import ${real.ms.toFixed(0)} ms (created ${real.created}) · again ${again.ms.toFixed(0)} ms (created ${again.created}, existing ${again.existing}) · load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    );
  } finally {
    await app.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`Kasian bulk import benchmark · ${new Date().toISOString()} · Node ${process.version}`);
  for (const dialect of DIALECTS) await run(dialect);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
