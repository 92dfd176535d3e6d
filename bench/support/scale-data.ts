import { createConnection, type Connection } from 'mysql2/promise';
import { NestFactory } from '@nestjs/core';
import seed000 from '../../test/fixtures/seed-000-measures.json';
import seed002 from '../../test/fixtures/seed-002-implementation.json';
import seed003 from '../../test/fixtures/seed-003-memo-implementation.json';
import { HttpClient } from '../../test/support/http-client';
import { resetEnvironmentCache } from '../../src/config/configuration';
import { DEMO_ORGANIZATION, DEMO_PEOPLE, DEMO_POSITIONS, DEMO_ROUTE } from '../../src/demo/demo-data';

/**
 * The data of bench:scale. The demo-size database is made through Kasian's API: the demo organisation, its people,
 * and 13 documents taken through the workflow (10 published, 1 ready to publish, 1 awaiting the ปลัด, 1 draft),
 * rendered by the real outbox. The national-size database is that organisation's rows multiplied in SQL
 * (INSERT … SELECT): every organisation is a copy of it, with its documents copied round-robin from the 13.
 */
export const PASSWORD = 'scale-bench-password';
export const TEMPLATE_SLUG = DEMO_ORGANIZATION.slug;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export interface NationalSize {
  organizations: number;
  /** Documents of each ordinary organisation (copies of the template's, round-robin). */
  documentsPerOrganization: number;
  /** Documents of organisation 0, the one with a long history of its own. */
  bigOrganizationDocuments: number;
}

/** 7,850 organisations, ≈ 47,000 people, ≈ 400,000 documents; `--quick` is one twentieth of the organisations. */
export function nationalSize(quick: boolean): NationalSize {
  return { organizations: quick ? 393 : 7850, documentsPerOrganization: 51, bigOrganizationDocuments: 2000 };
}

/** Creates the demo organisation with known passwords (as the demo seeder does, through OrganizationsService). */
export async function seedTemplateOrganization(databaseUrl: string, dataDir: string): Promise<void> {
  Object.assign(process.env, { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_DATA: 'false', OUTBOX_ENABLED: 'false', NODE_ENV: 'test' });
  resetEnvironmentCache();
  const { AppModule } = await import('../../src/app.module');
  const { OrganizationsService } = await import('../../src/organizations/organizations.service');
  const { CertificatesService } = await import('../../src/publication/certificates.service');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  try {
    const people = DEMO_PEOPLE.map(({ roleName: _r, ...p }) => ({ ...p, password: PASSWORD }));
    const { organization } = await app.get(OrganizationsService).createWithPeople(DEMO_ORGANIZATION, DEMO_POSITIONS, people, DEMO_ROUTE);
    await app.get(CertificatesService).ensureDemo(organization.id);
  } finally {
    await app.close();
  }
}

export type Role = 'author' | 'deputy' | 'mayor' | 'webmaster' | 'admin';
export const USERNAMES: Record<Role, string> = { author: 'sujin', deputy: 'orathai', mayor: 'kalong', webmaster: 'wilaiwan', admin: 'admin' };

export async function signIn(url: string, suffix = ''): Promise<Record<Role, HttpClient>> {
  const clients = {} as Record<Role, HttpClient>;
  for (const [role, username] of Object.entries(USERNAMES) as [Role, string][]) {
    const client = new HttpClient(url);
    const res = await client.login(`${username}${suffix}`, PASSWORD);
    if (res.status !== 200) throw new Error(`sign-in ${username}${suffix}: ${res.status} ${res.text.slice(0, 200)}`);
    clients[role] = client;
  }
  return clients;
}

function ok(res: { status: number; text: string }, what: string, expected = [200, 201]): void {
  if (!expected.includes(res.status)) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
}

/** The 13 documents of the template, through the API of a running Kasian whose outbox renders. */
export async function makeTemplateDocuments(url: string, log: (line: string) => void): Promise<void> {
  const p = await signIn(url);
  for (const role of ['deputy', 'mayor'] as const) {
    const me = (await p[role].get('/api/auth/me')).body.user.id;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'signature.png');
    ok(await p[role].put(`/api/people/${me}/signature`, form), 'signature', [204]);
  }
  // A sixth person (7,850 × 6 ≈ 47,000 people) and an acting order, as an admin makes them.
  ok(await p.admin.post('/api/people', { honorific: 'นางสาว', fullName: 'สมศรี ใจงาม', username: 'somsri', password: PASSWORD, roles: ['author'] }), 'person');
  const positions = (await p.admin.get('/api/positions')).body;
  const mayorPosition = (Array.isArray(positions) ? positions : positions.items).find((x: { title: string }) => x.title.startsWith('นายก')).id;
  const deputyId = (await p.deputy.get('/api/auth/me')).body.user.id;
  ok(await p.admin.post('/api/acting-assignments', { positionId: mayorPosition, userId: deputyId, kind: 'acting', orderNumber: '๑๒/๒๕๖๘', startsOn: '2025-01-06', endsOn: '2025-01-10' }), 'acting order');
  const seeds = [seed000, seed002, seed003] as any[];
  const ids: string[] = [];
  for (let i = 0; i < 13; i++) {
    const document = structuredClone(seeds[i % seeds.length]);
    document.report.fiscalYear = 2568 - (i % 3);
    document.report.title = `${document.report.title} (ชุดที่ ${i + 1})`;
    if (document.memo) document.memo.subject = `${document.memo.subject ?? document.report.title} ชุดที่ ${i + 1}`;
    const res = await p.author.post('/api/reports/import', document);
    ok(res, 'import');
    ids.push(res.body.id);
  }
  const send = async (who: Role, id: string, body: Record<string, unknown>) => ok(await p[who].post(`/api/memos/${id}/transitions`, body), `${body.event as string} ${id}`);
  // 0–10 approved (rendered, then 0–9 published, 10 left in the queue), 11 awaiting the ปลัด, 12 a draft.
  for (const [i, id] of ids.entries()) {
    if (i === 12) continue;
    await send('author', id, { event: 'SUBMIT' });
    if (i === 11) continue;
    await send('deputy', id, { event: 'FORWARD', comment: 'ทราบ เห็นควรนำเสนอนายก อบต.' });
    await send('mayor', id, { event: 'APPROVE', comment: 'ทราบ อนุมัติ ให้ประกาศบนเว็บไซต์' });
  }
  log('template: 13 documents made, waiting for the outbox to render 11 PDFs');
  const deadline = Date.now() + 20 * 60_000;
  for (const id of ids.slice(0, 11)) {
    for (;;) {
      const status = (await p.author.get(`/api/reports/${id}`)).body.status;
      if (status === 'ready') break;
      if (Date.now() > deadline) throw new Error(`memo ${id} was not rendered in 20 minutes (status ${status})`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  for (const id of ids.slice(0, 10)) ok(await p.webmaster.post(`/api/memos/${id}/publish`, {}), `publish ${id}`);
  log('template: 10 published, 1 ready to publish, 1 awaiting the ปลัด, 1 draft');
}

/** A copy's id: the source id with its last 12 hex digits replaced by the copy number (ids stay UUID-shaped). */
const remap = (column: string, copy: string) => `IF(${column} IS NULL, NULL, CONCAT(LEFT(${column}, 24), LPAD(LOWER(HEX(${copy})), 12, '0')))`;

/** Columns holding a document's id (remapped per document copy); every other id column is remapped per organisation. */
const DOCUMENT_ID_COLUMNS = new Set(['memo_id', 'report_id', 'superseded_by_id', 'supersedes_id']);
const DOCUMENT_TABLES: Record<string, string> = {
  reports: 'id',
  memos: 'id',
  audit_events: 'memo_id',
  memo_reviews: 'memo_id',
  rendered_documents: 'memo_id',
  publications: 'memo_id',
};
/** The MariaDB search indexes (of each document's text, and of its title and subject). */
const TRIGRAM_TABLES = ['report_trigrams', 'report_head_trigrams'];
const ORGANIZATION_TABLES = ['organizations', 'positions', 'users', 'route_steps', 'ita_items', 'organization_certificates', 'acting_assignments', 'document_registers'];

async function columnsOf(db: Connection, schema: string, table: string): Promise<{ name: string; type: string }[]> {
  const [rows] = await db.query<any[]>(
    'SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position',
    [schema, table],
  );
  return rows;
}

/**
 * Fills `national` (migrated, empty) with copies of `demo`'s template organisation: organisation n (0-based) is a
 * copy with slug `{slug}-{n}` and usernames `{username}-{n}`; organisation 0 has `bigOrganizationDocuments`
 * documents, the others `documentsPerOrganization`. Trigram rows (the MariaDB search indexes) are copied for
 * organisations 0 and 1 only: the index for all (≈ 1 billion rows) does not fit this machine, and a search reads
 * only its own organisation's part of the key.
 */
export async function multiply(serverUrl: string, demo: string, national: string, size: NationalSize, log: (line: string) => void): Promise<void> {
  const db = await createConnection({ uri: new URL(national, serverUrl).toString(), multipleStatements: true });
  try {
    const [[template]] = await db.query<any[]>(`SELECT id FROM \`${demo}\`.organizations WHERE slug = ?`, [TEMPLATE_SLUG]);
    const [documents] = await db.query<any[]>(`SELECT id FROM \`${demo}\`.memos WHERE organization_id = ? ORDER BY created_at, id`, [template.id]);
    const T = documents.length;
    await db.query('SET foreign_key_checks = 0, unique_checks = 0');
    await db.query('DROP TABLE IF EXISTS bench_template_documents, bench_copies');
    await db.query('CREATE TABLE bench_template_documents (idx INT PRIMARY KEY, id VARCHAR(36) NOT NULL, KEY (id))');
    await db.query(`INSERT INTO bench_template_documents VALUES ${documents.map((_, i) => '(?, ?)').join(', ')}`, documents.flatMap((d, i) => [i, d.id]));
    // One row per document copy: organisation n, its i-th document, the source, the copy round k and the copy number m.
    await db.query(`CREATE TABLE bench_copies (m BIGINT PRIMARY KEY, n INT NOT NULL, i INT NOT NULL, k INT NOT NULL, src VARCHAR(36) NOT NULL, KEY (src, n))`);
    await db.query(
      `INSERT INTO bench_copies (m, n, i, k, src)
       SELECT o.seq * 4096 + d.seq, o.seq, d.seq, d.seq DIV ${T}, t.id
       FROM seq_0_to_${size.organizations - 1} o
       JOIN seq_0_to_${size.bigOrganizationDocuments - 1} d ON d.seq < IF(o.seq = 0, ${size.bigOrganizationDocuments}, ${size.documentsPerOrganization})
       JOIN bench_template_documents t ON t.idx = d.seq MOD ${T}`,
    );
    const [[{ copies }]] = await db.query<any[]>('SELECT COUNT(*) AS copies FROM bench_copies');
    log(`national: ${size.organizations} organisations, ${copies} documents planned`);

    for (const table of ORGANIZATION_TABLES) {
      const columns = await columnsOf(db, national, table);
      const expressions = columns.map(({ name }) => {
        if (table === 'organizations' && name === 'slug') return `CONCAT(s.slug, '-', o.seq)`;
        if (table === 'organizations' && name === 'name') return `CONCAT(s.name, ' ', o.seq)`;
        if (table === 'users' && name === 'username') return `CONCAT(s.username, '-', o.seq)`;
        if (table === 'users' && name === 'email') return 'NULL';
        if (name === 'id' || name.endsWith('_id')) return remap(`s.${name}`, 'o.seq');
        return `s.\`${name}\``;
      });
      const key = table === 'organizations' ? 'id' : 'organization_id';
      await db.query(
        `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c.name}\``).join(', ')})
         SELECT ${expressions.join(', ')} FROM \`${demo}\`.\`${table}\` s JOIN seq_0_to_${size.organizations - 1} o WHERE s.${key} = ?`,
        [template.id],
      );
      log(`national: ${table} copied`);
    }
    await db.query(`UPDATE document_registers SET last_number = ${size.bigOrganizationDocuments + 1}`);

    // About 20,000 documents per statement: one transaction each, of a size InnoDB's undo log takes in its stride.
    const batch = Math.max(1, Math.floor(20_000 / size.documentsPerOrganization));
    for (const [table, key] of Object.entries(DOCUMENT_TABLES)) {
      const columns = await columnsOf(db, national, table);
      const expressions = columns.map(({ name, type }) => {
        if (name === 'id') return remap('s.id', 'c.m');
        if (DOCUMENT_ID_COLUMNS.has(name)) return remap(`s.${name}`, 'c.m');
        if (name === 'plan_id') return 'NULL';
        if (name.endsWith('_id') || name === 'published_by') return remap(`s.${name}`, 'c.n');
        if (name === 'document_number') return `IF(s.document_number IS NULL, NULL, CONCAT(SUBSTRING_INDEX(s.document_number, '/', 1), '/', c.i + 1))`;
        if (name === 'fiscal_year') return 's.fiscal_year - c.k MOD 8';
        if (table === 'publications' && name === 'slug') return `CONCAT(s.slug, '-', c.k)`;
        if (table === 'publications' && name === 'title') return `CONCAT(s.title, ' #', c.i + 1)`;
        if (table === 'reports' && name === 'title') return `CONCAT(s.title, ' #', c.i + 1)`;
        // Spread the copies over time, six hours apart, the newest first: orders and date windows meet real spreads.
        if (type === 'datetime') return `s.\`${name}\` - INTERVAL (c.i * 6) HOUR`;
        return `s.\`${name}\``;
      });
      for (let from = 0; from < size.organizations; from += batch) {
        await db.query(
          `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c.name}\``).join(', ')})
           SELECT ${expressions.join(', ')} FROM \`${demo}\`.\`${table}\` s JOIN bench_copies c ON c.src = s.${key}
           WHERE c.n >= ${from} AND c.n < ${from + batch}`,
        );
      }
      log(`national: ${table} copied`);
    }
    // The copies of organisations 0 and 1 first: joined to all copies, each source trigram would read 30,000 of them.
    await db.query('CREATE TABLE bench_searched AS SELECT * FROM bench_copies WHERE n < 2');
    for (const table of TRIGRAM_TABLES) {
      await db.query(
        `INSERT INTO ${table} (organization_id, trigram, report_id)
         SELECT ${remap('s.organization_id', 'c.n')}, s.trigram, ${remap('s.report_id', 'c.m')}
         FROM bench_searched c JOIN \`${demo}\`.${table} s ON s.report_id = c.src`,
      );
    }
    await db.query('DROP TABLE bench_searched');
    log(`national: ${TRIGRAM_TABLES.join(' and ')} copied for organisations 0 and 1`);
    await db.query('DROP TABLE bench_template_documents, bench_copies');
    await db.query(`ANALYZE TABLE ${[...ORGANIZATION_TABLES, ...Object.keys(DOCUMENT_TABLES), ...TRIGRAM_TABLES].join(', ')}`);
  } finally {
    await db.end();
  }
}

/** Row counts of the tables the issue names, to print with the figures. */
export async function counts(serverUrl: string, schema: string): Promise<Record<string, number>> {
  const db = await createConnection(new URL(schema, serverUrl).toString());
  try {
    const result: Record<string, number> = {};
    for (const table of ['organizations', 'users', 'reports', 'audit_events', 'publications', 'report_trigrams']) {
      const [[{ n }]] = await db.query<any[]>(`SELECT COUNT(*) AS n FROM \`${table}\``);
      result[table] = Number(n);
    }
    const [[{ mb }]] = await db.query<any[]>('SELECT ROUND(SUM(data_length + index_length) / 1048576) AS mb FROM information_schema.tables WHERE table_schema = ?', [schema]);
    result.megabytes = Number(mb);
    return result;
  } finally {
    await db.end();
  }
}
