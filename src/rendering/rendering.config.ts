import { cpus } from 'node:os';
import { existsSync } from 'node:fs';

export interface RenderingSettings {
  executablePath: string;
  pages: number;
  queueLimit: number;
  timeoutMs: number;
  recycleAfter: number;
}

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1 (got ${JSON.stringify(value)})`);
  return n;
}

/** The renderer's settings (validated with the rest of the environment at boot, see src/config). */
export function renderingSettings(env: NodeJS.ProcessEnv = process.env): RenderingSettings {
  return {
    executablePath: env.PUPPETEER_EXECUTABLE_PATH || CANDIDATES.find((path) => existsSync(path)) || CANDIDATES[0],
    pages: positive('RENDER_PAGES', env.RENDER_PAGES, Math.max(1, cpus().length)),
    queueLimit: positive('RENDER_QUEUE_LIMIT', env.RENDER_QUEUE_LIMIT, 50),
    timeoutMs: positive('RENDER_TIMEOUT_MS', env.RENDER_TIMEOUT_MS, 30_000),
    recycleAfter: positive('RENDER_RECYCLE_AFTER', env.RENDER_RECYCLE_AFTER, 500),
  };
}
