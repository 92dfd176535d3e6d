/**
 * Workflow throughput over real HTTP against MariaDB: 32 concurrent clients drive memos through
 * SUBMIT → FORWARD → APPROVE and the script prints transitions/s and latency percentiles.
 *
 *   npm run bench:workflow                 # throwaway MariaDB (Debian's mariadb-server)
 *   BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/ npm run bench:workflow
 *   BENCH_MEMOS=600 BENCH_CLIENTS=32 npm run bench:workflow
 *   BENCH_OUTBOX=true npm run bench:workflow   # also run the outbox worker (mail, PDF rendering) in the server
 *   BENCH_ORGANIZATIONS=32 npm run bench:workflow  # spread the memos over 32 organisations (default: all in one)
 *   BENCH_PROFILE=/tmp/prof npm run bench:workflow # CPU profile of the server; prints the transitions' time window
 * All in one organisation is the hard case: every SUBMIT takes the same register row for its document number.
 * The outbox is off by default: approvals queue PDF renders, which bench:render measures; here transitions count.
 * `npm run bench:workflow-floor` runs the same load against the least a server could do: see bench/workflow-floor.ts.
 */
import 'reflect-metadata';
import { benchDatabase, drive, prepareMemos, seedOrganizations, startKasian } from './support/workflow-harness';

const MEMOS = Number(process.env.BENCH_MEMOS ?? 800);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const ORGANIZATIONS = Math.max(1, Number(process.env.BENCH_ORGANIZATIONS ?? 1));

async function main(): Promise<void> {
  const database = await benchDatabase();
  let stop: (() => Promise<void>) | undefined;
  try {
    await seedOrganizations(database.url, ORGANIZATIONS);
    const kasian = await startKasian(database.url, PORT);
    stop = kasian.stop;
    const url = `http://127.0.0.1:${PORT}`;
    const organizations = await prepareMemos(url, ORGANIZATIONS, MEMOS);
    await drive({ title: 'Kasian workflow benchmark', url, organizations, clients: CLIENTS, serverPid: kasian.pid, databasePid: database.serverPid });
  } finally {
    await stop?.();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
