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
  port: number;
  /** InnoDB's buffer pool, kept for a restart. */
  bufferPool: string;
}

/** A TCP port free on the loopback right now. */
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

/** `bufferPool`: InnoDB's buffer pool (256M for the tests; the scale bench asks for more). */
export async function startMariaDb({ bufferPool = '256M' }: { bufferPool?: string } = {}): Promise<ThrowawayMariaDb> {
  const dir = mkdtempSync(join(tmpdir(), 'kasian-mariadb-'));
  execFileSync(binary('mariadb-install-db'), ['--no-defaults', '--user=root', `--datadir=${join(dir, 'data')}`, '--skip-test-db', '--auth-root-authentication-method=normal'], {
    stdio: 'ignore',
  });
  return launch(dir, await freePort(), bufferPool);
}

/** Starts a stopped server again on its data and port (for tests of a database that goes away and returns). */
export function restartMariaDb(server: ThrowawayMariaDb): Promise<ThrowawayMariaDb> {
  return launch(server.dir, server.port, server.bufferPool);
}

async function launch(dir: string, port: number, bufferPool: string): Promise<ThrowawayMariaDb> {
  const child: ChildProcess = spawn(
    binary('mariadbd'),
    [
      '--no-defaults',
      '--user=root',
      `--datadir=${join(dir, 'data')}`,
      '--bind-address=127.0.0.1',
      `--port=${port}`,
      `--socket=${join(dir, 'mysqld.sock')}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      '--skip-name-resolve',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--innodb-flush-log-at-trx-commit=2',
      `--innodb-buffer-pool-size=${bufferPool}`,
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
  return { url: `mysql://root@127.0.0.1:${port}/`, pid: child.pid as number, dir, port, bufferPool };
}

/**
 * Stops the server (thawed first if frozen) and waits for it to exit, keeping its data (see `restartMariaDb`). Waits
 * without blocking, so that this process, the server's parent, reaps it.
 */
export async function stopMariaDbProcess(server: Pick<ThrowawayMariaDb, 'pid'>): Promise<void> {
  try {
    process.kill(server.pid, 'SIGCONT');
    process.kill(server.pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      process.kill(server.pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`MariaDB (pid ${server.pid}) did not stop within 30 s`);
}

export function stopMariaDb(server: Pick<ThrowawayMariaDb, 'pid' | 'dir'>): void {
  try {
    process.kill(server.pid, 'SIGCONT');
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
