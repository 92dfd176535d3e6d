import { DataSource } from 'typeorm';
import type { AuthContext, RequestOrigin } from '../src/auth/auth-context';
import { inTransaction } from '../src/database/transactions';
import { Organization } from '../src/identity/organization.entity';
import { DocumentsService } from '../src/documents/documents.service';
import { User } from '../src/identity/user.entity';
import { WorkflowService } from '../src/workflow/workflow.service';
import { HttpClient } from './support/http-client';
import { newDraft, send, signInAll, type People } from './support/journey';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const numberOf = (documentNumber: string) => Number([...documentNumber.split('/')[1]].map((d) => THAI_DIGITS.indexOf(d)).join(''));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Requests that overlap, as they do in production: on SQLite the whole process shares one connection, so this is
 * where transactions of different requests could interleave or swallow each other's writes.
 */
describe.each(DIALECTS)('concurrent requests on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    org = await seedOrganization(t, 'conc');
    p = await signInAll(t, org);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  test('over HTTP, many drafts saved, submitted and forwarded at once, each twice: one of each pair applies, numbers stay consecutive, audit chains intact', async () => {
    const n = 12;
    const ids = await Promise.all(Array.from({ length: n }, (_, i) => newDraft(p.author, `เรื่องที่ ${i}`)));
    const outcome = (results: { status: number }[][]) => results.map((pair) => pair.map((r) => r.status).sort());
    const twice = <T>(request: () => Promise<T>) => Promise.all([request(), request()]);

    const saves = await Promise.all(
      ids.map(async (id, i) => {
        const current = (await p.author.get(`/api/reports/${id}`)).body;
        return twice(() => p.author.put(`/api/reports/${id}`, { report: current.report, memo: { ...current.memo, subject: `แก้ไขพร้อมกัน ${i}` }, version: current.version }));
      }),
    );
    expect(outcome(saves)).toEqual(ids.map(() => [200, 409]));

    const submitted = await Promise.all(ids.map((id) => twice(() => send(p.author, id, { event: 'SUBMIT' }))));
    expect(outcome(submitted)).toEqual(ids.map(() => [200, 409]));
    const numbers = submitted.map((pair) => numberOf(pair.find((r) => r.status === 200)!.body.documentNumber)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: n }, (_, i) => numbers[0] + i));

    // The loser of a FORWARD pair that starts after the winner committed is no longer the step's holder: 403.
    const forwarded = await Promise.all(ids.map((id) => twice(() => send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ' }))));
    expect(forwarded.map((pair) => pair.map((r) => r.status).sort()[0])).toEqual(ids.map(() => 200));
    expect(forwarded.flat().filter((r) => r.status !== 200).map((r) => r.status).filter((s) => s !== 403 && s !== 409)).toEqual([]);

    for (const [i, id] of ids.entries()) {
      const document = (await p.author.get(`/api/reports/${id}`)).body;
      expect(document).toMatchObject({ status: 'in_review', version: 4, memo: { subject: `แก้ไขพร้อมกัน ${i}` } });
      const audit = (await p.admin.get(`/api/memos/${id}/audit`)).body;
      expect(audit.check.intact).toBe(true);
      expect(audit.rows.filter((r: { outcome: string }) => r.outcome === 'applied').map((r: { event: string }) => r.event)).toEqual(['SUBMIT', 'FORWARD']);
      expect((await p.author.get(`/api/memos/${id}/reviews`)).body.items).toHaveLength(1);
    }
  });

  test('saves and transitions of many memos started in the same tick, each twice: one of each pair applies, the other is refused, nothing else is lost', async () => {
    const n = 10;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await newDraft(p.author, `เรื่องพร้อมกันที่ ${i}`));
    const reports = t.app.get(DocumentsService);
    const workflow = t.app.get(WorkflowService);
    const as = (key: 'author' | 'deputy'): AuthContext => ({ userId: org.users[key].id, organizationId: org.organizationId, roles: key === 'author' ? ['author'] : ['reviewer'], positionId: org.positions[key], via: 'session' });
    const origin: RequestOrigin = { ip: '127.0.0.1', userAgent: 'concurrency test' };
    const documents = await Promise.all(ids.map((id) => reports.get(as('author'), id)));
    // Work started in the same tick advances in turns, one statement each: without one transaction at a time on
    // SQLite, their statements interleave. (Requests over HTTP start on separate network events, so on their own they
    // overlap only when a transaction awaits something other than the database: see the next test.)
    const pairs = async (work: (id: string, i: number) => Promise<unknown>) => {
      const settled = await Promise.allSettled(ids.flatMap((id, i) => [work(id, i), work(id, i)]));
      return ids.map((_, i) => settled.slice(2 * i, 2 * i + 2).map((s) => (s.status === 'fulfilled' ? 'applied' : (s.reason as { code?: string }).code ?? String(s.reason))).sort());
    };
    // The loser sees the winner's change as a newer version, or (when it starts after the winner committed) as a
    // state or step it may no longer act on.
    const oneApplied = (outcomes: string[][]) => outcomes.map(([a, b]) => (b === 'applied' && ['VERSION_CONFLICT', 'INVALID_TRANSITION', 'FORBIDDEN'].includes(a) ? 'one applied' : `${a}, ${b}`));
    const expected = ids.map(() => 'one applied');

    expect(oneApplied(await pairs((id, i) => reports.update(as('author'), id, { report: documents[i].report, memo: { ...documents[i].memo, subject: `แก้ไขแล้วที่ ${i}` }, version: documents[i].version })))).toEqual(expected);
    expect(oneApplied(await pairs((id) => workflow.apply(as('author'), id, { event: 'SUBMIT', version: 2 }, origin)))).toEqual(expected);
    expect(oneApplied(await pairs((id) => workflow.apply(as('deputy'), id, { event: 'FORWARD', comment: 'ทราบ', version: 3 }, origin)))).toEqual(expected);

    const numbers: number[] = [];
    for (const [i, id] of ids.entries()) {
      const document = await reports.get(as('author'), id);
      expect(document).toMatchObject({ status: 'in_review', version: 4, memo: { subject: `แก้ไขแล้วที่ ${i}` } });
      numbers.push(numberOf(document.memo.documentNumber!));
      const audit = (await p.admin.get(`/api/memos/${id}/audit`)).body;
      expect(audit.check.intact).toBe(true);
      expect(audit.rows.filter((r: { outcome: string }) => r.outcome === 'applied').map((r: { event: string }) => r.event)).toEqual(['SUBMIT', 'FORWARD']);
    }
    numbers.sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: n }, (_, i) => numbers[0] + i));
  });

  test('a sign-in and a write made while another request’s transaction is open survive that transaction’s rollback', async () => {
    let opened!: () => void;
    let abort!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const aborted = new Promise<void>((resolve) => (abort = resolve));
    const doomed = inTransaction(db, async (manager) => {
      await manager.update(User, { id: org.users.webmaster.id }, { fullName: 'ชื่อที่ต้องถูกย้อนกลับ' });
      opened();
      await aborted;
      throw new Error('rolled back on purpose');
    });
    await open;

    const mayor = new HttpClient(t.baseUrl);
    const signIn = mayor.login(org.users.mayor.username, org.users.mayor.password);
    const write = db.query('UPDATE organizations SET phone = ? WHERE id = ?', ['0 7358 1234', org.organizationId]);
    // Give both time to reach the database (on MariaDB they finish; with SQLite serialised they wait), then roll back.
    await Promise.race([Promise.all([signIn, write]), sleep(1500)]);
    abort();
    await expect(doomed).rejects.toThrow('rolled back on purpose');

    expect((await signIn).status).toBe(200);
    await write;
    expect((await mayor.get('/api/auth/me')).status).toBe(200);
    expect((await db.getRepository(Organization).findOneByOrFail({ id: org.organizationId })).phone).toBe('0 7358 1234');
    expect((await db.getRepository(User).findOneByOrFail({ id: org.users.webmaster.id })).fullName).toBe('conc เว็บ');
  });

  test('inside a transaction, a query and a transaction started through the data source rather than its manager do not wait for it', async () => {
    const done = await inTransaction(db, async (manager) => {
      await manager.update(User, { id: org.users.webmaster.id }, { email: 'web@conc.example' });
      const [row] = await db.query('SELECT COUNT(*) AS n FROM organizations');
      await inTransaction(db, (inner) => inner.update(Organization, { id: org.organizationId }, { website: 'https://conc.example' }));
      return Number(row.n);
    });
    expect(done).toBeGreaterThan(0);
    expect((await db.getRepository(User).findOneByOrFail({ id: org.users.webmaster.id })).email).toBe('web@conc.example');
    expect((await db.getRepository(Organization).findOneByOrFail({ id: org.organizationId })).website).toBe('https://conc.example');
  });
});
