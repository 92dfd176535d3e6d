import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { resetEnvironmentCache } from '../../src/config/configuration';
import type { Dialect } from '../../src/database/database-options';
import { OrganizationsService, type NewPerson } from '../../src/organizations/organizations.service';
import type { Role } from '../../src/identity/role';
import { CertificatesService } from '../../src/publication/certificates.service';

export const DIALECTS: Dialect[] = ['sqlite', 'mysql'];

export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  dialect: Dialect;
  databaseUrl?: string;
  /** The environment naming this app's database and files, for a second app on them (`startTestApp(…, { sharing })`). */
  databaseEnv: Record<string, string>;
  close(): Promise<void>;
}

/** A fresh, empty database of the dialect: a temporary SQLite file or a new database on the test MariaDB. */
export async function freshDatabase(dialect: Dialect): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'kasian-sqlite-'));
    return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error('TEST_DATABASE_URL is not set: run the integration tests through jest (global setup starts MariaDB)');
  const name = `kasian_${randomBytes(6).toString('hex')}`;
  const connection = await createConnection(server);
  // latin1 on purpose: the migrations must make every table utf8mb4 whatever the database default is.
  await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET latin1`);
  await connection.end();
  const dir = mkdtempSync(join(tmpdir(), 'kasian-files-'));
  return {
    env: { DATABASE_URL: new URL(name, server.endsWith('/') ? server : `${server}/`).toString(), DATA_DIR: dir },
    drop: async () => {
      const c = await createConnection(server);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const KASIAN_VARIABLES = [
  'DATABASE_URL',
  'DATA_DIR',
  'DEMO_DATA',
  'NODE_ENV',
  'LOG_LEVEL',
  'PUBLIC_URL',
  'PORT',
  'SMTP_URL',
  'OUTBOX_ENABLED',
  'TRUST_PROXY',
  'LOGIN_FREE_FAILURES',
  'LOGIN_FIRST_DELAY_SECONDS',
  'LOGIN_MAX_FAILURES_PER_IP',
  'LOGIN_BLOCK_MINUTES',
  'REQUEST_TIMEOUT_MS',
  'IMPORT_TIMEOUT_MS',
  'HEALTH_TIMEOUT_MS',
  'HEALTH_TOKEN',
  'DATABASE_CONNECT_TIMEOUT_MS',
  'DATABASE_QUERY_TIMEOUT_MS',
  'STORAGE_MIN_FREE_MB',
  'VERIFY_MAX_MB',
  'VERIFY_UPLOADS_PER_MINUTE',
  'STORAGE',
  'S3_ENDPOINT',
  'S3_BUCKET',
  'S3_REGION',
  'S3_FORCE_PATH_STYLE',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_PREFIX',
  'KASIAN_ROLE',
];

/**
 * Starts Kasian on a random port (or `env.PORT`) against a fresh database of the dialect, migrations applied at start.
 * With `sharing`, against that app's database and files instead — a second Kasian process beside it; closing
 * this one leaves them to their owner.
 */
export async function startTestApp(dialect: Dialect, env: Record<string, string> = {}, { sharing }: { sharing?: TestApp } = {}): Promise<TestApp> {
  const database = sharing ? { env: sharing.databaseEnv, drop: async () => undefined } : await freshDatabase(dialect);
  for (const key of KASIAN_VARIABLES) delete process.env[key];
  Object.assign(process.env, { NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false' }, database.env, env);
  resetEnvironmentCache();
  const { createApp } = await import('../../src/bootstrap');
  const app = await createApp();
  // A given PORT (with PUBLIC_URL naming it) makes the links Kasian mails point at this app.
  await app.listen(Number(env.PORT ?? 0), '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    dialect,
    databaseUrl: database.env.DATABASE_URL,
    databaseEnv: database.env,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export interface SeededOrganization {
  organizationId: string;
  positions: Record<string, string>;
  users: Record<string, { id: string; username: string; password: string }>;
}

const PASSWORD = 'correct-horse-battery';

/**
 * An organisation with a section head, a ปลัด, a นายก, a webmaster and an admin (usernames prefixed by `prefix`),
 * created through the service the demo data and the CLI use.
 */
export async function seedOrganization(testApp: TestApp, prefix: string): Promise<SeededOrganization> {
  const people: (NewPerson & { key: string })[] = [
    { key: 'author', honorific: 'นาง', fullName: `${prefix} ผู้จัดทำ`, username: `${prefix}-author`, roles: ['author'] as Role[], position: 0, password: PASSWORD },
    { key: 'deputy', honorific: 'นาง', fullName: `${prefix} ปลัด`, username: `${prefix}-deputy`, roles: ['reviewer'] as Role[], position: 1, password: PASSWORD },
    { key: 'mayor', honorific: 'นาย', fullName: `${prefix} นายก`, username: `${prefix}-mayor`, roles: ['reviewer'] as Role[], position: 2, password: PASSWORD },
    { key: 'webmaster', honorific: 'นางสาว', fullName: `${prefix} เว็บ`, username: `${prefix}-web`, roles: ['webmaster'] as Role[], password: PASSWORD },
    { key: 'admin', honorific: 'นาย', fullName: `${prefix} แอดมิน`, username: `${prefix}-admin`, roles: ['admin'] as Role[], password: PASSWORD },
  ];
  const created = await testApp.app.get(OrganizationsService).createWithPeople(
    {
      slug: prefix,
      name: `องค์การบริหารส่วนตำบล${prefix}`,
      shortName: `อบต.${prefix}`,
      kind: 'sao',
      district: 'ตากใบ',
      province: 'นราธิวาส',
      letterCode: 'นธ ๗๗๒๐๑',
      numerals: 'thai',
      phone: null,
      website: null,
    },
    [
      { title: 'หัวหน้าสำนักปลัด', shortTitle: 'หัวหน้าสำนักปลัด', unit: 'สำนักปลัด' },
      { title: `ปลัดองค์การบริหารส่วนตำบล${prefix}`, shortTitle: 'ปลัด อบต.', unit: null },
      { title: `นายกองค์การบริหารส่วนตำบล${prefix}`, shortTitle: 'นายก อบต.', unit: null },
    ],
    people,
    [1, 2],
  );
  await testApp.app.get(CertificatesService).ensureDemo(created.organization.id);
  return {
    organizationId: created.organization.id,
    positions: { author: created.positions[0].id, deputy: created.positions[1].id, mayor: created.positions[2].id },
    users: Object.fromEntries(people.map((p, i) => [p.key, { id: created.users[i].id, username: p.username, password: PASSWORD }])),
  };
}

/** A port free on loopback now, for an app that must know its own address before it starts (PUBLIC_URL). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
