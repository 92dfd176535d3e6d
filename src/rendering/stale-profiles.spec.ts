import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleChromiumProfiles } from './stale-profiles';

describe('removeStaleChromiumProfiles', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kasian-stale-test-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A profile folder as the pool makes it, locked by `lock` (Chromium's SingletonLock target) if given. */
  function profile(name: string, lock?: string, ageMs = 0): string {
    const path = join(dir, `kasian-chromium-${name}`);
    mkdirSync(join(path, 'profile'), { recursive: true });
    if (lock) symlinkSync(lock, join(path, 'profile', 'SingletonLock'));
    const at = new Date(Date.now() - ageMs);
    utimesSync(path, at, at);
    return path;
  }

  test('removes the profiles of dead browsers and old unlocked ones; keeps live, foreign-host and fresh ones', () => {
    const hour = 3600_000;
    profile('live', `${hostname()}-${process.pid}`, hour);
    const dead = profile('dead', `${hostname()}-2147483646`, hour);
    profile('foreign', `another-host-${process.pid}`, hour);
    profile('fresh');
    const old = profile('old', undefined, hour);
    mkdirSync(join(dir, 'not-ours'));

    expect(removeStaleChromiumProfiles(dir).sort()).toEqual([dead, old].sort());
    expect(readdirSync(dir).sort()).toEqual(['kasian-chromium-foreign', 'kasian-chromium-fresh', 'kasian-chromium-live', 'not-ours']);
  });
});
