import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/** A throwaway MariaDB (Debian's mariadb-server) in a temporary data directory on a free port. */
export interface ThrowawayMariaDb {
  url: string;
  pid: number;
  dir: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function binary(name: string): string {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(
    `${name} not found: install Debian's mariadb-server (apt-get install mariadb-server) or set TEST_DATABASE_URL=mysql://root@host:port/`,
  );
}

export async function startMariaDb(): Promise<ThrowawayMariaDb> {
  const dir = mkdtempSync(join(tmpdir(), 'kasian-mariadb-'));
  const datadir = join(dir, 'data');
  execFileSync(binary('mariadb-install-db'), ['--no-defaults', '--user=root', `--datadir=${datadir}`, '--skip-test-db', '--auth-root-authentication-method=normal'], {
    stdio: 'ignore',
  });
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary('mariadbd'),
    [
      '--no-defaults',
      '--user=root',
      `--datadir=${datadir}`,
      '--bind-address=127.0.0.1',
      `--port=${port}`,
      `--socket=${join(dir, 'mysqld.sock')}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      '--skip-name-resolve',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--innodb-flush-log-at-trx-commit=2',
      '--innodb-buffer-pool-size=256M',
      '--max-connections=500',
      '--skip-log-bin',
    ],
    { stdio: 'ignore', detached: true },
  );
  child.unref();
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const connection = await createConnection({ host: '127.0.0.1', port, user: 'root' });
      await connection.end();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`MariaDB did not accept connections on port ${port}: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url: `mysql://root@127.0.0.1:${port}/`, pid: child.pid as number, dir };
}

export function stopMariaDb(server: Pick<ThrowawayMariaDb, 'pid' | 'dir'>): void {
  try {
    process.kill(server.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(server.pid, 0);
      execFileSync('sleep', ['0.1']);
    } catch {
      break;
    }
  }
  rmSync(server.dir, { recursive: true, force: true });
}
