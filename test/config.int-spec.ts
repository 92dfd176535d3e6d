import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Start-up with a bad environment variable: the process stops before listening and names the variable. */
describe('configuration at boot', () => {
  const root = join(__dirname, '..');

  function start(env: Record<string, string>) {
    return spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  test.each([
    ['PORT', 'not-a-port'],
    ['DATABASE_URL', 'postgres://somewhere/db'],
    ['NODE_ENV', 'staging'],
    ['SESSION_TTL_HOURS', '0'],
  ])('an invalid %s stops start-up with a message naming it', (variable, value) => {
    const result = start({ [variable]: value });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('Invalid configuration / การตั้งค่าไม่ถูกต้อง');
    expect(result.stderr).toMatch(new RegExp(`^\\s+- ${variable}: `, 'm'));
    expect(result.stdout).not.toContain('listening');
  });
});
