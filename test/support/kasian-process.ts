import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';

/** One line of Kasian's structured log. */
export type LogLine = Record<string, unknown> & { msg?: string; event?: string; requestId?: string | null };

/**
 * Kasian started the way an operator starts it (`src/main.ts`, through ts-node) as a child process of the test, with
 * its log (stdout, one JSON line each) read by the test and its memory measured from /proc.
 */
export class KasianProcess {
  readonly lines: LogLine[] = [];
  readonly raw: string[] = [];
  private buffer = '';
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => this.take(chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => this.raw.push(chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('exit', resolve));
  }

  static async start(env: Record<string, string>): Promise<KasianProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '../../src/main.ts')], {
      // Only what is given: not the Kasian variables other suites left in this worker's environment.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const kasian = new KasianProcess(child, `http://127.0.0.1:${port}`);
    await kasian.waitFor((line) => line.event === 'start', 120_000, 'the start line');
    return kasian;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resident memory now, from the kernel (bytes). */
  rss(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
  }

  /** The lines of an event, optionally of one request. */
  events(event: string, requestId?: string): LogLine[] {
    return this.lines.filter((line) => line.event === event && (requestId === undefined || line.requestId === requestId));
  }

  /** Resolves with the first line (already written or to come) that matches. */
  async waitFor(match: (line: LogLine) => boolean, timeoutMs = 30_000, what = 'a log line'): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (this.child.exitCode !== null) throw new Error(`Kasian exited (${this.child.exitCode}) before ${what}: ${this.raw.join('').slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms; stderr: ${this.raw.join('').slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGTERM, as an operator's service manager stops it; resolves with the exit code or signal's. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  private take(text: string): void {
    this.buffer += text;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      this.raw.push(line);
      if (line.startsWith('{')) {
        try {
          this.lines.push(JSON.parse(line) as LogLine);
        } catch {
          // Not one of pino's lines.
        }
      }
    }
  }
}

