import { availableParallelism } from 'node:os';
import { InvalidEnvironmentError } from '../config/environment';

/** The renderer's settings, read from the environment in this one place (documented in docs/rendering.md). */
export interface RenderingSettings {
  /** PUPPETEER_EXECUTABLE_PATH: the Chromium binary. */
  executablePath: string;
  /** RENDER_PAGES: documents printed at once, one browser page each. */
  pages: number;
  /** RENDER_TIMEOUT_MS: a job still printing after this fails, and its page (or browser) is killed. */
  timeoutMs: number;
  /** RENDER_QUEUE_LIMIT: jobs allowed to wait for a page; one more is refused (503, retry later). */
  queueLimit: number;
  /** RENDER_RECYCLE_AFTER: jobs one browser prints before it is replaced, to bound its memory. */
  recycleAfter: number;
  /** Launch Chromium at start-up rather than on the first job (production only, so test apps stay light). */
  warmUp: boolean;
}

const LIMITS = {
  RENDER_PAGES: { min: 1, max: 64 },
  RENDER_TIMEOUT_MS: { min: 1000, max: 600_000 },
  RENDER_QUEUE_LIMIT: { min: 0, max: 100_000 },
  RENDER_RECYCLE_AFTER: { min: 1, max: 10_000_000 },
} as const;

type Variable = keyof typeof LIMITS;

export function renderingSettings(env: NodeJS.ProcessEnv = process.env): RenderingSettings {
  const problems: { variable: string; message: string }[] = [];
  const integer = (variable: Variable, fallback: number): number => {
    const raw = env[variable];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    const { min, max } = LIMITS[variable];
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      problems.push({ variable, message: `must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})` });
      return fallback;
    }
    return value;
  };
  const settings: RenderingSettings = {
    executablePath: env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium',
    pages: integer('RENDER_PAGES', availableParallelism()),
    timeoutMs: integer('RENDER_TIMEOUT_MS', 30_000),
    queueLimit: integer('RENDER_QUEUE_LIMIT', 100),
    recycleAfter: integer('RENDER_RECYCLE_AFTER', 1000),
    warmUp: env.NODE_ENV === 'production',
  };
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  return settings;
}
