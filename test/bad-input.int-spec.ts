import { createHash, randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { DataSource } from 'typeorm';
import { ErrorCode } from '../src/common/domain-error';
import { RenderedDocument } from '../src/publication/rendered-document.entity';
import { FileStorage } from '../src/storage/file-storage';
import { WorkflowService } from '../src/workflow/workflow.service';
import { organizationsCsv } from '../bench/support/organizations-csv';
import { signedInOperator, tokenOf } from './support/operator';
import seed003 from './fixtures/seed-003-memo-implementation.json';
import { HttpClient, signInForm } from './support/http-client';
import { newDraft, PNG_SIGNATURE, send, signInAll, type People } from './support/journey';
import { pkcs12 } from './support/pkcs12';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

/**
 * "Bad input gets a clear error and changes nothing": every write endpoint of the API and every form the pages post,
 * each with a table of hostile inputs, sent by someone allowed to call it. Each answer must be a 4xx (never a 5xx)
 * with a stable `code` (and, where a field is at fault, that field with a Thai and an English message; pages show
 * their error), and the database must be exactly as it was. Strings are measured as the database measures them:
 * VARCHAR(n) holds n code points on MySQL/MariaDB.
 */

type Fields = Record<string, unknown>;
type Who = 'anonymous' | 'visitor' | 'author' | 'deputy' | 'webmaster' | 'admin' | 'spare' | 'operator';

interface Case {
  name: string;
  /** A JSON body (pages get their CSRF field added). */
  json?: unknown;
  /** An urlencoded form (the CSRF field is added); a list repeats the field. */
  form?: Record<string, string | string[]>;
  /** A multipart form; the CSRF token goes in the header (API) or the query (pages). */
  multipart?: Record<string, string | Blob | (string | Blob)[]>;
  /** A body sent byte for byte with this content type. */
  raw?: { type: string; body: string | Uint8Array };
  /** Instead of the endpoint's path (a bad id). */
  path?: string;
  headers?: Record<string, string>;
  /** The status the answer must have; any 4xx when absent. */
  status?: number;
  /** The field the answer must name. */
  field?: string;
  /** A valid request with something odd about it, which may change data. */
  changes?: true;
}

interface Endpoint {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As Express registered it. */
  route: string;
  path: () => string;
  who: Who;
  /** A page's form rather than the API. */
  page?: true;
  cases: () => Case[];
}

const NOBODY = '00000000-0000-4000-8000-000000000000';
const THAI = /[\u0E00-\u0E7F]/;
const ERROR_CODES = new Set<string>(Object.values(ErrorCode));

/** Text that does not fit a VARCHAR(max) column: as the database counts it, one code point more than `max`. */
function tooLong(max: number): [string, string][] {
  return [
    [`${max + 1} Thai letters`, 'ก'.repeat(max + 1)],
    [`${max} emoji with a variation selector (${2 * max} code points)`, '❤️'.repeat(max)],
    [`${max + 1} astral characters`, '😀'.repeat(max + 1)],
    [`a letter with ${max} Thai tone marks stacked on it`, 'ก' + '\u0E48'.repeat(max)],
    ['10 000 characters', 'x'.repeat(10_000)],
  ];
}

/** Values that are not text at all (JSON only). */
const NOT_TEXT: [string, unknown][] = [
  ['a number', 42],
  ['a list', ['x']],
  ['an object', { x: 'y' }],
  ['true', true],
];

/** Cases for one text field of a JSON body: too long, not text, and (unless nullable) null. */
function textField(base: Fields, field: string, max: number, { nullable = false } = {}): Case[] {
  const values: [string, unknown][] = [...tooLong(max), ...NOT_TEXT, ...(nullable ? [] : ([['null', null]] as [string, unknown][]))];
  return values.map(([name, value]) => ({ name: `${field}: ${name}`, json: { ...base, [field]: value }, field }));
}

/** The same for a form: only text, and the field repeated. */
function formTextField(base: Record<string, string>, field: string, max: number): Case[] {
  return [
    ...tooLong(max).map(([name, value]): Case => ({ name: `${field}: ${name}`, form: { ...base, [field]: value } })),
    { name: `${field}: sent twice`, form: { ...base, [field]: ['ก', 'ข'] } },
  ];
}

/** Whole numbers between min and max, given everything else. */
function intField(base: Fields, field: string, min: number, max: number, { nullable = false } = {}): Case[] {
  const values: [string, unknown][] = [
    ['below the minimum', min - 1],
    ['above the maximum', max + 1],
    ['a fraction', min + 0.5],
    ['1e308', 1e308],
    ['-1e308', -1e308],
    ['2^53 + 2', 2 ** 53 + 2],
    ['a numeric string', String(min)],
    ['true', true],
    ['a list', [min]],
    ['an object', { value: min }],
    ...(nullable ? [] : ([['null', null]] as [string, unknown][])),
  ];
  return values.map(([name, value]) => ({ name: `${field}: ${name}`, json: { ...base, [field]: value }, field }));
}

/** A field that takes one of a few words. */
function enumField(base: Fields, field: string, { nullable = false } = {}): Case[] {
  const values: [string, unknown][] = [['an unknown word', 'nonsense'], ['the empty string', ''], ['a number', 1], ['a list', ['x']], ...(nullable ? [] : ([['null', null]] as [string, unknown][]))];
  return values.map(([name, value]) => ({ name: `${field}: ${name}`, json: { ...base, [field]: value }, field }));
}

const BAD_DATES: [string, unknown][] = [
  ['30 February', '2026-02-30'],
  ['month 13', '2026-13-01'],
  ['day 0', '2026-01-00'],
  ['no dashes', '20260101'],
  ['a number', 20260101],
  ['a Thai word', 'พรุ่งนี้'],
  ['10 000 characters', '2'.repeat(10_000)],
  ['year 0', '0000-01-01'],
  ['a Buddhist-era year', '2568-05-01'],
  ['year 9999', '9999-12-31'],
];

/** Body-level hostility: unknown fields, bodies that are not objects, broken JSON, other content types, a huge body. */
function bodyCases(base: Fields): Case[] {
  return [
    { name: 'an unknown field', json: { ...base, isAdmin: true }, field: 'isAdmin' },
    { name: 'a __proto__ field', raw: { type: 'application/json', body: JSON.stringify(base).replace(/^\{/, '{"__proto__":{"isAdmin":true},') }, status: 400, field: '__proto__' },
    { name: 'a constructor field', json: { ...base, constructor: { name: 'x' } }, status: 400, field: 'constructor' },
    { name: 'a list for a body', json: [base], status: 400, field: 'body' },
    { name: 'a string for a body', raw: { type: 'application/json', body: '"text"' }, status: 400, field: 'body' },
    { name: 'null for a body', raw: { type: 'application/json', body: 'null' }, status: 400, field: 'body' },
    { name: 'malformed JSON', raw: { type: 'application/json', body: '{"a":' }, status: 400, field: 'body' },
    { name: 'JSON with a NUL byte outside strings', raw: { type: 'application/json', body: '{\u0000}' }, status: 400, field: 'body' },
    { name: 'invalid UTF-8', raw: { type: 'application/json; charset=utf-8', body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) } },
    { name: 'an unknown charset', raw: { type: 'application/json; charset=klingon', body: JSON.stringify(base) }, status: 415 },
    { name: 'JSON nested 5 000 deep', raw: { type: 'application/json', body: '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) }, status: 400 },
    { name: 'text/plain', raw: { type: 'text/plain', body: JSON.stringify(base) }, status: 415 },
    { name: 'XML', raw: { type: 'application/xml', body: '<x/>' }, status: 415 },
    { name: 'no content type', raw: { type: '', body: JSON.stringify(base) }, status: 415 },
    { name: 'a 3 MB body', raw: { type: 'application/json', body: JSON.stringify({ ...base, padding: 'x'.repeat(3 * 1024 * 1024) }) }, status: 413 },
  ];
}

/** Paths whose id is not an id. */
function badIds(path: (id: string) => string): Case[] {
  return [
    ['not a UUID', 'not-a-uuid'],
    ['SQL', "1'%20OR%20'1'%3D'1"],
    ['an encoded NUL', '%00'],
    ['a traversal', '..%2F..%2Fetc%2Fpasswd'],
    ['Thai', encodeURIComponent('หนึ่ง')],
    ['5 000 characters', 'a'.repeat(5_000)],
    ['a UUID that names nothing', NOBODY],
  ].map(([name, id]) => ({ name: `id: ${name}`, path: path(id), status: 404 }));
}

/** A multipart form's hostile shapes for an image upload field named `file`. */
function imageUploadCases(): Case[] {
  const png = new Blob([new Uint8Array(PNG_SIGNATURE)], { type: 'image/png' });
  const cases: Case[] = [
    { name: 'no file', multipart: { other: 'x' } },
    { name: 'the file under another name', multipart: { image: png } },
    { name: 'two files', multipart: { file: [png, png] } },
    { name: 'an empty file', multipart: { file: new Blob([], { type: 'image/png' }) } },
    { name: 'text called a PNG', multipart: { file: new Blob(['not an image'], { type: 'image/png' }) } },
    { name: 'an SVG', multipart: { file: new Blob(['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'], { type: 'image/svg+xml' }) } },
    { name: 'a 1.5 MB PNG', multipart: { file: new Blob([new Uint8Array(PNG_SIGNATURE), new Uint8Array(1.5 * 1024 * 1024)], { type: 'image/png' }) }, status: 413 },
    { name: 'the file as a text field', multipart: { file: 'iVBORw0KGgo=' } },
    { name: 'a multipart body with a wrong boundary', raw: { type: 'multipart/form-data; boundary=xyz', body: '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nx\r\n--abc--\r\n' } },
    { name: 'a multipart body cut short', raw: { type: 'multipart/form-data; boundary=xyz', body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG' } },
    { name: 'multipart without a boundary', raw: { type: 'multipart/form-data', body: 'x' } },
    { name: 'JSON instead of a file', json: { file: 'iVBORw0KGgo=' } },
  ];
  return cases;
}

describe.each(DIALECTS)('bad input on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;
  let clients: Record<Who, HttpClient>;
  const ids: Record<string, string> = {};
  const SPARE_PASSWORD = 'spare-password-123';

  beforeAll(async () => {
    t = await startTestApp(dialect, {
      // Nothing runs behind the test's back (the outbox would change rows while the database is compared).
      OUTBOX_ENABLED: 'false',
      // X-Forwarded-For is read from the loopback, as behind a proxy.
      TRUST_PROXY: 'loopback',
      LOGIN_MAX_FAILURES_PER_IP: '10000',
      LOGIN_FREE_FAILURES: '1000',
    });
    org = await seedOrganization(t, 'bad');
    p = await signInAll(t, org);
    const spare = await p.admin.post('/api/people', { honorific: 'นาย', fullName: 'สำรอง ทดสอบ', username: 'bad-spare', password: SPARE_PASSWORD, roles: ['author'] });
    expect(spare.status).toBe(201);
    ids.spare = spare.body.id;
    const spareClient = new HttpClient(t.baseUrl);
    expect((await spareClient.login('bad-spare', SPARE_PASSWORD)).status).toBe(200);
    // Someone who has opened the sign-in page: the form's CSRF cookie and token.
    const visitor = new HttpClient(t.baseUrl);
    ({ cookie: visitor.cookie, csrf: visitor.csrfToken } = await signInForm(t.baseUrl));
    clients = { anonymous: new HttpClient(t.baseUrl), visitor, spare: spareClient, operator: await signedInOperator(t), ...p };
    // An invitation not mailed (no SMTP here): its link is in the answer.
    const invitation = await p.admin.post('/api/invitations', { fullName: 'ผู้ได้รับเชิญ ทดสอบ', email: 'invited@bad.go.th', username: 'invited-person', roles: ['author'] });
    expect(invitation.status).toBe(201);
    ids.invitation = invitation.body.invitation.id;
    ids.invitationToken = tokenOf(invitation.body.delivery.link);

    ids.draft = await newDraft(p.author, 'ร่างสำหรับทดสอบข้อมูลผิด');
    ids.inReview = await newDraft(p.author, 'บันทึกรอปลัดพิจารณา');
    expect((await send(p.author, ids.inReview, { event: 'SUBMIT' })).status).toBe(200);
    ids.ready = await approvedAndRendered();
    ids.readyForPage = await approvedAndRendered();
    const published = await approvedAndRendered();
    const publication = await p.webmaster.post(`/api/memos/${published}/publish`, {});
    expect(publication.status).toBe(200);
    ids.published = published;
    ids.publication = publication.body.id;
    const token = await p.admin.post('/api/auth/tokens', { name: 'สคริปต์' });
    expect(token.status).toBe(201);
    ids.token = token.body.id;
    const acting = await p.admin.post('/api/acting-assignments', {
      positionId: org.positions.deputy, userId: org.users.webmaster.id, kind: 'acting', orderNumber: 'คำสั่ง ที่ ๑/๒๕๖๘', startsOn: '2025-04-01', endsOn: '2025-04-30',
    });
    expect(acting.status).toBe(201);
    ids.acting = acting.body.id;
    ids.itaItem = (await p.admin.get('/api/ita-items?fiscalYear=2567')).body.items[0].id;
  });
  afterAll(() => t.close());

  async function approvedAndRendered(): Promise<string> {
    const id = await newDraft(p.author);
    expect((await send(p.author, id, { event: 'SUBMIT' })).status).toBe(200);
    expect((await send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ' })).status).toBe(200);
    expect((await send(p.mayor, id, { event: 'APPROVE', comment: 'อนุมัติ' })).status).toBe(200);
    const document = await PDFDocument.create();
    document.addPage([595, 842]);
    const pdf = Buffer.from(await document.save());
    const key = `rendered/${id}.pdf`;
    await t.app.get(FileStorage).put(key, pdf);
    await t.app.get(WorkflowService).markRendered(id, async (manager) => {
      await manager.insert(RenderedDocument, {
        id: randomUUID(), organizationId: org.organizationId, memoId: id, round: 1, storageKey: key,
        sha256: createHash('sha256').update(pdf).digest('hex'), size: pdf.length, pages: 1, templateVersion: 'test', createdAt: new Date(),
      });
    });
    return id;
  }

  /** Every table's rows, hashed: equal fingerprints, unchanged data. */
  async function fingerprint(): Promise<Record<string, string>> {
    const dataSource = t.app.get(DataSource);
    const tables = [...new Set(dataSource.entityMetadatas.map((m) => m.tableName))].sort();
    const result: Record<string, string> = {};
    for (const table of tables) {
      const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM ${table}`);
      const lines = rows.map((row) => JSON.stringify(row)).sort();
      result[table] = createHash('sha256').update(lines.join('\n')).digest('hex');
    }
    return result;
  }

  async function request(endpoint: Endpoint, c: Case): Promise<{ status: number; type: string; text: string }> {
    const client = clients[endpoint.who];
    let path = c.path ?? endpoint.path();
    const headers: Record<string, string> = { ...(c.headers ?? {}) };
    if (client.cookie) headers.cookie = client.cookie;
    const csrf = client.csrfToken;
    let body: BodyInit | undefined;
    if (c.raw) {
      headers['content-type'] = c.raw.type;
      body = c.raw.body as BodyInit;
      if (csrf) headers['x-csrf-token'] = csrf;
    } else if (c.multipart) {
      const form = new FormData();
      for (const [name, values] of Object.entries(c.multipart)) {
        for (const value of [values].flat()) {
          if (typeof value === 'string') form.append(name, value);
          else form.append(name, value, 'upload');
        }
      }
      body = form;
      if (csrf && endpoint.page) path += `${path.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(csrf)}`;
      else if (csrf) headers['x-csrf-token'] = csrf;
    } else if (c.form) {
      const form = new URLSearchParams(csrf ? [['_csrf', csrf]] : []);
      for (const [name, values] of Object.entries(c.form)) for (const value of [values].flat()) form.append(name, value);
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = form.toString();
    } else if ('json' in c) {
      headers['content-type'] = 'application/json';
      const withCsrf = endpoint.page && csrf && c.json && typeof c.json === 'object' && !Array.isArray(c.json) ? { ...c.json, _csrf: csrf } : c.json;
      body = JSON.stringify(withCsrf);
      if (csrf && !endpoint.page) headers['x-csrf-token'] = csrf;
    } else if (csrf) {
      headers['x-csrf-token'] = csrf;
    }
    const response = await fetch(t.baseUrl + path, { method: endpoint.method, headers, body, redirect: 'manual' });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  }

  /** What is wrong with an answer, or nothing. */
  function problemsOf(c: Case, answer: { status: number; type: string; text: string }): string[] {
    const problems: string[] = [];
    if (answer.status >= 500) return [`answered ${answer.status}: ${answer.text.slice(0, 200)}`];
    if (c.status ? answer.status !== c.status : answer.status < 400 || answer.status >= 500) {
      problems.push(`answered ${answer.status}, expected ${c.status ?? '4xx'}: ${answer.text.slice(0, 200)}`);
    }
    if (answer.status < 400) return problems;
    if (answer.type.includes('json')) {
      const body = JSON.parse(answer.text) as { code?: string; message?: string; messageEn?: string; fields?: { field: string; message: string; messageEn: string }[] };
      if (!body.code || !ERROR_CODES.has(body.code)) problems.push(`no stable code: ${answer.text.slice(0, 200)}`);
      if (!body.message || !THAI.test(body.message) || !body.messageEn || THAI.test(body.messageEn)) problems.push(`no Thai and English message: ${answer.text.slice(0, 200)}`);
      for (const f of body.fields ?? []) {
        if (!THAI.test(f.message) || !f.messageEn || THAI.test(f.messageEn)) problems.push(`field ${f.field} without a Thai and an English message: ${JSON.stringify(f)}`);
      }
      if (c.field && !(body.fields ?? []).some((f) => f.field === c.field || f.field.startsWith(`${c.field}.`))) {
        problems.push(`does not name ${c.field}: ${answer.text.slice(0, 300)}`);
      }
    } else if (answer.type.includes('html')) {
      if (!answer.text.includes('role="alert"')) problems.push('the page shows no error');
    } else {
      problems.push(`answered ${answer.type || 'no content type'}`);
    }
    return problems;
  }

  const memoForm = { event: 'FORWARD', comment: 'ทราบ', signatureSource: 'stored' };
  const position = { title: 'ตำแหน่งทดสอบ', shortTitle: 'ทดสอบ', unit: 'สำนักปลัด' };
  const person = { honorific: 'นาย', fullName: 'คนใหม่ ทดสอบ', username: 'bad-newcomer', password: 'a-long-password', roles: ['author'] };
  const acting = () => ({ positionId: org.positions.deputy, userId: org.users.webmaster.id, kind: 'acting', orderNumber: 'คำสั่ง ที่ ๒/๒๕๖๘', startsOn: '2025-05-01', endsOn: '2025-05-31' });
  const itaItem = { fiscalYear: 2569, code: 'O99', title: 'รายการทดสอบ', reportKind: 'other' };
  const report = () => structuredClone(seed003.report) as Record<string, any>;
  const memo = () => structuredClone(seed003.memo) as Record<string, any>;
  const document = () => structuredClone(seed003) as Record<string, any>;
  const withReport = (change: (r: Record<string, any>) => void) => {
    const r = report();
    change(r);
    return r;
  };
  const withMemo = (change: (m: Record<string, any>) => void) => {
    const m = memo();
    delete m.documentNumber;
    change(m);
    return m;
  };
  /** The ways a document's content can be wrong, as `{ report, memo }` bodies; `field` is where the answer must point. */
  const documentCases = (wrap: (body: { report: unknown; memo?: unknown }) => unknown, prefix: string): Case[] => [
    { name: 'report: null', json: wrap({ report: null, memo: withMemo(() => undefined) }), field: 'report' },
    { name: 'report: a list', json: wrap({ report: [report()], memo: withMemo(() => undefined) }), field: 'report' },
    { name: 'report: a string', json: wrap({ report: 'x', memo: withMemo(() => undefined) }), field: 'report' },
    { name: 'memo: a list', json: wrap({ report: report(), memo: [] }), field: 'memo' },
    ...tooLong(250).map(([name, value]): Case => ({ name: `report.title: ${name}`, json: wrap({ report: withReport((r) => (r.title = value)), memo: withMemo(() => undefined) }), field: `${prefix}report.title` })),
    ...tooLong(250).map(([name, value]): Case => ({ name: `memo.subject: ${name}`, json: wrap({ report: report(), memo: withMemo((m) => (m.subject = value)) }), field: `${prefix}memo.subject` })),
    ...[2499, 2701, 2566.5, 1e308, '2566', null].map((value): Case => ({ name: `report.fiscalYear: ${String(value)}`, json: wrap({ report: withReport((r) => (r.fiscalYear = value)), memo: withMemo(() => undefined) }), field: `${prefix}report.fiscalYear` })),
    ...BAD_DATES.map(([name, value]): Case => ({ name: `memo.date: ${name}`, json: wrap({ report: report(), memo: withMemo((m) => (m.date = value)) }), field: `${prefix}memo.date` })),
    { name: 'report.sections: 10 000 of them', json: wrap({ report: withReport((r) => (r.sections = Array.from({ length: 10_000 }, () => ({ type: 'narrative', body: '<p>x</p>' })))), memo: withMemo(() => undefined) }), field: `${prefix}report.sections` },
    { name: 'report.sections: an unknown kind', json: wrap({ report: withReport((r) => (r.sections = [{ type: 'chart', body: 'x' }])), memo: withMemo(() => undefined) }), field: `${prefix}report.sections.0` },
    { name: 'report.sections: a script in rich text', json: wrap({ report: withReport((r) => (r.sections = [{ type: 'narrative', body: '<script>alert(1)</script>' }])), memo: withMemo(() => undefined) }), field: `${prefix}report.sections.0.body` },
    { name: 'report: a table cell of 10 001 characters', json: wrap({ report: withReport((r) => (r.sections[0].groups[0].rows[0].cells[0] = 'x'.repeat(10_001))), memo: withMemo(() => undefined) }), field: `${prefix}report.sections.0.groups.0.rows.0.cells.0` },
    { name: 'memo.body: 51 paragraphs', json: wrap({ report: report(), memo: withMemo((m) => (m.body = Array.from({ length: 51 }, () => 'ย่อหน้า'))) }), field: `${prefix}memo.body` },
    { name: 'memo.urgency: unknown', json: wrap({ report: report(), memo: withMemo((m) => (m.urgency = 'yesterday')) }), field: `${prefix}memo.urgency` },
    { name: 'memo: an unknown field', json: wrap({ report: report(), memo: withMemo((m) => (m.colour = 'red')) }), field: `${prefix}memo.colour` },
  ];

  const endpoints: Endpoint[] = [
    // ── the JSON API ───────────────────────────────────────────────────────────
    {
      method: 'POST', route: '/api/auth/login', path: () => '/api/auth/login', who: 'anonymous',
      cases: (): Case[] => {
        const base = { username: org.users.author.username, password: 'wrong-password' };
        return [
          ...textField(base, 'username', 254),
          ...textField(base, 'organization', 100, { nullable: true }),
          ...textField(base, 'password', 200),
          ...bodyCases(base),
          { name: 'a form instead of JSON', raw: { type: 'application/x-www-form-urlencoded', body: 'username[]=a&password=b' } },
          { name: 'X-Forwarded-For: an IPv6 address with a 100-character zone', json: { username: org.users.author.username, password: org.users.author.password }, headers: { 'x-forwarded-for': `fe80::1%${'a'.repeat(100)}` }, status: 200, changes: true },
          { name: 'X-Forwarded-For: 10 000 characters', json: { username: org.users.author.username, password: org.users.author.password }, headers: { 'x-forwarded-for': 'x'.repeat(10_000) }, status: 200, changes: true },
          { name: 'User-Agent: 10 000 characters', json: { username: org.users.author.username, password: org.users.author.password }, headers: { 'user-agent': 'é'.repeat(10_000) }, status: 200, changes: true },
        ];
      },
    },
    {
      method: 'POST', route: '/api/auth/logout', path: () => '/api/auth/logout', who: 'admin',
      cases: (): Case[] => [
        { name: 'malformed JSON', raw: { type: 'application/json', body: '{' }, status: 400 },
        { name: 'a 3 MB body', raw: { type: 'application/json', body: JSON.stringify({ padding: 'x'.repeat(3 * 1024 * 1024) }) }, status: 413 },
      ],
    },
    {
      method: 'POST', route: '/api/auth/password', path: () => '/api/auth/password', who: 'spare',
      cases: (): Case[] => {
        const base = { currentPassword: SPARE_PASSWORD, newPassword: 'another-password' };
        return [
          ...textField(base, 'currentPassword', 200),
          ...textField(base, 'newPassword', 200),
          { name: 'newPassword: 9 characters', json: { ...base, newPassword: '123456789' }, field: 'newPassword' },
          ...bodyCases(base),
        ];
      },
    },
    {
      method: 'POST', route: '/api/auth/tokens', path: () => '/api/auth/tokens', who: 'admin',
      cases: (): Case[] => {
        const base = { name: 'โทเค็นทดสอบ', expiresAt: '2030-01-01T00:00:00Z' };
        return [
          ...textField(base, 'name', 100),
          ...BAD_DATES.map(([name, value]): Case => ({ name: `expiresAt: ${name}`, json: { ...base, expiresAt: value }, field: 'expiresAt' })),
          ...[['an ISO week', '2030-W01'], ['year 10000', '+010000-01-01T00:00:00Z'], ['in the past', '2001-01-01T00:00:00Z'], ['the epoch as a number', 0]].map(([name, value]): Case => ({ name: `expiresAt: ${name}`, json: { ...base, expiresAt: value }, field: 'expiresAt' })),
          ...bodyCases(base),
        ];
      },
    },
    { method: 'DELETE', route: '/api/auth/tokens/:id', path: () => `/api/auth/tokens/${ids.token}`, who: 'admin', cases: () => badIds((id) => `/api/auth/tokens/${id}`) },
    {
      method: 'PATCH', route: '/api/organization', path: () => '/api/organization', who: 'admin',
      cases: (): Case[] => {
        const base = { name: 'องค์การบริหารส่วนตำบลทดสอบ' };
        return [
          ...textField({}, 'name', 200),
          ...textField({}, 'shortName', 100),
          ...textField({}, 'district', 100),
          ...textField({}, 'province', 100),
          ...textField({}, 'letterCode', 50),
          ...textField({}, 'phone', 100, { nullable: true }),
          ...[...tooLong(300).map(([name, value]) => [name, `https://${value}.go.th`]), ['javascript:', 'javascript:alert(1)'], ['ftp:', 'ftp://x.go.th'], ['a number', 1]].map(([name, value]): Case => ({ name: `website: ${name}`, json: { website: value }, field: 'website' })),
          ...enumField({}, 'kind'),
          ...enumField({}, 'numerals'),
          ...intField({}, 'overdueDays', 1, 60),
          ...[['not a list', 'บ้านส้อง'], ['a word with a space', ['บ้าน ส้อง']], ['a Latin word', ['Phron']], ['one letter', ['ก']], ['a number', [1]], ['2,001 words', Array.from({ length: 2001 }, () => 'บ้านส้อง')]].map(
            ([name, value]): Case => ({ name: `words: ${name}`, json: { words: value }, field: 'words' }),
          ),
          ...bodyCases(base),
          { name: 'nothing to change', json: {}, status: 400, field: 'body' },
        ];
      },
    },
    { method: 'PUT', route: '/api/organization/emblem', path: () => '/api/organization/emblem', who: 'admin', cases: imageUploadCases },
    {
      method: 'POST', route: '/api/positions', path: () => '/api/positions', who: 'admin',
      cases: (): Case[] => [...textField(position, 'title', 200), ...textField(position, 'shortTitle', 100), ...textField(position, 'unit', 200, { nullable: true }), ...bodyCases(position)],
    },
    {
      method: 'PATCH', route: '/api/positions/:id', path: () => `/api/positions/${org.positions.author}`, who: 'admin',
      cases: (): Case[] => [
        ...textField({}, 'title', 200),
        ...textField({}, 'shortTitle', 100),
        ...textField({}, 'unit', 200, { nullable: true }),
        { name: 'title: another position’s', json: { title: 'ปลัดองค์การบริหารส่วนตำบลbad' }, field: 'title' },
        ...bodyCases({ title: 'ชื่อใหม่' }),
        { name: 'nothing to change', json: {}, status: 400, field: 'body' },
        ...badIds((id) => `/api/positions/${id}`).map((c) => ({ ...c, json: { title: 'ชื่อใหม่' } })),
      ],
    },
    { method: 'DELETE', route: '/api/positions/:id', path: () => `/api/positions/${org.positions.author}`, who: 'admin', cases: () => badIds((id) => `/api/positions/${id}`) },
    {
      method: 'PUT', route: '/api/route', path: () => '/api/route', who: 'admin',
      cases: (): Case[] => {
        const deputy = org.positions.deputy;
        return [
          ['empty', []], ['11 steps', Array.from({ length: 11 }, () => randomUUID())], ['10 000 steps', Array.from({ length: 10_000 }, () => deputy)],
          ['not UUIDs', ['not-a-uuid']], ['a UUID that names nothing', [NOBODY]], ['a position twice', [deputy, deputy]], ['a string', deputy], ['null', null],
          ['numbers', [1]], ['a nested list', [[deputy]]], ['objects', [{ id: deputy }]],
        ].map(([name, value]): Case => ({ name: `positionIds: ${name as string}`, json: { positionIds: value }, field: 'positionIds' }))
          .concat(bodyCases({ positionIds: [deputy] }));
      },
    },
    {
      method: 'POST', route: '/api/people', path: () => '/api/people', who: 'admin',
      cases: (): Case[] => [
        ...textField(person, 'honorific', 50),
        ...textField(person, 'fullName', 200),
        ...[...tooLong(64), ['upper case', 'Somchai'], ['Thai', 'สมชาย'], ['a space', 'a b'], ['2 characters', 'ab'], ['taken', org.users.author.username], ...NOT_TEXT, ['null', null]].map(([name, value]): Case => ({ name: `username: ${name as string}`, json: { ...person, username: value }, field: 'username' })),
        ...[...tooLong(254).map(([name, value]) => [name, `${value}@example.go.th`]), ['not an address', 'somchai'], ['a number', 1]].map(([name, value]): Case => ({ name: `email: ${name}`, json: { ...person, email: value }, field: 'email' })),
        ...textField(person, 'password', 200),
        { name: 'password: 9 characters', json: { ...person, password: '123456789' }, field: 'password' },
        ...[['empty', []], ['unknown', ['god']], ['a string', 'admin'], ['twice', ['author', 'author']], ['10 000 of them', Array.from({ length: 10_000 }, () => 'author')], ['numbers', [1]], ['null', null]].map(([name, value]): Case => ({ name: `roles: ${name as string}`, json: { ...person, roles: value }, field: 'roles' })),
        ...[['not a UUID', 'x'], ['a UUID that names nothing', NOBODY], ['a position someone holds', org.positions.deputy], ['a number', 1]].map(([name, value]): Case => ({ name: `positionId: ${name}`, json: { ...person, positionId: value }, field: 'positionId' })),
        ...bodyCases(person),
      ],
    },
    {
      method: 'PATCH', route: '/api/people/:id', path: () => `/api/people/${ids.spare}`, who: 'admin',
      cases: (): Case[] => [
        ...textField({}, 'honorific', 50),
        ...textField({}, 'fullName', 200),
        ...[...tooLong(64), ['upper case', 'Somchai'], ['taken', org.users.author.username], ...NOT_TEXT, ['null', null]].map(([name, value]): Case => ({ name: `username: ${name as string}`, json: { username: value }, field: 'username' })),
        ...tooLong(254).map(([name, value]): Case => ({ name: `email: ${name}`, json: { email: `${value}@example.go.th` }, field: 'email' })),
        ...textField({}, 'password', 200),
        ...[['empty', []], ['unknown', ['god']], ['null', null]].map(([name, value]): Case => ({ name: `roles: ${name as string}`, json: { roles: value }, field: 'roles' })),
        ...[['a string', 'false'], ['a number', 0], ['null', null]].map(([name, value]): Case => ({ name: `active: ${name}`, json: { active: value }, field: 'active' })),
        ...bodyCases({ fullName: 'ชื่อใหม่' }),
        { name: 'nothing to change', json: {}, status: 400, field: 'body' },
        ...badIds((id) => `/api/people/${id}`).map((c) => ({ ...c, json: { fullName: 'ชื่อใหม่' } })),
      ],
    },
    {
      method: 'PUT', route: '/api/people/:id/signature', path: () => `/api/people/${ids.spare}/signature`, who: 'admin',
      cases: (): Case[] => [...imageUploadCases(), ...badIds((id) => `/api/people/${id}/signature`).map((c) => ({ ...c, multipart: { file: new Blob([new Uint8Array(PNG_SIGNATURE)], { type: 'image/png' }) } }))],
    },
    {
      method: 'POST', route: '/api/reports', path: () => '/api/reports', who: 'author',
      cases: (): Case[] => [...documentCases((b) => b, ''), { name: 'memo.documentNumber', json: { report: report(), memo: { ...memo(), documentNumber: 'นธ ๗๗๒๐๑/๑' } }, field: 'memo.documentNumber' }, ...bodyCases({ report: report() })],
    },
    {
      method: 'POST', route: '/api/reports/import', path: () => '/api/reports/import', who: 'author',
      cases: (): Case[] => [
        ...documentCases((b) => ({ format: 'kasian.document', version: 1, ...b }), ''),
        { name: 'format: another', json: { ...document(), format: 'docx' }, field: 'format' },
        ...intField(document(), 'version', 1, 2).filter((c) => c.name !== 'version: a fraction'),
        ...bodyCases(document()).filter((c) => !['a constructor field', 'an unknown field'].includes(c.name)),
        { name: 'an unknown field', json: { ...document(), isAdmin: true }, field: 'isAdmin' },
      ],
    },
    {
      method: 'PUT', route: '/api/reports/:id', path: () => `/api/reports/${ids.draft}`, who: 'author',
      cases: (): Case[] => {
        const base = () => ({ report: report(), memo: withMemo(() => undefined), version: 1 });
        return [
          ...documentCases((b) => ({ ...b, memo: b.memo ?? withMemo(() => undefined), version: 1 }), ''),
          ...intField(base(), 'version', 1, 2 ** 53).filter((c) => !['version: above the maximum', 'version: 1e308', 'version: 2^53 + 2', 'version: null'].includes(c.name)),
          ...[['1e308', 1e308], ['2^53 + 2', 2 ** 53 + 2], ['a version to come', 99]].map(([name, value]): Case => ({ name: `version: ${name}`, json: { ...base(), version: value }, status: 409 })),
          ...bodyCases(base()),
          ...badIds((id) => `/api/reports/${id}`).map((c) => ({ ...c, json: base() })),
        ];
      },
    },
    {
      // The editor's autosave keeps a document that breaks the format's rules (test/drafts.int-spec.ts): what it
      // refuses is a body that is not a document at all, a document number, and a stale version.
      method: 'PUT', route: '/api/reports/:id/draft', path: () => `/api/reports/${ids.draft}/draft`, who: 'author',
      cases: (): Case[] => {
        const base = () => ({ report: report(), memo: withMemo(() => undefined), version: 1 });
        return [
          ...[['a list', []], ['a string', 'x'], ['a number', 1], ['null', null]].flatMap(([name, value]) =>
            (['report', 'memo'] as const).map((key): Case => ({ name: `${key}: ${name as string}`, json: { ...base(), [key]: value }, field: key })),
          ),
          { name: 'memo.documentNumber', json: { ...base(), memo: { ...base().memo, documentNumber: 'นธ ๗๗๒๐๑/๑' } }, field: 'memo.documentNumber' },
          ...intField(base(), 'version', 1, 2 ** 53).filter((c) => !['version: above the maximum', 'version: 1e308', 'version: 2^53 + 2', 'version: null'].includes(c.name)),
          ...[['1e308', 1e308], ['2^53 + 2', 2 ** 53 + 2], ['a version to come', 99]].map(([name, value]): Case => ({ name: `version: ${name}`, json: { ...base(), version: value }, status: 409 })),
          ...bodyCases(base()),
          ...badIds((id) => `/api/reports/${id}/draft`).map((c) => ({ ...c, json: base() })),
        ];
      },
    },
    { method: 'DELETE', route: '/api/reports/:id', path: () => `/api/reports/${ids.draft}`, who: 'author', cases: () => badIds((id) => `/api/reports/${id}`) },
    {
      method: 'POST', route: '/api/reports/:id/implementation-report', path: () => `/api/reports/${ids.draft}/implementation-report`, who: 'author',
      cases: (): Case[] => [...enumField({}, 'period').filter((c) => c.name !== 'period: null'), ...bodyCases({ period: 'full_year' }).filter((c) => c.name !== 'an unknown field' && c.name !== 'a constructor field'), ...badIds((id) => `/api/reports/${id}/implementation-report`)],
    },
    { method: 'POST', route: '/api/reports/:id/copy', path: () => `/api/reports/${ids.draft}/copy`, who: 'author', cases: () => badIds((id) => `/api/reports/${id}/copy`) },
    {
      method: 'POST', route: '/api/memos/:id/transitions', path: () => `/api/memos/${ids.inReview}/transitions`, who: 'deputy',
      cases: (): Case[] => {
        const base = { event: 'FORWARD', comment: 'ทราบ เห็นควรนำเสนอ' };
        const png = `data:image/png;base64,${PNG_SIGNATURE.toString('base64')}`;
        return [
          ...enumField(base, 'event'),
          { name: 'event: RENDERED (the render job’s)', json: { ...base, event: 'RENDERED' }, field: 'event' },
          ...textField(base, 'comment', 2000, { nullable: true }).filter((c) => !c.name.includes('variation') && !c.name.includes('tone marks') && !c.name.includes('Thai letters')),
          { name: 'comment: blank', json: { ...base, comment: '   ' }, field: 'comment' },
          ...textField({ event: 'RETURN', reason: 'แก้' }, 'reason', 2000, { nullable: true }).filter((c) => c.name.includes('10 000') || c.name.includes('number') || c.name.includes('object')),
          ...[['not a data URL', 'iVBORw0KGgo='], ['a JPEG data URL', 'data:image/jpeg;base64,/9j/4AAQ'], ['not PNG bytes', 'data:image/png;base64,AAAA'], ['a script URL', 'javascript:alert(1)'], ['700 001 characters', `data:image/png;base64,${'A'.repeat(700_001 - 22)}`], ['600 KB of PNG', `data:image/png;base64,${Buffer.concat([PNG_SIGNATURE, Buffer.alloc(600 * 1024)]).toString('base64')}`], ['a number', 1]].map(([name, value]): Case => ({ name: `signatureImage: ${name}`, json: { ...base, signatureImage: value }, field: 'signatureImage' })),
          ...intField(base, 'version', 1, 2 ** 53, { nullable: true }).filter((c) => !['version: above the maximum', 'version: 1e308', 'version: 2^53 + 2'].includes(c.name)),
          ...[['1e308', 1e308], ['2^53 + 2', 2 ** 53 + 2], ['a version to come', 99]].map(([name, value]): Case => ({ name: `version: ${name}`, json: { ...base, version: value }, status: 409 })),
          ...[['7 characters', 'abcdefg'], ['101 characters', 'k'.repeat(101)], ['10 000 characters', 'k'.repeat(10_000)], ['Latin-1', 'clé-de-requête'], ['spaces', 'key with spaces']].map(([name, value]): Case => ({ name: `Idempotency-Key: ${name}`, json: base, headers: { 'idempotency-key': value }, field: 'Idempotency-Key' })),
          ...bodyCases(base),
          ...badIds((id) => `/api/memos/${id}/transitions`).map((c) => ({ ...c, json: base })),
          { name: 'not the deputy’s to send, from an IPv6 address with a 100-character zone', json: { event: 'CANCEL' }, headers: { 'x-forwarded-for': `fe80::1%${'z'.repeat(100)}`, 'user-agent': 'é'.repeat(10_000) }, status: 403, changes: true },
        ];
      },
    },
    {
      method: 'POST', route: '/api/acting-assignments', path: () => '/api/acting-assignments', who: 'admin',
      cases: (): Case[] => [
        ...[['not a UUID', 'x'.repeat(36)], ['36 dashes', '-'.repeat(36)], ['a UUID that names nothing', NOBODY], ['a number', 1], ['null', null]].flatMap(([name, value]): Case[] => [
          { name: `positionId: ${name}`, json: { ...acting(), positionId: value }, field: 'positionId' },
          { name: `userId: ${name}`, json: { ...acting(), userId: value }, field: 'userId' },
        ]),
        ...enumField(acting(), 'kind'),
        ...textField(acting(), 'orderNumber', 100),
        { name: 'orderNumber: blank', json: { ...acting(), orderNumber: '   ' }, field: 'orderNumber' },
        ...BAD_DATES.flatMap(([name, value]): Case[] => [
          { name: `startsOn: ${name}`, json: { ...acting(), startsOn: value }, field: 'startsOn' },
          { name: `endsOn: ${name}`, json: { ...acting(), endsOn: value }, field: 'endsOn' },
        ]),
        { name: 'endsOn before startsOn', json: { ...acting(), startsOn: '2025-05-31', endsOn: '2025-05-01' }, field: 'endsOn' },
        ...bodyCases(acting()),
      ],
    },
    { method: 'DELETE', route: '/api/acting-assignments/:id', path: () => `/api/acting-assignments/${ids.acting}`, who: 'admin', cases: () => badIds((id) => `/api/acting-assignments/${id}`) },
    {
      method: 'POST', route: '/api/memos/:id/publish', path: () => `/api/memos/${ids.ready}/publish`, who: 'webmaster',
      cases: (): Case[] => [
        ...intField({}, 'fiscalYear', 2500, 2700, { nullable: true }),
        ...textField({}, 'title', 300, { nullable: true }),
        ...[['21 characters', 'O'.repeat(21)], ['an item the year lacks', 'O99'], ['a path', '../x'], ['a number', 36]].map(([name, value]): Case => ({ name: `itaItemCode: ${name}`, json: { itaItemCode: value }, field: 'itaItemCode' })),
        ...[['upper case', 'O43'], ['a leading dash', '-x'], ['81 characters', 'a'.repeat(81)], ['Thai', 'เอกสาร'], ['a path', 'a/b']].map(([name, value]): Case => ({ name: `slug: ${name}`, json: { slug: value }, field: 'slug' })),
        ...[['not a UUID', 'x'], ['a UUID that names nothing', NOBODY]].map(([name, value]): Case => ({ name: `supersedes: ${name}`, json: { supersedes: value }, field: 'supersedes' })),
        ...[['7 characters', 'abcdefg'], ['101 characters', 'k'.repeat(101)], ['10 000 characters', 'k'.repeat(10_000)]].map(([name, value]): Case => ({ name: `Idempotency-Key: ${name}`, json: {}, headers: { 'idempotency-key': value }, field: 'Idempotency-Key' })),
        ...bodyCases({ title: 'ชื่อเผยแพร่' }),
        ...badIds((id) => `/api/memos/${id}/publish`).map((c) => ({ ...c, json: {} })),
      ],
    },
    {
      method: 'POST', route: '/api/publications/:id/withdraw', path: () => `/api/publications/${ids.publication}/withdraw`, who: 'webmaster',
      cases: (): Case[] => [
        ...textField({}, 'reason', 2000).filter((c) => !c.name.includes('variation') && !c.name.includes('tone marks') && !c.name.includes('Thai letters')),
        { name: 'reason: blank', json: { reason: ' \n\t ' }, field: 'reason' },
        ...bodyCases({ reason: 'ผิด' }),
        ...badIds((id) => `/api/publications/${id}/withdraw`).map((c) => ({ ...c, json: { reason: 'ผิด' } })),
      ],
    },
    {
      method: 'PUT', route: '/api/organization/certificate', path: () => '/api/organization/certificate', who: 'admin',
      cases: () => certificateCases(),
    },
    {
      method: 'POST', route: '/api/ita-items', path: () => '/api/ita-items', who: 'admin',
      cases: (): Case[] => [
        ...intField(itaItem, 'fiscalYear', 2500, 2700),
        ...[['21 characters', 'O'.repeat(21)], ['empty', ''], ['a space', 'O 1'], ['Thai', 'ข้อ'], ['taken', 'O42'], ['a number', 36], ['null', null]].map(([name, value]): Case => ({ name: `code: ${name}`, json: { ...itaItem, ...(name === 'taken' ? { fiscalYear: 2567 } : {}), code: value }, field: 'code' })),
        ...textField(itaItem, 'title', 300),
        ...enumField(itaItem, 'reportKind', { nullable: true }),
        ...bodyCases(itaItem),
      ],
    },
    { method: 'DELETE', route: '/api/ita-items/:id', path: () => `/api/ita-items/${ids.itaItem}`, who: 'admin', cases: () => badIds((id) => `/api/ita-items/${id}`) },
    {
      method: 'POST', route: '/verify', path: () => '/verify', who: 'anonymous',
      cases: (): Case[] => [
        ...[['not hex', 'z'.repeat(64)], ['65 digits', 'a'.repeat(65)], ['10 000 characters', 'a'.repeat(10_000)], ['sent twice', ['a'.repeat(64), 'b'.repeat(64)]]].map(([name, value]): Case => ({ name: `sha256: ${name as string}`, form: { sha256: value as string | string[] }, field: 'file' })),
        { name: 'sha256: an object', json: { sha256: { $ne: null } }, field: 'file' },
        { name: 'an empty file', multipart: { file: new Blob([]) }, field: 'file' },
        { name: 'two files', multipart: { file: [new Blob(['a']), new Blob(['b'])] } },
        { name: 'a multipart body cut short', raw: { type: 'multipart/form-data; boundary=xyz', body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF' } },
      ],
    },

    // ── the pages' forms ───────────────────────────────────────────────────────
    {
      method: 'POST', route: '/login', path: () => '/login', who: 'visitor', page: true,
      cases: (): Case[] => [
        ...formTextField({ password: 'x' }, 'username', 64).map((c) => ({ ...c, status: 401 })),
        ...formTextField({ username: 'nobody', password: 'x' }, 'organization', 100).map((c) => ({ ...c, status: 401 })),
        { name: 'username and password: objects', json: { username: { $ne: '' }, password: ['x'] }, status: 401 },
        { name: 'nothing', form: {}, status: 401 },
        { name: 'next: another site', form: { username: 'nobody', password: 'x', next: 'https://evil.example/' }, status: 401 },
      ],
    },
    {
      method: 'POST', route: '/memos/new', path: () => '/memos/new', who: 'author', page: true,
      cases: (): Case[] => [
        ...[['not a UUID', 'not-a-uuid'], ['a UUID that names nothing', NOBODY], ['sent twice', [ids.draft, ids.draft]], ['10 000 characters', 'x'.repeat(10_000)]].map(([name, value]): Case => ({ name: `planId: ${name as string}`, form: { planId: value as string | string[] } })),
        { name: 'planId: an object', json: { planId: { id: ids.draft } } },
        { name: 'planId: a list', json: { planId: [ids.draft] } },
        ...[['not a number', 'abc'], ['year 99999', '99999'], ['sent twice', ['2568', '2569']], ['empty', '']].map(([name, value]): Case => ({ name: `fiscalYear: ${name as string}`, form: { template: 'measures', fiscalYear: value as string | string[] } })),
        { name: 'fiscalYear: an object', json: { template: 'measures', fiscalYear: { year: 2568 } } },
      ],
    },
    {
      method: 'POST', route: '/memos/import', path: () => '/memos/import', who: 'author', page: true,
      cases: (): Case[] => [
        { name: 'no file', multipart: { other: 'x' } },
        { name: 'not JSON', multipart: { file: new Blob(['not json']) } },
        { name: 'not UTF-8', multipart: { file: new Blob([new Uint8Array([0xff, 0xfe, 0x7b, 0x7d])]) } },
        { name: 'JSON of another shape', multipart: { file: new Blob(['[1,2,3]']) } },
        { name: 'a document with a title of 251 characters', multipart: { file: new Blob([JSON.stringify({ ...document(), report: withReport((r) => (r.title = '❤️'.repeat(126))) })]) } },
        { name: 'a 3 MB file', multipart: { file: new Blob(['x'.repeat(3 * 1024 * 1024)]) }, status: 413 },
        { name: 'two files', multipart: { file: [new Blob(['{}']), new Blob(['{}'])] } },
      ],
    },
    { method: 'POST', route: '/profile/signature', path: () => '/profile/signature', who: 'spare', page: true, cases: imageUploadCases },
    {
      method: 'POST', route: '/profile/password', path: () => '/profile/password', who: 'spare', page: true,
      cases: (): Case[] => {
        const base = { currentPassword: SPARE_PASSWORD, newPassword: 'another-password' };
        return [
          ...formTextField(base, 'newPassword', 200),
          ...formTextField(base, 'currentPassword', 200),
          { name: 'newPassword: 9 characters', form: { ...base, newPassword: '123456789' } },
          { name: 'newPassword: an object', json: { ...base, newPassword: { length: 20 } } },
          { name: 'newPassword: a list of 10', json: { ...base, newPassword: Array.from({ length: 10 }, () => 'x') } },
          { name: 'currentPassword: a list', json: { ...base, currentPassword: [SPARE_PASSWORD] } },
        ];
      },
    },
    {
      method: 'POST', route: '/memos/:id/act', path: () => `/memos/${ids.inReview}/act`, who: 'deputy', page: true,
      cases: (): Case[] => [
        ...[['unknown', 'NONSENSE'], ['the render job’s', 'RENDERED'], ['sent twice', ['FORWARD', 'APPROVE']], ['missing', undefined]].map(([name, value]): Case => ({ name: `event: ${name as string}`, form: value === undefined ? { comment: 'ทราบ' } : { ...memoForm, event: value as string | string[] } })),
        ...formTextField(memoForm, 'comment', 2000).filter((c) => c.name.includes('10 000') || c.name.includes('twice')),
        { name: 'comment: an object', json: { ...memoForm, comment: { text: 'ทราบ' } } },
        { name: 'comment: a number', json: { ...memoForm, comment: 1 } },
        { name: 'reason: a list', json: { event: 'RETURN', reason: ['แก้', 'ไข'] } },
        { name: 'reason: sent twice', form: { event: 'RETURN', reason: ['แก้', 'ไข'] } },
        { name: 'signatureImage: not PNG', form: { ...memoForm, signatureSource: 'drawn', signatureImage: 'data:image/png;base64,AAAA' } },
        { name: 'signatureImage: an object', json: { ...memoForm, signatureSource: 'drawn', signatureImage: { png: true } } },
        { name: 'version: 0', form: { ...memoForm, version: '0' } },
        { name: 'version: a version to come', form: { ...memoForm, version: '99' } },
        { name: 'version: 30 digits', form: { ...memoForm, version: '9'.repeat(30) } },
        ...badIds((id) => `/memos/${id}/act`).map((c) => ({ ...c, form: memoForm })),
      ],
    },
    {
      method: 'POST', route: '/memos/:id/publish', path: () => `/memos/${ids.readyForPage}/publish`, who: 'webmaster', page: true,
      cases: (): Case[] => [
        ...formTextField({}, 'title', 300),
        { name: 'title: an object', json: { title: { th: 'x' } } },
        { name: 'title: a number', json: { title: 5 } },
        ...[['an item the year lacks', 'O99'], ['21 characters', 'O'.repeat(21)], ['sent twice', ['O43', 'O43']]].map(([name, value]): Case => ({ name: `itaItemCode: ${name as string}`, form: { itaItemCode: value as string | string[] } })),
        { name: 'itaItemCode: an object', json: { itaItemCode: { code: 'O43' } } },
        ...[['year 0', '0000'], ['year 9999', '9999']].map(([name, value]): Case => ({ name: `fiscalYear: ${name}`, form: { fiscalYear: value } })),
        ...badIds((id) => `/memos/${id}/publish`).map((c) => ({ ...c, form: {} })),
      ],
    },
    {
      method: 'POST', route: '/memos/:id/withdraw', path: () => `/memos/${ids.published}/withdraw`, who: 'webmaster', page: true,
      cases: (): Case[] => [
        { name: 'reason: missing', form: {} },
        { name: 'reason: blank', form: { reason: '  ' } },
        { name: 'reason: sent twice', form: { reason: ['ผิด', 'พลาด'] } },
        { name: 'reason: 10 000 characters', form: { reason: 'x'.repeat(10_000) } },
        { name: 'reason: an object', json: { reason: { text: 'ผิด' } } },
        { name: 'reason: a number', json: { reason: 1 } },
        ...badIds((id) => `/memos/${id}/withdraw`).map((c) => ({ ...c, form: { reason: 'ผิด' } })),
      ],
    },
    {
      method: 'POST', route: '/admin/organization', path: () => '/admin/organization', who: 'admin', page: true,
      cases: (): Case[] => [
        ...formTextField({}, 'name', 200),
        ...formTextField({}, 'letterCode', 50),
        ...formTextField({}, 'phone', 100),
        ...[['not a number', 'abc'], ['0', '0'], ['a fraction', '1.5'], ['huge', '1e308'], ['sent twice', ['3', '4']]].map(([name, value]): Case => ({ name: `overdueDays: ${name as string}`, form: { overdueDays: value as string | string[] } })),
        { name: 'overdueDays: a list', json: { overdueDays: [3] } },
        { name: 'name: null', json: { name: null } },
        { name: 'kind: null', json: { kind: null } },
        { name: 'name: an object', json: { name: { th: 'x' } } },
        { name: 'an unknown field', form: { isAdmin: 'true' } },
      ],
    },
    { method: 'POST', route: '/admin/emblem', path: () => '/admin/emblem', who: 'admin', page: true, cases: imageUploadCases },
    {
      method: 'POST', route: '/admin/people', path: () => '/admin/people', who: 'admin', page: true,
      cases: (): Case[] => {
        const base = { honorific: 'นาย', fullName: 'คนใหม่ ทดสอบ', username: 'bad-newcomer', password: 'a-long-password', role: 'author' };
        return [
          ...formTextField(base, 'honorific', 50),
          ...formTextField(base, 'fullName', 200),
          ...formTextField(base, 'username', 64),
          ...formTextField(base, 'password', 200),
          { name: 'role: unknown', form: { ...base, role: 'god' } },
          { name: 'role: sent twice', form: { ...base, role: ['author', 'admin'] } },
          { name: 'positionId: not a UUID', form: { ...base, positionId: 'x' } },
          { name: 'positionId: an object', json: { ...base, positionId: { id: org.positions.author } } },
          { name: 'fullName: null', json: { ...base, fullName: null } },
        ];
      },
    },
    {
      method: 'POST', route: '/admin/positions', path: () => '/admin/positions', who: 'admin', page: true,
      cases: (): Case[] => [...formTextField(position, 'title', 200), ...formTextField(position, 'shortTitle', 100), ...formTextField(position, 'unit', 200), { name: 'title: an object', json: { ...position, title: { th: 'x' } } }],
    },
    {
      method: 'POST', route: '/admin/positions/:id', path: () => `/admin/positions/${org.positions.author}`, who: 'admin', page: true,
      cases: (): Case[] => [
        ...formTextField(position, 'title', 200),
        ...formTextField(position, 'shortTitle', 100),
        ...formTextField(position, 'unit', 200),
        { name: 'title: null', json: { ...position, title: null } },
        ...badIds((id) => `/admin/positions/${id}`).map((c) => ({ ...c, form: position })),
      ],
    },
    {
      method: 'POST', route: '/admin/people/:id', path: () => `/admin/people/${ids.spare}`, who: 'admin', page: true,
      cases: (): Case[] => {
        const base = { honorific: 'นาย', fullName: 'สำรอง ทดสอบ', username: 'bad-spare', email: '', roles: 'author', positionId: '', password: '' };
        return [
          ...formTextField(base, 'honorific', 50),
          ...formTextField(base, 'fullName', 200),
          ...formTextField(base, 'username', 64),
          ...formTextField(base, 'email', 254).filter((c) => !c.name.includes('twice')),
          ...formTextField(base, 'password', 200).filter((c) => !c.name.includes('twice')),
          { name: 'roles: none', form: { ...base, roles: [] } },
          { name: 'roles: unknown', form: { ...base, roles: ['author', 'god'] } },
          { name: 'honorific: null', json: { ...base, honorific: null } },
          { name: 'roles: an object', json: { ...base, roles: { author: true } } },
          ...badIds((id) => `/admin/people/${id}`).map((c) => ({ ...c, form: base })),
        ];
      },
    },
    {
      method: 'POST', route: '/admin/people/:id/active', path: () => `/admin/people/${ids.spare}/active`, who: 'admin', page: true,
      cases: (): Case[] => [
        { name: 'active: maybe', form: { active: 'maybe' } },
        { name: 'active: sent twice', form: { active: ['true', 'false'] } },
        { name: 'active: missing', form: {} },
        { name: 'active: null', json: { active: null } },
        { name: 'active: an object', json: { active: { value: false } } },
        ...badIds((id) => `/admin/people/${id}/active`).map((c) => ({ ...c, form: { active: 'false' } })),
      ],
    },
    {
      method: 'POST', route: '/admin/route', path: () => '/admin/route', who: 'admin', page: true,
      cases: (): Case[] => [
        { name: 'no step', form: {} },
        { name: 'a step that is not a UUID', form: { step1: 'not-a-uuid' } },
        { name: 'a step that names nothing', form: { step1: NOBODY } },
        { name: 'a step sent twice', form: { step1: [org.positions.deputy, org.positions.mayor] } },
        { name: 'a position twice', form: { step1: org.positions.deputy, step2: org.positions.deputy } },
        { name: '11 steps', form: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`step${i + 1}`, randomUUID()])) },
        { name: '1 000 steps', form: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`step${i + 1}`, org.positions.deputy])) },
        { name: 'a step as an object', json: { step1: { id: org.positions.deputy } } },
        { name: 'a step as a list', json: { step1: [org.positions.deputy] } },
        { name: 'a step with a huge number', form: { [`step${'9'.repeat(400)}`]: org.positions.deputy, step1: org.positions.deputy, step2: org.positions.deputy } },
      ],
    },
    {
      method: 'POST', route: '/admin/acting', path: () => '/admin/acting', who: 'admin', page: true,
      cases: (): Case[] => {
        const base = acting() as Record<string, string>;
        return [
          ...formTextField(base, 'orderNumber', 100),
          ...BAD_DATES.filter(([, v]) => typeof v === 'string').map(([name, value]): Case => ({ name: `startsOn: ${name}`, form: { ...base, startsOn: value as string } })),
          { name: 'positionId: not a UUID', form: { ...base, positionId: 'x' } },
          { name: 'userId: sent twice', form: { ...base, userId: [base.userId, base.userId] } },
          { name: 'kind: null', json: { ...base, kind: null } },
        ];
      },
    },
    {
      method: 'POST', route: '/admin/ita-items', path: () => '/admin/ita-items', who: 'admin', page: true,
      cases: (): Case[] => {
        const base = { fiscalYear: '2569', code: 'O99', title: 'รายการทดสอบ', reportKind: 'other' };
        return [
          ...formTextField(base, 'title', 300),
          ...[['not a number', 'abc'], ['huge', '1e308'], ['sent twice', ['2569', '2570']]].map(([name, value]): Case => ({ name: `fiscalYear: ${name as string}`, form: { ...base, fiscalYear: value as string | string[] } })),
          { name: 'code: 21 characters', form: { ...base, code: 'O'.repeat(21) } },
          { name: 'code: taken', form: { ...base, fiscalYear: '2567', code: 'O42' } },
          { name: 'reportKind: unknown', form: { ...base, reportKind: 'x' } },
          { name: 'code: an object', json: { ...base, code: { x: 1 } } },
        ];
      },
    },
    { method: 'POST', route: '/admin/certificate', path: () => '/admin/certificate', who: 'admin', page: true, cases: () => certificateCases() },

    // ── accounts: one-time links, invitations, resets ──────────────────────────
    {
      method: 'POST', route: '/api/auth/set-password', path: () => '/api/auth/set-password', who: 'anonymous',
      cases: (): Case[] => {
        const base = { token: ids.invitationToken, password: 'ดอกไม้-ริมทาง-2569' };
        return [
          ...textField(base, 'token', 100),
          ...textField(base, 'password', 200),
          ...[['9 characters', '123456789'], ['a common password', 'password123'], ['the username', 'invited-person'], ['10 spaces', ' '.repeat(9)]].map(([name, value]): Case => ({ name: `password: ${name}`, json: { ...base, password: value }, field: 'password' })),
          { name: 'token: names nothing', json: { ...base, token: 'A'.repeat(43) }, status: 404 },
          { name: 'token: not a token', json: { ...base, token: '../../etc/passwd' }, status: 404 },
          ...bodyCases(base),
        ];
      },
    },
    {
      method: 'POST', route: '/api/auth/password-reset', path: () => '/api/auth/password-reset', who: 'anonymous',
      cases: (): Case[] => {
        const base = { username: 'nobody-here' };
        return [...textField(base, 'username', 254), ...textField(base, 'organization', 100, { nullable: true }), { name: 'username: empty', json: { username: '' }, field: 'username' }, ...bodyCases(base)];
      },
    },
    {
      method: 'POST', route: '/api/invitations', path: () => '/api/invitations', who: 'admin',
      cases: (): Case[] => {
        const base = { honorific: 'นาง', fullName: 'ผู้ได้รับเชิญ ใหม่', email: 'newcomer@bad.go.th', roles: ['author'] };
        return [
          ...textField(base, 'honorific', 50, { nullable: true }),
          ...textField(base, 'fullName', 200),
          ...[...tooLong(254).map(([name, value]) => [name, `${value}@example.go.th`]), ['not an address', 'somchai'], ['a number', 1], ['null', null]].map(([name, value]): Case => ({ name: `email: ${name}`, json: { ...base, email: value }, field: 'email' })),
          ...[...tooLong(64), ['upper case', 'Somchai'], ['Thai', 'สมชาย'], ['2 characters', 'ab'], ['taken', org.users.author.username], ...NOT_TEXT].map(([name, value]): Case => ({ name: `username: ${name as string}`, json: { ...base, username: value }, field: 'username' })),
          ...[['empty', []], ['unknown', ['god']], ['a string', 'admin'], ['twice', ['author', 'author']], ['null', null]].map(([name, value]): Case => ({ name: `roles: ${name as string}`, json: { ...base, roles: value }, field: 'roles' })),
          ...[['not a UUID', 'x'], ['a UUID that names nothing', NOBODY], ['a position someone holds', org.positions.deputy], ['a number', 1]].map(([name, value]): Case => ({ name: `positionId: ${name}`, json: { ...base, positionId: value }, field: 'positionId' })),
          ...bodyCases(base),
        ];
      },
    },
    { method: 'POST', route: '/api/invitations/:id/resend', path: () => `/api/invitations/${NOBODY}/resend`, who: 'admin', cases: () => badIds((id) => `/api/invitations/${id}/resend`) },
    { method: 'DELETE', route: '/api/invitations/:id', path: () => `/api/invitations/${NOBODY}`, who: 'admin', cases: () => badIds((id) => `/api/invitations/${id}`) },
    { method: 'POST', route: '/api/people/:id/password-reset', path: () => `/api/people/${NOBODY}/password-reset`, who: 'admin', cases: () => badIds((id) => `/api/people/${id}/password-reset`) },

    // ── the platform operator's API ────────────────────────────────────────────
    {
      method: 'POST', route: '/api/platform/organizations', path: () => '/api/platform/organizations', who: 'operator',
      cases: (): Case[] => {
        const base = { name: 'องค์การบริหารส่วนตำบลใหม่', kind: 'sao', province: 'นราธิวาส', district: 'ตากใบ', dlaCode: '6969696', letterCode: 'นธ ๑', slug: 'brand-new', adminFullName: 'ผู้ดูแล ใหม่', adminEmail: 'admin@new.go.th' };
        return [
          ...textField(base, 'name', 200),
          ...textField(base, 'shortName', 100),
          ...textField(base, 'province', 100),
          ...textField(base, 'district', 100),
          ...textField(base, 'letterCode', 50),
          ...textField(base, 'adminFullName', 200),
          ...textField(base, 'adminHonorific', 50),
          ...enumField(base, 'kind'),
          ...enumField(base, 'numerals'),
          ...[['letters', 'abcdefg'], ['3 digits', '123'], ['11 digits', '1'.repeat(11)], ['Thai digits', '๖๙๖๐๑๐๑'], ['a number', 6960101], ['null', null]].map(([name, value]): Case => ({ name: `dlaCode: ${name}`, json: { ...base, dlaCode: value }, field: 'dlaCode' })),
          ...[['upper case', 'Brand'], ['a space', 'a b'], ['Thai', 'พร่อน'], ['65 characters', 'a'.repeat(65)], ['a leading dash', '-x'], ['taken', 'bad'], ['null', null]].map(([name, value]): Case => ({ name: `slug: ${name}`, json: { ...base, slug: value }, field: 'slug' })),
          ...[['not an address', 'somchai'], ['300 characters', `${'a'.repeat(300)}@x.go.th`], ['null', null]].map(([name, value]): Case => ({ name: `adminEmail: ${name}`, json: { ...base, adminEmail: value }, field: 'adminEmail' })),
          ...[['upper case', 'Admin'], ['2 characters', 'ab'], ['null', null]].map(([name, value]): Case => ({ name: `adminUsername: ${name}`, json: { ...base, adminUsername: value }, field: 'adminUsername' })),
          ...bodyCases(base),
        ];
      },
    },
    {
      method: 'PATCH', route: '/api/platform/organizations/:id', path: () => `/api/platform/organizations/${org.organizationId}`, who: 'operator',
      cases: (): Case[] => [
        ...textField({}, 'name', 200),
        ...textField({}, 'shortName', 100),
        ...textField({}, 'province', 100),
        ...textField({}, 'letterCode', 50),
        ...enumField({}, 'kind'),
        ...[['letters', 'abc'], ['null', null]].map(([name, value]): Case => ({ name: `dlaCode: ${name}`, json: { dlaCode: value }, field: 'dlaCode' })),
        ...[['upper case', 'Bad'], ['null', null]].map(([name, value]): Case => ({ name: `slug: ${name}`, json: { slug: value }, field: 'slug' })),
        { name: 'an admin field', json: { adminEmail: 'x@y.go.th' }, field: 'adminEmail' },
        { name: 'nothing to change', json: {}, status: 400, field: 'body' },
        ...bodyCases({ name: 'ชื่อใหม่' }),
        ...badIds((id) => `/api/platform/organizations/${id}`).map((c) => ({ ...c, json: { name: 'ชื่อใหม่' } })),
      ],
    },
    { method: 'POST', route: '/api/platform/organizations/:id/suspend', path: () => `/api/platform/organizations/${NOBODY}/suspend`, who: 'operator', cases: () => badIds((id) => `/api/platform/organizations/${id}/suspend`) },
    { method: 'POST', route: '/api/platform/organizations/:id/unsuspend', path: () => `/api/platform/organizations/${NOBODY}/unsuspend`, who: 'operator', cases: () => badIds((id) => `/api/platform/organizations/${id}/unsuspend`) },
    {
      method: 'POST', route: '/api/platform/organizations/:id/admins/:userId/password-reset', path: () => `/api/platform/organizations/${org.organizationId}/admins/${org.users.author.id}/password-reset`, who: 'operator',
      cases: (): Case[] => [
        { name: 'a person who is not an admin', status: 404 },
        { name: 'an admin of the organisation named with another organisation', path: `/api/platform/organizations/${NOBODY}/admins/${org.users.admin.id}/password-reset`, status: 404 },
        ...badIds((id) => `/api/platform/organizations/${org.organizationId}/admins/${id}/password-reset`),
      ],
    },
    {
      method: 'POST', route: '/api/platform/organizations/:id/admins', path: () => `/api/platform/organizations/${org.organizationId}/admins`, who: 'operator',
      cases: (): Case[] => {
        const base = { fullName: 'ผู้ดูแล คนใหม่', email: 'second-admin@bad.go.th' };
        return [
          ...textField(base, 'fullName', 200),
          ...textField(base, 'honorific', 50),
          ...[['not an address', 'x'], ['null', null], ['a number', 1]].map(([name, value]): Case => ({ name: `email: ${name}`, json: { ...base, email: value }, field: 'email' })),
          ...[['taken', org.users.admin.username], ['upper case', 'Admin'], ['null', null]].map(([name, value]): Case => ({ name: `username: ${name}`, json: { ...base, username: value }, field: 'username' })),
          { name: 'roles: given', json: { ...base, roles: ['author'] }, field: 'roles' },
          ...bodyCases(base),
          ...badIds((id) => `/api/platform/organizations/${id}/admins`).map((c) => ({ ...c, json: base })),
        ];
      },
    },
    { method: 'POST', route: '/api/platform/organizations/import', path: () => '/api/platform/organizations/import', who: 'operator', cases: () => importCases() },

    // ── account pages ──────────────────────────────────────────────────────────
    {
      method: 'POST', route: '/set-password/:token', path: () => `/set-password/${ids.invitationToken}`, who: 'anonymous', page: true,
      cases: (): Case[] => {
        const good = 'ดอกไม้-ริมทาง-2569';
        return [
          { name: 'password: 9 characters', form: { password: '123456789', confirm: '123456789' }, status: 400 },
          { name: 'password: a common password', form: { password: 'password123', confirm: 'password123' }, status: 400 },
          { name: 'password: 10 000 characters', form: { password: 'x'.repeat(10_000), confirm: 'x'.repeat(10_000) }, status: 400 },
          { name: 'password: sent twice', form: { password: [good, good], confirm: good }, status: 400 },
          { name: 'password: an object', json: { password: { a: good }, confirm: good }, status: 400 },
          { name: 'confirm: another password', form: { password: good, confirm: `${good}!` }, status: 400 },
          { name: 'nothing', form: {}, status: 400 },
          ...['A'.repeat(43), 'not-a-token', '%00', 'a'.repeat(5_000)].map((token): Case => ({ name: `token: ${token.slice(0, 12)}`, path: `/set-password/${token}`, form: { password: good, confirm: good }, status: 404 })),
        ];
      },
    },
    {
      method: 'POST', route: '/forgot-password', path: () => '/forgot-password', who: 'anonymous', page: true,
      cases: (): Case[] => [
        ...formTextField({}, 'username', 254),
        ...formTextField({ username: 'nobody' }, 'organization', 100),
        { name: 'username: missing', form: {} },
        { name: 'username: an object', json: { username: { $ne: '' } } },
      ],
    },

    // ── the platform operator's pages ──────────────────────────────────────────
    {
      method: 'POST', route: '/platform/organizations', path: () => '/platform/organizations', who: 'operator', page: true,
      cases: (): Case[] => {
        const base = { name: 'องค์การบริหารส่วนตำบลใหม่', kind: 'sao', province: 'นราธิวาส', district: 'ตากใบ', dlaCode: '6969697', letterCode: 'นธ ๑', slug: 'page-new', numerals: 'thai', adminFullName: 'ผู้ดูแล ใหม่', adminEmail: 'admin@page.go.th' };
        return [
          ...formTextField(base, 'name', 200),
          ...formTextField(base, 'district', 100),
          ...formTextField(base, 'adminFullName', 200),
          { name: 'kind: unknown', form: { ...base, kind: 'kingdom' } },
          { name: 'dlaCode: letters', form: { ...base, dlaCode: 'abc' } },
          { name: 'slug: taken', form: { ...base, slug: 'bad' } },
          { name: 'adminEmail: not an address', form: { ...base, adminEmail: 'x' } },
          { name: 'name: an object', json: { ...base, name: { th: 'x' } } },
          { name: 'an unknown field', form: { ...base, isAdmin: 'true' } },
        ];
      },
    },
    {
      method: 'POST', route: '/platform/organizations/:id', path: () => `/platform/organizations/${org.organizationId}`, who: 'operator', page: true,
      cases: (): Case[] => [
        ...formTextField({}, 'name', 200),
        ...formTextField({}, 'letterCode', 50),
        { name: 'slug: upper case', form: { slug: 'BAD' } },
        { name: 'nothing to change', form: {} },
        { name: 'name: an object', json: { name: { th: 'x' } } },
        ...badIds((id) => `/platform/organizations/${id}`).map((c) => ({ ...c, form: { name: 'x' } })),
      ],
    },
    {
      method: 'POST', route: '/platform/organizations/:id/admins', path: () => `/platform/organizations/${org.organizationId}/admins`, who: 'operator', page: true,
      cases: (): Case[] => [
        ...formTextField({ fullName: 'ผู้ดูแล หน้าเว็บ', email: 'page-admin@bad.go.th' }, 'fullName', 200),
        { name: 'email: not an address', form: { fullName: 'ผู้ดูแล', email: 'x' } },
        { name: 'an unknown field', form: { fullName: 'ผู้ดูแล', email: 'page-admin@bad.go.th', roles: 'author' } },
        ...badIds((id) => `/platform/organizations/${id}/admins`).map((c) => ({ ...c, form: { fullName: 'ผู้ดูแล', email: 'page-admin@bad.go.th' } })),
      ],
    },
    { method: 'POST', route: '/platform/organizations/:id/suspend', path: () => `/platform/organizations/${NOBODY}/suspend`, who: 'operator', page: true, cases: () => badIds((id) => `/platform/organizations/${id}/suspend`).map((c) => ({ ...c, form: {} })) },
    { method: 'POST', route: '/platform/organizations/:id/unsuspend', path: () => `/platform/organizations/${NOBODY}/unsuspend`, who: 'operator', page: true, cases: () => badIds((id) => `/platform/organizations/${id}/unsuspend`).map((c) => ({ ...c, form: {} })) },
    {
      method: 'POST', route: '/platform/organizations/:id/admins/:userId/reset', path: () => `/platform/organizations/${org.organizationId}/admins/${org.users.author.id}/reset`, who: 'operator', page: true,
      cases: (): Case[] => [{ name: 'a person who is not an admin', form: {}, status: 404 }, ...badIds((id) => `/platform/organizations/${org.organizationId}/admins/${id}/reset`).map((c) => ({ ...c, form: {} }))],
    },
    { method: 'POST', route: '/platform/import', path: () => '/platform/import', who: 'operator', page: true, cases: () => importCases(true) },

    // ── invitations and reset links on the admin's pages ───────────────────────
    {
      method: 'POST', route: '/admin/invitations', path: () => '/admin/invitations', who: 'admin', page: true,
      cases: (): Case[] => {
        const base = { honorific: 'นาย', fullName: 'ผู้ได้รับเชิญ หน้าเว็บ', email: 'page-invitee@bad.go.th', roles: 'author', positionId: '', username: '' };
        return [
          ...formTextField(base, 'fullName', 200),
          ...formTextField(base, 'honorific', 50),
          { name: 'email: not an address', form: { ...base, email: 'x' } },
          { name: 'roles: none', form: { ...base, roles: [] } },
          { name: 'roles: unknown', form: { ...base, roles: 'god' } },
          { name: 'positionId: held by someone', form: { ...base, positionId: org.positions.deputy } },
          { name: 'username: taken', form: { ...base, username: org.users.author.username } },
          { name: 'fullName: an object', json: { ...base, fullName: { th: 'x' } } },
        ];
      },
    },
    { method: 'POST', route: '/admin/invitations/:id/resend', path: () => `/admin/invitations/${NOBODY}/resend`, who: 'admin', page: true, cases: () => badIds((id) => `/admin/invitations/${id}/resend`).map((c) => ({ ...c, form: {} })) },
    { method: 'POST', route: '/admin/invitations/:id/revoke', path: () => `/admin/invitations/${NOBODY}/revoke`, who: 'admin', page: true, cases: () => badIds((id) => `/admin/invitations/${id}/revoke`).map((c) => ({ ...c, form: {} })) },
    { method: 'POST', route: '/admin/people/:id/reset-link', path: () => `/admin/people/${NOBODY}/reset-link`, who: 'admin', page: true, cases: () => badIds((id) => `/admin/people/${id}/reset-link`).map((c) => ({ ...c, form: {} })) },
  ];

  /** Bulk-import files that must be refused whole (the page imports for real only when asked: `dryRun=false`). */
  function importCases(page = false): Case[] {
    const real: Record<string, string> = page ? { dryRun: 'false' } : {};
    const csv = (text: string | Uint8Array) => new Blob([text as BlobPart], { type: 'text/csv' });
    const good = organizationsCsv({ count: 3 });
    const lines = good.split('\r\n');
    return [
      { name: 'no file', multipart: { ...real, other: 'x' }, field: page ? undefined : 'file' },
      { name: 'an empty file', multipart: { ...real, file: csv('') } },
      { name: 'only a header', multipart: { ...real, file: csv(lines[0]) } },
      { name: 'a header without the province', multipart: { ...real, file: csv(good.replace('province', 'county')) } },
      { name: 'a line without its province', multipart: { ...real, file: csv(good.replace(`,${lines[1].split(',')[3]},`, ',,')) } },
      { name: 'a line of another kind', multipart: { ...real, file: csv(good.replace(/,sao,|,subdistrict_municipality,|,city_municipality,|,town_municipality,/, ',kingdom,')) } },
      { name: 'a DLA code twice', multipart: { ...real, file: csv(`${good}${lines[1]}\r\n`) } },
      { name: 'the slug of an organisation there is', multipart: { ...real, file: csv(good.replace(/lao-\d+/, 'bad')) } },
      { name: 'latin-1, not UTF-8', multipart: { ...real, file: csv(new Uint8Array([0x61, 0x2c, 0xe0, 0x0a])) } },
      { name: 'two files', multipart: { ...real, file: [csv(good), csv(good)] } },
      { name: 'an 11 MB file', multipart: { ...real, file: csv('x'.repeat(11 * 1024 * 1024)) }, status: 413 },
      { name: 'JSON instead of a file', json: { file: good } },
      ...(page ? [] : [{ name: 'dryRun: maybe', path: '/api/platform/organizations/import?dryRun=maybe', multipart: { file: csv(good) }, field: 'dryRun' } as Case]),
    ];
  }

  let certificates: Record<string, Buffer> | undefined;
  /** Uploads of a signing certificate: files that are no PKCS#12, and ones whose passphrase or name do not fit. */
  function certificateCases(): Case[] {
    certificates ??= {
      longPassphrase: pkcs12({ commonName: 'อบต.ทดสอบ', passphrase: 'p'.repeat(201) }),
      emojiPassphrase: pkcs12({ commonName: 'อบต.ทดสอบ', passphrase: '❤️'.repeat(200) }),
      longName: pkcs12({ commonName: 'ก'.repeat(301), passphrase: 'secret' }),
      emojiName: pkcs12({ commonName: '❤️'.repeat(300), passphrase: 'secret' }),
      expired: pkcs12({ commonName: 'อบต.ทดสอบ', passphrase: 'secret', notAfter: new Date(Date.now() - 86_400_000) }),
    };
    const file = (bytes: Buffer | string) => new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], { type: 'application/x-pkcs12' });
    return [
      { name: 'no file', multipart: { passphrase: 'secret' }, field: 'file' },
      { name: 'not a PKCS#12 file', multipart: { file: file('not a certificate'), passphrase: 'secret' }, field: 'file' },
      { name: 'an expired certificate', multipart: { file: file(certificates.expired), passphrase: 'secret' }, field: 'file' },
      { name: 'the wrong passphrase', multipart: { file: file(certificates.longName), passphrase: 'wrong' }, field: 'file' },
      { name: 'passphrase: missing', multipart: { file: file(certificates.expired) }, field: 'passphrase' },
      { name: 'passphrase: sent twice', multipart: { file: file(certificates.longName), passphrase: ['secret', 'secret'] }, field: 'passphrase' },
      { name: 'passphrase: 201 characters (and right)', multipart: { file: file(certificates.longPassphrase), passphrase: 'p'.repeat(201) }, field: 'passphrase' },
      { name: 'passphrase: 200 emoji with a variation selector (and right)', multipart: { file: file(certificates.emojiPassphrase), passphrase: '❤️'.repeat(200) }, field: 'passphrase' },
      { name: 'a certificate named with 301 characters', multipart: { file: file(certificates.longName), passphrase: 'secret' }, field: 'file' },
      { name: 'a certificate named with 300 emoji with a variation selector', multipart: { file: file(certificates.emojiName), passphrase: 'secret' }, field: 'file' },
      { name: 'a 300 KB file', multipart: { file: file(Buffer.alloc(300 * 1024)), passphrase: 'secret' }, status: 413 },
    ];
  }

  test('every write route is in the table', () => {
    const router = t.app.getHttpAdapter().getInstance().router as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    const routes = router.stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : []));
    // `/{*path}`: the catch-all that answers 404 for every unknown path.
    const writes = routes.filter((r) => /^(POST|PUT|PATCH|DELETE) /.test(r) && !r.includes('{*'));
    const covered = new Set([...endpoints.map((e) => `${e.method} ${e.route}`), 'POST /logout']); // signing out takes no input
    expect(writes.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !writes.includes(r))).toEqual([]);
  });

  // Over 1,500 requests, each followed by a look at every table: minutes on MariaDB on a busy two-core machine.
  test('every case is refused with a clear error and changes nothing', async () => {
    const found: string[] = [];
    let before = await fingerprint();
    let count = 0;
    for (const endpoint of endpoints) {
      for (const c of endpoint.cases()) {
        count++;
        const answer = await request(endpoint, c).catch((error: Error) => {
          throw new Error(`${endpoint.method} ${endpoint.route} — ${c.name}: ${error.message} (${String((error as { cause?: unknown }).cause)})`);
        });
        const problems = problemsOf(c, answer);
        const after = await fingerprint();
        const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
        if (changed.length > 0 && !c.changes) problems.push(`changed ${changed.join(', ')}`);
        before = after;
        for (const problem of problems) found.push(`${endpoint.method} ${endpoint.route} — ${c.name}: ${problem}`);
      }
    }
    expect(count).toBeGreaterThan(1000);
    expect(found).toEqual([]);
  }, 900_000);

  test('hostile queries and path segments of reads answer 2xx–4xx and change nothing', async () => {
    const long = 'x'.repeat(5_000);
    const reads: [Who, string][] = [
      ...['limit=abc', 'limit=0', 'limit=1e308', 'limit=100000', 'offset=10', 'cursor=not-a-cursor', 'cursor=a&cursor=b', `cursor=${long}`, 'fiscalYear=NaN', 'fiscalYear=2568&fiscalYear=2569', `q=${long}`, 'q=a&q=b', 'status=nonsense', 'kind[]=x', 'unknown=1'].map((q): [Who, string] => ['author', `/api/reports?${q}`]),
      ['admin', '/api/ita-items?fiscalYear=99999999999999999999'],
      ['admin', '/api/organizations/not-a-uuid'],
      ['admin', `/api/memos/${ids.inReview}/reviews/not-a-uuid/signature`],
      ['admin', '/api/memos/not-a-uuid/timeline'],
      ...['sha256=zz', 'sha256[]=a', `sha256=${'a'.repeat(64)}&sha256=${'b'.repeat(64)}`].map((q): [Who, string] => ['anonymous', `/api/public/verify?${q}`]),
      ...['NaN/x', '99999999999999999999/x', 'abc/ita', 'abc/ita.csv', '1e308/ita', '2566/%00', `2566/${long}`].map((rest): [Who, string] => ['anonymous', `/p/bad/${rest}`]),
      ['anonymous', `/p/${long}`],
      ['anonymous', '/p/%ff'],
      ...['year=abc', 'year=2566&year=2567', 'year=2566&cursor=x', `cursor=${long}`].map((q): [Who, string] => ['anonymous', `/p/bad?${q}`]),
      ['anonymous', '/verify/not-a-uuid'],
      ['anonymous', `/login?next=${long}`],
      ['anonymous', '/login?next=a&next=b'],
      ['author', `/memos?fiscalYear=99999&q=${long}`],
      ['author', '/memos?q=a&q=b&fiscalYear=1&fiscalYear=2'],
      ['admin', `/admin?done=${long}`],
      ['admin', '/admin?done=a&done=b'],
      ...['cursor=x', `cursor=${long}`, 'cursor=a&cursor=b', 'q=a&cursor=eyJ4Ijox'].map((q): [Who, string] => ['author', `/memos?${q}`]),
      ...['awaitingMe=x', 'myDrafts=a&myDrafts=b', `recentlyApproved=${long}`].map((q): [Who, string] => ['deputy', `/?${q}`]),
      ...['people=x', 'positions=a&positions=b', `acting=${long}`, 'items=x'].map((q): [Who, string] => ['admin', `/admin?${q}`]),
      ['webmaster', '/publish?queue=x&published=y'],
      ...['limit=100000', 'cursor=x', 'limit=0'].map((q): [Who, string] => ['deputy', `/api/inbox/awaitingMe?${q}`]),
      ['deputy', '/api/inbox/nonsense'],
      ['deputy', '/api/inbox?cursor=x'],
      ['author', `/memos/${ids.draft}?done=a&done=b`],
      ...['limit=abc', 'limit=201', 'limit=1e308', 'offset=10', 'cursor=x', `cursor=${long}`, 'cursor=a&cursor=b', 'q[]=x', 'q=a&q=b', `q=${long}`, 'q=%25%5F'].map((q): [Who, string] => ['operator', `/api/platform/organizations?${q}`]),
      ['operator', `/platform?q=${long}&cursor=abc`],
      ['operator', '/platform?q=a&q=b&cursor=1&cursor=2'],
      ...['limit=0', 'cursor=x', `cursor=${long}`, 'cursor=a&cursor=b'].map((q): [Who, string] => ['admin', `/api/invitations?${q}`]),
      ...['invitations=x', 'invitations=a&invitations=b', `invitations=${long}`].map((q): [Who, string] => ['admin', `/admin?${q}`]),
      ['operator', `/platform/organizations/${org.organizationId}?done=a&done=b`],
      ['anonymous', `/set-password/${long}`],
      ['anonymous', '/set-password/%00'],
      ['anonymous', `/forgot-password?org=${long}`],
      ['anonymous', '/login?org=a&org=b'],
      ['admin', '/admin/checklist'],
    ];
    const found: string[] = [];
    const before = await fingerprint();
    for (const [who, path] of reads) {
      const response = await fetch(t.baseUrl + path, { headers: clients[who].cookie ? { cookie: clients[who].cookie! } : {}, redirect: 'manual' });
      if (response.status >= 500) found.push(`GET ${path.slice(0, 120)}: answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
      else await response.arrayBuffer();
    }
    expect(found).toEqual([]);
    expect(await fingerprint()).toEqual(before);
  });

  test('odd text that fits — NUL and control characters, emoji, stacked Thai marks — is kept exactly as sent', async () => {
    // Accepted, not refused: what such text may contain is not decided here; what matters is that no database or
    // driver truncates it (SQLite's C strings end at NUL) or fails on it, and that searching for it is no error.
    const odd = ['ก\u0000ข', 'tab\tline\nbell\u0007 esc\u001b[31m del\u007f', '❤️'.repeat(100), 'ก' + '\u0E48'.repeat(199), '😀'.repeat(200)];
    for (const unit of odd) {
      expect((await p.admin.patch(`/api/positions/${org.positions.author}`, { unit })).status).toBe(200);
      expect((await p.admin.get(`/api/positions/${org.positions.author}`)).body.unit).toBe(unit);
    }
    const subject = `เรื่อง\u0000ทดสอบ\u0007${'กิ่'.repeat(70)}`;
    const id = await newDraft(p.author, subject);
    expect((await p.author.get(`/api/reports/${id}`)).body.subject).toBe(subject);
    const found = await p.author.get(`/api/reports?q=${encodeURIComponent('ทดสอบ\u0007')}`);
    expect(found.status).toBe(200);
  });

  test('an acting signature under the longest position title and order number fits its columns', async () => {
    // 16 + 1 + 200 + 2 + 100 + 1 characters: "ปฏิบัติราชการแทน <title> (<order>)".
    expect((await p.admin.patch(`/api/positions/${org.positions.deputy}`, { title: 'ป'.repeat(200) })).status).toBe(200);
    const order = await p.admin.post('/api/acting-assignments', {
      positionId: org.positions.deputy, userId: org.users.webmaster.id, kind: 'deputizing', orderNumber: 'ค'.repeat(100), startsOn: '2000-01-01', endsOn: '2199-12-31',
    });
    expect(order.status).toBe(201);
    const id = await newDraft(p.author, 'บันทึกที่ผู้ปฏิบัติราชการแทนลงนาม');
    expect((await send(p.author, id, { event: 'SUBMIT' })).status).toBe(200);
    const signed = await send(p.webmaster, id, { event: 'FORWARD', comment: 'ทราบ', signatureImage: `data:image/png;base64,${PNG_SIGNATURE.toString('base64')}` });
    expect(signed.status).toBe(200);
    const reviews = (await p.admin.get(`/api/memos/${id}/reviews`)).body.items as { actingFor: string | null }[];
    expect(reviews.map((r) => r.actingFor)).toEqual([`ปฏิบัติราชการแทน ${'ป'.repeat(200)} (${'ค'.repeat(100)})`]);
  });
});
