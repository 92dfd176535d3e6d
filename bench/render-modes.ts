/**
 * npm run bench:render-modes — Chromium process models compared in one run, interleaved so that the machine's load
 * falls on each alike: the 003 seed printed with 4 pages (--pages N) by each set of flags, several rounds. Prints per mode
 * PDFs/s, CPU per document (Node + the whole Chromium tree, from /proc: what a document costs whatever else runs)
 * and PSS. Options: --rounds N (default 3), --jobs N per round (default 40).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { CHROMIUM_FLAGS } from '../src/rendering/chromium-pool';
import { Renderer } from '../src/rendering/renderer';
import { renderingSettings } from '../src/rendering/rendering.config';
import { seedMemoModel } from '../test/support/rendering-models';
import { memorySample, processTree } from './support/process-memory';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const ROUNDS = argument('--rounds', 3);
const JOBS = argument('--jobs', 40);
const PAGES = argument('--pages', 4);
const MODEL = seedMemoModel('003', { signatures: true });
const TICKS_PER_SECOND = 100;

const without = (...flags: string[]) => CHROMIUM_FLAGS.filter((f) => !flags.includes(f));
const MODES: Record<string, readonly string[]> = {
  'Kasian (one renderer, network in process)': CHROMIUM_FLAGS,
  'a renderer per page, network in process': without('--renderer-process-limit=1'),
  'a renderer per page, network apart': without('--renderer-process-limit=1', '--enable-features=NetworkServiceInProcess2'),
  'single process (until 2026-12)': [...without('--renderer-process-limit=1', '--enable-features=NetworkServiceInProcess2'), '--single-process'],
};

/** CPU seconds (user + system) used so far by a process and its children still alive. */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Exited meanwhile.
    }
  }
  return ticks / TICKS_PER_SECOND;
}

async function round(flags: readonly string[]) {
  const renderer = new Renderer({ ...renderingSettings(), pages: PAGES, queueLimit: 10_000, recycleAfter: 1_000_000 }, { flags });
  try {
    await Promise.all(Array.from({ length: PAGES * 2 }, () => renderer.renderMemoPdf(MODEL)));
    const tree = () => [process.pid, ...processTree(renderer.pool.pid!)];
    const cpuBefore = cpuSeconds(tree());
    const started = performance.now();
    let next = 0;
    let peak = memorySample(renderer.pool.pid);
    await Promise.all(
      Array.from({ length: PAGES }, async () => {
        while (next++ < JOBS) {
          await renderer.renderMemoPdf(MODEL);
          if (next === Math.floor(JOBS / 2)) peak = memorySample(renderer.pool.pid);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(tree()) - cpuBefore;
    return { perSecond: JOBS / seconds, cpuMsPerDocument: (cpu * 1000) / JOBS, pssMb: peak.totalMb, anonMb: peak.chromiumAnonMb, processes: peak.chromiumProcesses };
  } finally {
    await renderer.close();
  }
}

async function main(): Promise<void> {
  console.log(`Chromium process models — 003 seed, ${PAGES} pages, ${ROUNDS} rounds × ${JOBS} jobs, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const results = new Map<string, Awaited<ReturnType<typeof round>>[]>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, flags] of Object.entries(MODES)) results.set(name, [...(results.get(name) ?? []), await round(flags)]);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  for (const [name, runs] of results) {
    console.log(
      `  ${name.padEnd(36)} ${median(runs.map((r) => r.perSecond)).toFixed(1).padStart(5)} PDFs/s  ` +
        `${median(runs.map((r) => r.cpuMsPerDocument)).toFixed(0).padStart(4)} ms CPU/doc  ` +
        `PSS ${median(runs.map((r) => r.pssMb)).toFixed(0)} MB (anonymous ${median(runs.map((r) => r.anonMb)).toFixed(0)}) in ${runs[0].processes} processes`,
    );
  }
  console.log(`  load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
