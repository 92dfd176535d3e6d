import { DataSource } from 'typeorm';
import { OutboxWorker } from '../src/outbox/outbox-worker';
import { newDraft, send, signInAll, type People } from './support/journey';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const arabic = (thai: string) => Number([...thai].map((d) => THAI_DIGITS.indexOf(d)).join(''));
const numberOf = (documentNumber: string) => arabic(documentNumber.split('/')[1]);

describe.each(DIALECTS)('workflow on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    org = await seedOrganization(t, 'flow');
    p = await signInAll(t, org);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);

  test('the whole journey: submit, forward, approve — number, reviews, audit chain and jobs', async () => {
    const id = await newDraft(p.author);
    const submitted = await send(p.author, id, { event: 'SUBMIT' });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ from: 'draft', to: 'in_review', step: 1, statusLabel: 'อยู่ระหว่างพิจารณา' });
    expect(submitted.body.documentNumber).toMatch(/^นธ ๗๗๒๐๑\/[๐-๙]+$/);

    const inbox = await p.deputy.get('/api/inbox');
    expect(inbox.body.awaitingMe.items.map((i: any) => i.id)).toContain(id);
    expect(inbox.body.awaitingMe.items.find((i: any) => i.id === id)).toMatchObject({ step: { number: 1, of: 2, heading: 'ความเห็นปลัด อบต.' }, overdue: false, asActing: false });
    expect((await p.mayor.get('/api/inbox')).body.awaitingMe.items.map((i: any) => i.id)).not.toContain(id);

    const forwarded = await send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ เห็นควรนำเสนอนายก อบต. พิจารณา' });
    expect(forwarded.body).toMatchObject({ to: 'in_review', step: 2 });
    const approved = await send(p.mayor, id, { event: 'APPROVE', comment: 'ทราบ อนุมัติ ให้ประกาศบนเว็บไซต์' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ from: 'in_review', to: 'approved', documentNumber: submitted.body.documentNumber });

    const document = await p.author.get(`/api/reports/${id}`);
    expect(document.body.memo.documentNumber).toBe(submitted.body.documentNumber);
    expect(document.body.memo.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(document.body.status).toBe('approved');

    const reviews = (await p.author.get(`/api/memos/${id}/reviews`)).body.items;
    expect(reviews.map((r: any) => [r.heading, r.action, r.signerName, r.signerPosition])).toEqual([
      ['ความเห็นปลัด อบต.', 'FORWARD', 'นางflow ปลัด', 'ปลัดองค์การบริหารส่วนตำบลflow'],
      ['ความเห็นนายก อบต.', 'APPROVE', 'นายflow นายก', 'นายกองค์การบริหารส่วนตำบลflow'],
    ]);
    const signature = await p.author.get(`/api/memos/${id}/reviews/${reviews[1].id}/signature`);
    expect(signature.status).toBe(200);
    expect(signature.headers.get('content-type')).toBe('image/png');

    const audit = await p.admin.get(`/api/memos/${id}/audit`);
    expect(audit.body.check).toEqual({ intact: true, rows: 3, brokenAt: null });
    expect(audit.body.rows.map((r: any) => [r.event, r.fromState, r.toState, r.outcome])).toEqual([
      ['SUBMIT', 'draft', 'in_review', 'applied'],
      ['FORWARD', 'in_review', 'in_review', 'applied'],
      ['APPROVE', 'in_review', 'approved', 'applied'],
    ]);
    expect(audit.body.rows[0].ip).toBe('127.0.0.1');

    expect(await count(`SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'render' AND dedupe_key LIKE ?`, [`render:${id}:%`])).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'notify' AND dedupe_key LIKE ?`, [`notify:${id}:%`])).toBe(3);

    const timeline = await p.author.get(`/api/memos/${id}/timeline`);
    expect(timeline.body.events.map((e: any) => e.event)).toEqual(['SUBMIT', 'FORWARD', 'APPROVE']);
    expect(timeline.body.events[1]).toMatchObject({ actor: 'นางflow ปลัด', fromStep: 1, toStep: 2 });
    expect(timeline.body.events.every((e: any) => e.waitedMs >= 0)).toBe(true);
    expect(timeline.body.route.map((s: any) => s.heading)).toEqual(['ความเห็นปลัด อบต.', 'ความเห็นนายก อบต.']);
  });

  test('notifications are sent by the outbox worker after commit', async () => {
    const id = await newDraft(p.author);
    await send(p.author, id, { event: 'SUBMIT' });
    const worker = t.app.get(OutboxWorker);
    const rows = async () => db.query(`SELECT status, attempts FROM outbox_jobs WHERE kind = 'notify' AND dedupe_key LIKE ?`, [`notify:${id}:%`]);
    for (let i = 0; i < 100 && (await rows())[0].status !== 'done'; i++) {
      await worker.drain();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await rows()).map((r: any) => ({ status: r.status, attempts: Number(r.attempts) }))).toEqual([{ status: 'done', attempts: 1 }]);
  });

  test('only the holder of the step acts; everyone else gets 403 and the attempt is audited', async () => {
    const id = await newDraft(p.author);
    await send(p.author, id, { event: 'SUBMIT' });
    const attempts = [
      [p.mayor, { event: 'FORWARD', comment: 'ข้ามขั้น' }],
      [p.author, { event: 'FORWARD', comment: 'อนุมัติตัวเอง' }],
      [p.webmaster, { event: 'RETURN', reason: 'x' }],
      [p.deputy, { event: 'CANCEL' }],
      [p.admin, { event: 'APPROVE', comment: 'ผู้ดูแลระบบไม่ใช่ผู้พิจารณา' }],
    ] as const;
    for (const [client, body] of attempts) {
      const res = await send(client, id, body);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    const audit = await p.admin.get(`/api/memos/${id}/audit`);
    expect(audit.body.rows.filter((r: any) => r.outcome === 'refused').map((r: any) => r.event)).toEqual(['FORWARD', 'FORWARD', 'RETURN', 'CANCEL', 'APPROVE']);
    expect(audit.body.check.intact).toBe(true);
    expect((await p.author.get(`/api/reports/${id}`)).body.status).toBe('in_review');
  });

  test('the chart refuses what the state does not allow, with 409, and bad input with 400', async () => {
    const id = await newDraft(p.author);
    expect((await send(p.author, id, { event: 'RESUBMIT' })).status).toBe(409);
    await send(p.author, id, { event: 'SUBMIT' });
    const early = await send(p.deputy, id, { event: 'APPROVE', comment: 'อนุมัติ' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('INVALID_TRANSITION');
    const noComment = await send(p.deputy, id, { event: 'FORWARD' });
    expect(noComment.status).toBe(400);
    expect(noComment.body.fields[0]).toMatchObject({ field: 'comment', rule: 'required' });
    const noReason = await send(p.deputy, id, { event: 'RETURN', reason: '  ' });
    expect(noReason.body.fields[0]).toMatchObject({ field: 'reason', rule: 'required' });
    const unknown = await send(p.deputy, id, { event: 'RENDERED' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields[0].field).toBe('event');
    const badSignature = await send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ', signatureImage: 'data:image/png;base64,AAAA' });
    expect(badSignature.status).toBe(400);
    expect(badSignature.body.fields[0].field).toBe('signatureImage');
    expect((await p.author.get(`/api/memos/${id}/timeline`)).body.events).toHaveLength(1);
  });

  test('returned to the author with a reason, edited, resubmitted into step 1 with the same number', async () => {
    const id = await newDraft(p.author);
    const submitted = await send(p.author, id, { event: 'SUBMIT' });
    await send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ' });
    const returned = await send(p.mayor, id, { event: 'RETURN', reason: 'กรุณาเพิ่มผลการดำเนินการในตารางที่ ๒' });
    expect(returned.body.to).toBe('returned');
    const inbox = await p.author.get('/api/inbox');
    expect(inbox.body.returnedToMe.items.find((i: any) => i.id === id).reason).toBe('กรุณาเพิ่มผลการดำเนินการในตารางที่ ๒');

    const current = (await p.author.get(`/api/reports/${id}`)).body;
    const { documentNumber: _n, ...memo } = current.memo;
    const edited = await p.author.put(`/api/reports/${id}`, { report: { ...current.report, title: 'ฉบับแก้ไขตามที่นายกส่งคืน' }, memo, version: current.version });
    expect(edited.status).toBe(200);
    const resubmitted = await send(p.author, id, { event: 'RESUBMIT' });
    expect(resubmitted.body).toMatchObject({ to: 'in_review', step: 1, documentNumber: submitted.body.documentNumber });
    expect((await p.author.put(`/api/reports/${id}`, { report: current.report, memo })).status).toBe(409);
    // The new round starts with no reviews; the earlier round stays in the timeline.
    expect((await p.author.get(`/api/memos/${id}/reviews`)).body.items).toEqual([]);
    expect((await p.author.get(`/api/memos/${id}/timeline`)).body.events.map((e: any) => e.event)).toEqual(['SUBMIT', 'FORWARD', 'RETURN', 'RESUBMIT']);
  });

  test('50 parallel APPROVEs of one memo: one succeeds, the rest get 409; one audit row, one render job', async () => {
    const id = await newDraft(p.author);
    await send(p.author, id, { event: 'SUBMIT' });
    await send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ' });
    const results = await Promise.all(Array.from({ length: 50 }, () => send(p.mayor, id, { event: 'APPROVE', comment: 'อนุมัติ' })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(await count(`SELECT COUNT(*) AS n FROM audit_events WHERE memo_id = ? AND event = 'APPROVE'`, [id])).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'render' AND dedupe_key LIKE ?`, [`render:${id}:%`])).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM memo_reviews WHERE memo_id = ? AND action = 'APPROVE'`, [id])).toBe(1);
  });

  test('200 parallel SUBMITs in one organisation get 200 distinct consecutive numbers', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push(await newDraft(p.author, `บันทึกทดสอบเลขที่ ${i}`));
    const results = await Promise.all(ids.map((id) => send(p.author, id, { event: 'SUBMIT' })));
    expect(results.map((r) => r.status).every((s) => s === 200)).toBe(true);
    const numbers = results.map((r) => numberOf(r.body.documentNumber)).sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(200);
    expect(numbers[199] - numbers[0]).toBe(199);
  });

  test('a cancelled memo keeps its number; numbers are never reused', async () => {
    const first = await newDraft(p.author);
    const a = await send(p.author, first, { event: 'SUBMIT' });
    const cancelled = await send(p.author, first, { event: 'CANCEL' });
    expect(cancelled.body).toMatchObject({ to: 'cancelled', documentNumber: a.body.documentNumber });
    const second = await newDraft(p.author);
    const b = await send(p.author, second, { event: 'SUBMIT' });
    expect(numberOf(b.body.documentNumber)).toBe(numberOf(a.body.documentNumber) + 1);
    // Cancelling is only possible before anyone acted.
    await send(p.deputy, second, { event: 'FORWARD', comment: 'ทราบ' });
    expect((await send(p.author, second, { event: 'CANCEL' })).status).toBe(409);
  });

  test('a tampered audit row is detected by the chain check', async () => {
    const id = await newDraft(p.author);
    await send(p.author, id, { event: 'SUBMIT' });
    await send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ' });
    await send(p.mayor, id, { event: 'RETURN', reason: 'แก้ไข' });
    expect((await p.admin.get(`/api/memos/${id}/audit`)).body.check.intact).toBe(true);
    await db.query(`UPDATE audit_events SET comment = ? WHERE memo_id = ? AND seq = 2`, ['อนุมัติทุกอย่าง', id]);
    expect((await p.admin.get(`/api/memos/${id}/audit`)).body.check).toEqual({ intact: false, rows: 3, brokenAt: 2 });
    await db.query(`UPDATE audit_events SET comment = ? WHERE memo_id = ? AND seq = 2`, ['ทราบ', id]);
    expect((await p.admin.get(`/api/memos/${id}/audit`)).body.check.intact).toBe(true);
    await db.query(`DELETE FROM audit_events WHERE memo_id = ? AND seq = 2`, [id]);
    expect((await p.admin.get(`/api/memos/${id}/audit`)).body.check).toMatchObject({ intact: false, brokenAt: 3 });
    expect((await p.author.get(`/api/memos/${id}/audit`)).status).toBe(403);
  });

  test('an acting assignment works only within its dates', async () => {
    const id = await newDraft(p.author);
    await send(p.author, id, { event: 'SUBMIT' });
    const actingFor = { positionId: org.positions.deputy, userId: org.users.admin.id, kind: 'acting', orderNumber: 'คำสั่ง อบต. ที่ ๑๒/๒๕๖๘' };
    const past = await p.admin.post('/api/acting-assignments', { ...actingFor, startsOn: '2020-01-01', endsOn: '2020-01-31' });
    expect(past.status).toBe(201);
    const refused = await send(p.admin, id, { event: 'FORWARD', comment: 'ทราบ', signatureImage: `data:image/png;base64,${Buffer.from(require('./support/journey').PNG_SIGNATURE).toString('base64')}` });
    expect(refused.status).toBe(403);
    const future = await p.admin.post('/api/acting-assignments', { ...actingFor, startsOn: '2090-01-01', endsOn: '2090-12-31' });
    expect(future.status).toBe(201);
    expect((await send(p.admin, id, { event: 'FORWARD', comment: 'ทราบ' })).status).toBe(403);
    const backwards = await p.admin.post('/api/acting-assignments', { ...actingFor, startsOn: '2026-02-01', endsOn: '2026-01-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.fields[0].field).toBe('endsOn');

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok' }).format(new Date());
    expect((await p.admin.post('/api/acting-assignments', { ...actingFor, startsOn: today, endsOn: today })).status).toBe(201);
    // 200 memos of an earlier test wait at the ปลัด's position, the longest waiting first: this one is on a later page.
    const awaiting: any[] = [];
    for (let page = (await p.admin.get('/api/inbox/awaitingMe?limit=200')).body; ; page = (await p.admin.get(`/api/inbox/awaitingMe?limit=200&cursor=${encodeURIComponent(page.next)}`)).body) {
      awaiting.push(...page.items);
      if (!page.next) break;
    }
    expect(awaiting.find((i) => i.id === id)).toMatchObject({ asActing: true });
    const drawn = `data:image/png;base64,${require('./support/journey').PNG_SIGNATURE.toString('base64')}`;
    const acted = await send(p.admin, id, { event: 'FORWARD', comment: 'ทราบ', signatureImage: drawn });
    expect(acted.status).toBe(200);
    const [review] = (await p.author.get(`/api/memos/${id}/reviews`)).body.items;
    expect(review.actingFor).toBe('รักษาราชการแทน ปลัดองค์การบริหารส่วนตำบลflow (คำสั่ง อบต. ที่ ๑๒/๒๕๖๘)');
    expect(review.signerName).toBe('นายflow แอดมิน');
  });

  test('a route change does not alter a memo in review', async () => {
    const id = await newDraft(p.author);
    await send(p.author, id, { event: 'SUBMIT' });
    const changed = await p.admin.put('/api/route', { positionIds: [org.positions.mayor] });
    expect(changed.status).toBe(200);
    expect(changed.body.map((x: any) => x.id)).toEqual([org.positions.mayor]);
    const timeline = await p.author.get(`/api/memos/${id}/timeline`);
    expect(timeline.body.route).toHaveLength(2);
    expect((await send(p.mayor, id, { event: 'APPROVE', comment: 'อนุมัติ' })).status).toBe(403);
    expect((await send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ' })).status).toBe(200);
    expect((await send(p.mayor, id, { event: 'APPROVE', comment: 'อนุมัติ' })).status).toBe(200);
    // A memo submitted now follows the new one-step route.
    const next = await newDraft(p.author);
    await send(p.author, next, { event: 'SUBMIT' });
    expect((await send(p.mayor, next, { event: 'APPROVE', comment: 'อนุมัติ' })).status).toBe(200);
    await p.admin.put('/api/route', { positionIds: [org.positions.deputy, org.positions.mayor] });
  });

  test('a retried request with the same Idempotency-Key is applied once', async () => {
    const id = await newDraft(p.author);
    const key = { 'idempotency-key': `submit-${id}` };
    const first = await send(p.author, id, { event: 'SUBMIT' }, key);
    const retry = await send(p.author, id, { event: 'SUBMIT' }, key);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ' }, { 'idempotency-key': `fwd-${id}` })));
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(concurrent.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM audit_events WHERE memo_id = ? AND outcome = 'applied'`, [id])).toBe(2);
    expect((await p.author.get(`/api/reports/${id}`)).body.version).toBe(3);
    const misuse = await send(p.deputy, id, { event: 'RETURN', reason: 'อื่น' }, { 'idempotency-key': `fwd-${id}` });
    expect(misuse.status).toBe(409);
    // Keys are case-sensitive on every database: this is a new FORWARD, not a retry of the first one, and the
    // memo has left the ปลัด's step since.
    const other = await send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ' }, { 'idempotency-key': `FWD-${id}` });
    expect(other.status).toBe(403);
  });

  test('an id sent in upper case names the same memo on every database', async () => {
    const id = await newDraft(p.author);
    const upper = await p.author.get(`/api/reports/${id.toUpperCase()}`);
    expect(upper.status).toBe(200);
    expect(upper.body.id).toBe(id);
    expect((await send(p.author, id.toUpperCase(), { event: 'SUBMIT' })).status).toBe(200);
    expect((await p.author.get(`/api/reports/${id}`)).body.status).toBe('in_review');
  });

  test('a stale version gets 409 and writes nothing', async () => {
    const id = await newDraft(p.author);
    const res = await send(p.author, id, { event: 'SUBMIT', version: 7 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('VERSION_CONFLICT');
    expect((await p.author.get(`/api/reports/${id}`)).body.status).toBe('draft');
    expect(await count(`SELECT COUNT(*) AS n FROM audit_events WHERE memo_id = ?`, [id])).toBe(0);
  });

  test('PUBLISH is not a transition a webmaster sends here: it goes through the publication desk', async () => {
    const id = await newDraft(p.author);
    await send(p.author, id, { event: 'SUBMIT' });
    await send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ' });
    await send(p.mayor, id, { event: 'APPROVE', comment: 'อนุมัติ' });
    const refused = await send(p.webmaster, id, { event: 'PUBLISH' });
    expect(refused.status).toBe(400);
    expect(refused.body.fields[0]).toMatchObject({ field: 'event', rule: 'publicationEndpoint' });
    expect((await p.author.get(`/api/reports/${id}`)).body.status).toBe('approved');
  });
});

// Row and gap locks are MariaDB's: SQLite runs one transaction at a time, so nothing can interleave there.
describe('refused attempts racing a transition on mysql', () => {
  let t: TestApp;
  let p: People;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp('mysql');
    p = await signInAll(t, await seedOrganization(t, 'race'));
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  test('a refused attempt waits for a transition in progress on the memo, then extends the audit chain after it', async () => {
    const id = await newDraft(p.author);
    await send(p.author, id, { event: 'SUBMIT' });
    // A transition in progress holds the memo's row from its UPDATE to its commit, and reads the chain's tail in between.
    const transition = db.createQueryRunner();
    await transition.connect();
    await transition.startTransaction();
    await transition.query('UPDATE memos SET version = version WHERE id = ?', [id]);
    let settled = false;
    const refusal = send(p.mayor, id, { event: 'FORWARD', comment: 'ทราบ' }).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 400));
    // The audit row's foreign key needs the memo's row, so the refusal waits (InnoDB takes a shared lock on the parent).
    // Without that wait it could take the same place in the chain as the transition and make the transition fail.
    expect(settled).toBe(false);
    await transition.commitTransaction();
    await transition.release();
    expect((await refusal).status).toBe(403);
    const audit = (await p.admin.get(`/api/memos/${id}/audit`)).body;
    expect(audit.check).toEqual({ intact: true, rows: 2, brokenAt: null });
    expect(audit.rows.map((r: any) => [r.event, r.outcome])).toEqual([['SUBMIT', 'applied'], ['FORWARD', 'refused']]);
  });
});

describe.each(DIALECTS)('notifications with a failing mail server on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;

  beforeAll(async () => {
    // Nothing listens on port 9 of loopback: every delivery fails.
    t = await startTestApp(dialect, { SMTP_URL: 'smtp://127.0.0.1:9', OUTBOX_ENABLED: 'false' });
    org = await seedOrganization(t, 'mailfail');
    await t.app.get(DataSource).query('UPDATE users SET email = ?', ['person@example.go.th']);
    p = await signInAll(t, org);
  });
  afterAll(() => t.close());

  test('the transition commits; the notification waits for a retry with its error', async () => {
    const id = await newDraft(p.author);
    const res = await send(p.author, id, { event: 'SUBMIT' });
    expect(res.status).toBe(200);
    expect(await t.app.get(OutboxWorker).drain()).toBe(1);
    const [job] = await t.app.get(DataSource).query(`SELECT status, attempts, last_error FROM outbox_jobs WHERE dedupe_key LIKE ?`, [`notify:${id}:%`]);
    expect(job.status).toBe('pending');
    expect(Number(job.attempts)).toBe(1);
    expect(job.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect((await p.author.get(`/api/reports/${id}`)).body.status).toBe('in_review');
  });
});
