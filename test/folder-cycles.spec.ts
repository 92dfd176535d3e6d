// No folder of src/ imports another in a cycle: each capability can be read, tested and changed from the ones below it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

const SRC = resolve(__dirname, '..', 'src');

/**
 * Files whose job is to name a member of every folder, so their imports are no dependency of their folder:
 * TypeORM's entity list is handed to the data source (by the app and the migration CLI) from one place.
 */
const REGISTRIES = new Set(['database/entities.ts']);

/**
 * Known cycles still to untangle, as the edge that closes each ("from → to": why it is still there). The test fails
 * on any other cycle, and on an entry here that no longer closes one (delete it then).
 */
const KNOWN_CYCLES: Record<string, string> = {};

type Graph = Map<string, Map<string, string[]>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The top folder under src/ of a path, or null for src/'s own files (main.ts, app.module.ts …) and anything outside src/. */
function folderOf(path: string): string | null {
  const parts = relative(SRC, path).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : null;
}

/** Folder → folder it imports → the importing lines (`file → specifier`); type-only imports count too. */
function folderGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    if (!from || REGISTRIES.has(relative(SRC, file).split(sep).join('/'))) continue;
    for (const imported of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!imported.fileName.startsWith('.')) continue;
      const to = folderOf(resolve(dirname(file), imported.fileName));
      if (!to || to === from) continue;
      const targets = graph.get(from) ?? graph.set(from, new Map()).get(from)!;
      const lines = targets.get(to) ?? targets.set(to, []).get(to)!;
      lines.push(`${relative(SRC, file)} → ${imported.fileName}`);
    }
  }
  return graph;
}

function without(graph: Graph, edges: string[]): Graph {
  const copy: Graph = new Map([...graph].map(([from, targets]) => [from, new Map(targets)]));
  for (const edge of edges) {
    const [from, to] = edge.split(' → ');
    copy.get(from)?.delete(to);
  }
  return copy;
}

/** A path from `from` to `to`, or null. */
function pathBetween(graph: Graph, from: string, to: string): string[] | null {
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length) {
    const at = queue.shift()!;
    if (at === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(previous.get(path[0])!);
      return path;
    }
    for (const next of graph.get(at)?.keys() ?? []) {
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  return null;
}

/** Every cycle of the graph, one per strongly connected component, as a closed path with its importing lines. */
function cycles(graph: Graph): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  for (const [from, targets] of graph) {
    for (const to of targets.keys()) {
      if (done.has(from)) break;
      const back = pathBetween(graph, to, from);
      if (!back) continue;
      const ring = [from, ...back];
      ring.forEach((folder) => done.add(folder));
      const lines = ring.slice(0, -1).map((folder, i) => `  ${folder} → ${ring[i + 1]}: ${graph.get(folder)!.get(ring[i + 1])!.join(', ')}`);
      found.push(`${ring.join(' → ')}\n${lines.join('\n')}`);
    }
  }
  return found;
}

describe('folders of src/', () => {
  const graph = folderGraph();

  it('import each other without a cycle (beyond the known ones listed in this test)', () => {
    expect(cycles(without(graph, Object.keys(KNOWN_CYCLES)))).toEqual([]);
  });

  it('still have every known cycle listed, so the list only shrinks', () => {
    const stale = Object.keys(KNOWN_CYCLES).filter((edge) => {
      const [from, to] = edge.split(' → ');
      return !graph.get(from)?.has(to) || !pathBetween(graph, to, from);
    });
    expect(stale).toEqual([]);
  });

  it('are read from the real tree (the test sees imports, so an empty graph cannot pass it)', () => {
    expect(graph.get('workflow')?.get('memos')?.some((line) => line.startsWith('workflow/transition-writer.ts'))).toBe(true);
  });
});
