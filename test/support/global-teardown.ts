import { stopMariaDb } from './mariadb-server';

export default async function globalTeardown(): Promise<void> {
  const started = process.env.KASIAN_TEST_MARIADB;
  if (started) stopMariaDb(JSON.parse(started) as { pid: number; dir: string });
}
