import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './mariadb-server';

/** One line of Kasian's structured log. */
export type LogLine = Record<string, unknown> & { msg?: string; event?: string; requestId?: string | null };

/** What a Kasian process wrote to stdout and stderr: its pino lines parsed, every line kept. */
export class ProcessLog {
  readonly lines: LogLine[] = [];
  readonly raw: string[] = [];
  private buffer = '';

  constructor(private readonly child: ChildProcess) {}

  take(text: string): void {
    this.buffer += text;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      this.raw.push(line);
      if (!line.startsWith('{')) continue;
      try {
        this.lines.push(JSON.parse(line) as LogLine);
      } catch {
        // Not one of pino's lines.
      }
    }
  }

  /** The lines of an event, optionally of one request. */
  events(event: string, requestId?: string): LogLine[] {
    return this.lines.filter((line) => line.event === event && (requestId === undefined || line.requestId === requestId));
  }

  /** The first line (already written or to come) that matches; the log reaches the test through a pipe. */
  async waitFor(match: (line: LogLine) => boolean, timeoutMs = 30_000, what = 'a log line'): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (this.child.exitCode !== null) throw new Error(`Kasian exited (${this.child.exitCode}) before ${what}: ${this.raw.join('\n').slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms: ${this.raw.join('\n').slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export interface KasianProcess {
  child: ChildProcess;
  pid: number;
  /** For a web process: where it listens. */
  baseUrl?: string;
  /** Everything it wrote (with LOG_LEVEL=info or more, its structured log). */
  log: ProcessLog;
  /** Resident memory now, from the kernel (bytes). */
  rss(): number;
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
  const log = new ProcessLog(child);
  child.stderr!.on('data', (chunk) => log.take(String(chunk)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      log.take(String(chunk));
      if (log.raw.some((line) => /is listening on|is running the outbox/.test(line))) resolve();
    });
    child.once('exit', (code) => reject(new Error(`Kasian (${env.KASIAN_ROLE}) exited with ${code} before it was ready:\n${log.raw.join('\n')}`)));
  });
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    child,
    pid: child.pid!,
    baseUrl: web ? `http://127.0.0.1:${port}` : undefined,
    log,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024,
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
