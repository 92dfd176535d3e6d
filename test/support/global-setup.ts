import { startMariaDb } from './mariadb-server';

/** Starts one throwaway MariaDB for the whole run unless TEST_DATABASE_URL names a server to use. */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const server = await startMariaDb();
  process.env.TEST_DATABASE_URL = server.url;
  process.env.KASIAN_TEST_MARIADB = JSON.stringify({ pid: server.pid, dir: server.dir });
}
