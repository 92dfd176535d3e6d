import { lstatSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'kasian-chromium-';
/** A profile folder is made moments before its browser starts; one this old without a live browser is left over. */
const UNLOCKED_GRACE_MS = 10 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a browser may still use the folder. Chromium's `profile/SingletonLock` is a symlink to `host-pid` while it
 * runs: kept when that process lives on this host (another Kasian on this machine), or belongs to another host.
 */
function inUse(dir: string, now: number): boolean {
  let target: string;
  try {
    target = readlinkSync(join(dir, 'profile', 'SingletonLock'));
  } catch {
    return now - statSync(dir).mtimeMs < UNLOCKED_GRACE_MS;
  }
  const at = target.lastIndexOf('-');
  const host = target.slice(0, at);
  const pid = Number(target.slice(at + 1));
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return true;
  return alive(pid);
}

/**
 * Removes the Chromium profiles (`kasian-chromium-*` in the temporary folder) that a Kasian killed before it could
 * clean up left behind; a profile a running browser holds is kept. Returns the folders removed.
 */
export function removeStaleChromiumProfiles(dir: string = tmpdir(), now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.startsWith(PREFIX));
  } catch {
    return removed;
  }
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (!lstatSync(path).isDirectory() || inUse(path, now)) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Gone meanwhile, or not ours to remove: leave it.
    }
  }
  return removed;
}
