import { registerAs } from '@nestjs/config';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { projectRoot } from '../common/project-root';
import { Environment, validateEnvironment } from './environment';

let cached: Environment | undefined;

/** The validated environment, computed once per process. */
export function environment(): Environment {
  cached ??= validateEnvironment(process.env);
  return cached;
}

/** For tests that change `process.env` between application instances. */
export function resetEnvironmentCache(): void {
  cached = undefined;
}

export const appConfig = registerAs('app', () => {
  const env = environment();
  const dataDir = isAbsolute(env.DATA_DIR) ? env.DATA_DIR : resolve(process.cwd(), env.DATA_DIR);
  return {
    nodeEnv: env.NODE_ENV,
    production: env.NODE_ENV === 'production',
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL.replace(/\/$/, ''),
    secureCookies: env.PUBLIC_URL.startsWith('https://'),
    dataDir,
    logLevel: env.LOG_LEVEL,
    demoData: env.NODE_ENV === 'production' ? false : (env.DEMO_DATA ?? env.NODE_ENV === 'development'),
    // Express reads a number as hops; the string "1" would name an address and trust nothing.
    trustProxy: env.TRUST_PROXY && /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY,
    version: packageVersion(),
  };
});
export type AppConfig = ReturnType<typeof appConfig>;

export const authConfig = registerAs('auth', () => {
  const env = environment();
  return {
    sessionTtlMs: env.SESSION_TTL_HOURS * 3600_000,
    freeFailures: env.LOGIN_FREE_FAILURES,
    firstDelaySeconds: env.LOGIN_FIRST_DELAY_SECONDS,
    maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
    blockSeconds: env.LOGIN_BLOCK_MINUTES * 60,
  };
});
export type AuthConfig = ReturnType<typeof authConfig>;

export const databaseConfig = registerAs('database', () => {
  const env = environment();
  return {
    url: env.DATABASE_URL,
    dataDir: appConfig().dataDir,
    logging: env.DATABASE_LOGGING,
    connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
  };
});
export type DatabaseConfig = ReturnType<typeof databaseConfig>;

export const workConfig = registerAs('work', () => {
  const env = environment();
  return {
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    role: env.KASIAN_ROLE,
    /** A web process leaves the outbox to the workers. */
    outboxEnabled: env.OUTBOX_ENABLED && env.KASIAN_ROLE !== 'web',
    outboxPollMs: env.OUTBOX_POLL_MS,
    outboxLeaseMs: env.OUTBOX_LEASE_SECONDS * 1000,
  };
});
export type WorkConfig = ReturnType<typeof workConfig>;

/** How long Kasian works on an answer, what readiness needs, and what anyone may upload to it. */
export const limitsConfig = registerAs('limits', () => {
  const env = environment();
  return {
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    healthTimeoutMs: env.HEALTH_TIMEOUT_MS,
    importTimeoutMs: env.IMPORT_TIMEOUT_MS,
    healthToken: env.HEALTH_TOKEN,
    storageMinFreeBytes: env.STORAGE_MIN_FREE_MB * 1024 * 1024,
    verifyMaxBytes: env.VERIFY_MAX_MB * 1024 * 1024,
    verifyUploadsPerMinute: env.VERIFY_UPLOADS_PER_MINUTE,
  };
});
export type LimitsConfig = ReturnType<typeof limitsConfig>;

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
export const storageConfig = registerAs('storage', () => {
  const env = environment();
  return {
    kind: env.STORAGE,
    dataDir: appConfig().dataDir,
    s3: {
      bucket: env.S3_BUCKET ?? '',
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      credentials: env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY! } : undefined,
      prefix: env.S3_PREFIX,
    },
  };
});
export type StorageConfig = ReturnType<typeof storageConfig>;
