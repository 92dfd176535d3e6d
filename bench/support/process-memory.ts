import { readdirSync, readFileSync } from 'node:fs';

/**
 * Proportional set size (PSS) of processes, from /proc/<pid>/smaps_rollup: shared pages (Chromium's zygote, code)
 * are divided among the processes sharing them, so the sum over a process tree is what it really costs — unlike
 * RSS, which counts every shared page once per process.
 */

interface Pss {
  total: number;
  /** Heap, stacks: memory the process really allocated. */
  anon: number;
  /** Mapped files, mostly the executable's code: shared, clean, reclaimable. */
  file: number;
}

function pssKb(pid: number): Pss {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
    return { total: field('Pss'), anon: field('Pss_Anon'), file: field('Pss_File') };
  } catch {
    return { total: 0, anon: 0, file: 0 };
  }
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** `root` and every process descended from it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const parent = parentOf(pid);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

export interface MemorySample {
  nodeMb: number;
  chromiumMb: number;
  /** Of chromiumMb: anonymous memory, and mapped files (its ~250 MB executable's code, mostly). */
  chromiumAnonMb: number;
  chromiumFileMb: number;
  chromiumProcesses: number;
  totalMb: number;
}

/** PSS of this Node process and of the Chromium rooted at `browserPid` (all its children: zygotes, renderers …). */
export function memorySample(browserPid: number | null): MemorySample {
  const nodeMb = pssKb(process.pid).total / 1024;
  const chromium = (browserPid ? processTree(browserPid) : []).map(pssKb);
  const sum = (key: keyof Pss) => chromium.reduce((total, pss) => total + pss[key], 0) / 1024;
  const chromiumMb = sum('total');
  return { nodeMb, chromiumMb, chromiumAnonMb: sum('anon'), chromiumFileMb: sum('file'), chromiumProcesses: chromium.length, totalMb: nodeMb + chromiumMb };
}
