import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './mariadb-server';

export interface KasianProcess {
  child: ChildProcess;
  pid: number;
  /** For a web process: where it listens. */
  baseUrl?: string;
  /** SIGKILL, as a crash or an OOM kill would: no shutdown hook runs. */
  kill(): Promise<void>;
  /** SIGTERM and wait: the process's shutdown hooks run. */
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/**
 * Kasian as its own OS process (`src/main.ts`, as `npm start` runs it) with `env` on top of the test's environment;
 * resolves once it says it is running. A web process listens on a free loopback port.
 */
export async function startKasianProcess(env: Record<string, string>): Promise<KasianProcess> {
  const web = env.KASIAN_ROLE !== 'worker';
  const port = web ? await freePort() : 0;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', HOST: '127.0.0.1', ...(web ? { PORT: String(port) } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      if (/is listening on|is running the outbox/.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`Kasian (${env.KASIAN_ROLE}) exited with ${code} before it was ready:\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    child,
    pid: child.pid!,
    baseUrl: web ? `http://127.0.0.1:${port}` : undefined,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
