import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  return value;
};

/**
 * Every environment variable Kasian reads. `.env.example` documents each one; keep the two in step.
 * Validated once at boot: a bad value stops start-up with a message naming the variable.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_URL = 'http://localhost:3000';

  @IsOptional()
  @Matches(/^mysql:\/\/[^\s]+$/, { message: 'DATABASE_URL must look like mysql://user:password@host:3306/database' })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = './data';

  @Transform(toBoolean)
  @IsBoolean()
  DATABASE_LOGGING = false;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_TTL_HOURS = 12;

  @IsInt()
  @Min(0)
  @Max(1000)
  LOGIN_FREE_FAILURES = 5;

  @IsInt()
  @Min(1)
  @Max(3600)
  LOGIN_FIRST_DELAY_SECONDS = 1;

  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_MAX_FAILURES_PER_IP = 50;

  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_BLOCK_MINUTES = 15;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_DATA?: boolean;

  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must look like smtp://user:password@host:587 or smtps://…' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Kasian <kasian@localhost>';

  @Transform(toBoolean)
  @IsBoolean()
  OUTBOX_ENABLED = true;

  @IsInt()
  @Min(50)
  @Max(60_000)
  OUTBOX_POLL_MS = 1000;

  @IsInt()
  @Min(100)
  @Max(600_000)
  REQUEST_TIMEOUT_MS = 15_000;

  /** The deadline of a bulk import of organisations (all or nothing, thousands of lines in one transaction). */
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  IMPORT_TIMEOUT_MS = 300_000;

  @IsInt()
  @Min(100)
  @Max(60_000)
  HEALTH_TIMEOUT_MS = 5_000;

  @IsOptional()
  @Matches(/^\S{24,}$/, { message: 'HEALTH_TOKEN must be at least 24 characters without spaces' })
  HEALTH_TOKEN?: string;

  @IsInt()
  @Min(100)
  @Max(120_000)
  DATABASE_CONNECT_TIMEOUT_MS = 5_000;

  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DATABASE_QUERY_TIMEOUT_MS = 10_000;

  @IsInt()
  @Min(0)
  @Max(1_000_000)
  STORAGE_MIN_FREE_MB = 200;

  @IsInt()
  @Min(1)
  @Max(1024)
  VERIFY_MAX_MB = 50;

  @IsInt()
  @Min(1)
  @Max(100_000)
  VERIFY_UPLOADS_PER_MINUTE = 30;
  /** How long a claimed outbox job stays this process's without being renewed; a dead worker's jobs wait this long. */
  @IsInt()
  @Min(2)
  @Max(3600)
  OUTBOX_LEASE_SECONDS = 60;

  /** web: HTTP only (no outbox worker); worker: outbox and rendering only (no HTTP listener); all: both. */
  @IsIn(['web', 'worker', 'all'])
  KASIAN_ROLE: 'web' | 'worker' | 'all' = 'all';

  /** Where rendered and published PDFs are kept: the data directory, or an S3-compatible bucket (`S3_*`). */
  @IsIn(['local', 's3'])
  STORAGE: 'local' | 's3' = 'local';

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a bucket name (3–63 of a-z, 0-9, . and -)' })
  S3_BUCKET?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'S3_ENDPOINT must be a URL such as https://s3.example.go.th' })
  S3_ENDPOINT?: string;

  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'S3_REGION must be a region name such as ap-southeast-1' })
  S3_REGION = 'us-east-1';

  @Transform(toBoolean)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9/_.-]{0,100}$/, { message: 'S3_PREFIX must be a key prefix of a-z, 0-9, / _ . -' })
  S3_PREFIX?: string;
}

const integerKeys: (keyof Environment)[] = [
  'PORT',
  'SESSION_TTL_HOURS',
  'LOGIN_FREE_FAILURES',
  'LOGIN_FIRST_DELAY_SECONDS',
  'LOGIN_MAX_FAILURES_PER_IP',
  'LOGIN_BLOCK_MINUTES',
  'OUTBOX_POLL_MS',
  'REQUEST_TIMEOUT_MS',
  'IMPORT_TIMEOUT_MS',
  'HEALTH_TIMEOUT_MS',
  'DATABASE_CONNECT_TIMEOUT_MS',
  'DATABASE_QUERY_TIMEOUT_MS',
  'STORAGE_MIN_FREE_MB',
  'VERIFY_MAX_MB',
  'VERIFY_UPLOADS_PER_MINUTE',
  'OUTBOX_LEASE_SECONDS',
];

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration / การตั้งค่าไม่ถูกต้อง:\n' +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'InvalidEnvironmentError';
  }
}

/** Parses and validates `process.env`-like input; throws `InvalidEnvironmentError` naming each bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === '' || value === undefined) continue;
    input[key] = integerKeys.includes(key as keyof Environment) && /^-?\d+$/.test(String(value)) ? Number(value) : value;
  }
  const env = plainToInstance(Environment, input, { exposeDefaultValues: true });
  // Without PUBLIC_URL, links point at this machine on the port actually used.
  if (input.PUBLIC_URL === undefined && typeof env.PORT === 'number') env.PUBLIC_URL = `http://localhost:${env.PORT}`;
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new InvalidEnvironmentError(
      errors.map((e) => ({
        variable: e.property,
        message: `${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(e.value)})`,
      })),
    );
  }
  const related = relatedProblems(env);
  if (related.length > 0) throw new InvalidEnvironmentError(related);
  return env;
}

/** Variables that are valid alone but not together. */
function relatedProblems(env: Environment): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  if (env.STORAGE === 's3' && !env.S3_BUCKET) problems.push({ variable: 'S3_BUCKET', message: 'is required when STORAGE=s3' });
  if (!env.S3_ACCESS_KEY_ID !== !env.S3_SECRET_ACCESS_KEY) {
    problems.push({ variable: env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID', message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together or not at all' });
  }
  return problems;
}
