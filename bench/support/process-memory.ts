import { readdirSync, readFileSync } from 'node:fs';

/**
 * Proportional set size (PSS) of processes, from /proc/<pid>/smaps_rollup: shared pages (Chromium's zygote, code)
 * are divided among the processes sharing them, so the sum over a process tree is what it really costs — unlike
 * RSS, which counts every shared page once per process.
 */

function pssKb(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
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
  chromiumProcesses: number;
  totalMb: number;
}

/** PSS of this Node process and of the Chromium rooted at `browserPid` (all its children: zygotes, renderers …). */
export function memorySample(browserPid: number | null): MemorySample {
  const nodeMb = pssKb(process.pid) / 1024;
  const chromium = browserPid ? processTree(browserPid) : [];
  const chromiumMb = chromium.reduce((sum, pid) => sum + pssKb(pid), 0) / 1024;
  return { nodeMb, chromiumMb, chromiumProcesses: chromium.length, totalMb: nodeMb + chromiumMb };
}
