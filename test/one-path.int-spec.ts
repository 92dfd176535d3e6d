import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { HttpClient } from './support/http-client';
import { approvedMemo, attachStandInPdf, newDraft, send, signInAll, type People } from './support/journey';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

/**
 * One path for every state change: the chart decides what may happen (availableActions), one writer writes it, the
 * publication desk alone sends PUBLISH and WITHDRAW, and a retried publish with its Idempotency-Key stores one file.
 */
describe.each(DIALECTS)('one path for every state change on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp(dialect, { OUTBOX_ENABLED: 'false' });
    org = await seedOrganization(t, 'onepath');
    p = await signInAll(t, org);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const state = async (id: string) => {
    const [memo] = await db.query('SELECT status, version FROM memos WHERE id = ?', [id]);
    const [{ n: audit }] = await db.query('SELECT COUNT(*) AS n FROM audit_events WHERE memo_id = ?', [id]);
    const publications = await db.query('SELECT status FROM publications WHERE memo_id = ?', [id]);
    return { status: memo.status, version: Number(memo.version), audit: Number(audit), publications: publications.map((r: any) => r.status) };
  };
  const ready = async (subject: string) => {
    const id = await approvedMemo(p, subject);
    await attachStandInPdf(t, org.organizationId, id);
    return id;
  };
  const storedPublications = () => {
    try {
      return readdirSync(join(t.databaseEnv.DATA_DIR, 'files', 'publications', org.organizationId));
    } catch {
      return [];
    }
  };

  test('PUBLISH and WITHDRAW through the transitions endpoint are refused, naming the publication endpoints, and change nothing', async () => {
    const id = await ready('เผยแพร่ผิดทาง');
    const before = await state(id);
    const publish = await send(p.webmaster, id, { event: 'PUBLISH' });
    expect(publish.status).toBe(400);
    expect(publish.body.fields).toEqual([expect.objectContaining({ field: 'event', rule: 'publicationEndpoint', messageEn: expect.stringContaining('POST /api/memos/:id/publish') })]);
    expect(await state(id)).toEqual(before);
    // The memo page's form goes the same way.
    const form = await p.webmaster.request('POST', `/memos/${id}/act`, new URLSearchParams({ event: 'PUBLISH' }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
    expect(form.text).toContain('POST /api/memos/:id/publish');
    expect(await state(id)).toEqual(before);

    const published = await p.webmaster.post(`/api/memos/${id}/publish`, {});
    expect(published.status).toBe(200);
    const withdraw = await send(p.webmaster, id, { event: 'WITHDRAW', reason: 'ถอนผิดทาง' });
    expect(withdraw.status).toBe(400);
    expect(withdraw.body.fields[0]).toMatchObject({ field: 'event', rule: 'publicationEndpoint', messageEn: expect.stringContaining('POST /api/publications/:id/withdraw') });
    expect(await state(id)).toMatchObject({ status: 'published', publications: ['current'] });

    const withdrawn = await p.webmaster.post(`/api/publications/${published.body.id}/withdraw`, { reason: 'ถอนตามขั้นตอน' });
    expect(withdrawn.status).toBe(200);
    expect(await state(id)).toMatchObject({ status: 'withdrawn', publications: ['withdrawn'] });
    expect((await new HttpClient(t.baseUrl).get(`/api/public/verify?sha256=${published.body.sha256}`)).body).toMatchObject({ authentic: true, current: false });
  });

  test('a publish retried with its Idempotency-Key, one after the other and at once, gets the first answer and stores one file', async () => {
    const first = await ready('เผยแพร่ซ้ำตามลำดับ');
    const filesBefore = storedPublications().length;
    const key = { 'idempotency-key': `publish-${first}` };
    const answer = await p.webmaster.post(`/api/memos/${first}/publish`, {}, key);
    expect(answer.status).toBe(200);
    const again = await p.webmaster.post(`/api/memos/${first}/publish`, {}, key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(answer.body);
    expect(storedPublications().length).toBe(filesBefore + 1);

    const second = await ready('เผยแพร่ซ้ำพร้อมกัน');
    const concurrentKey = { 'idempotency-key': `publish-${second}` };
    const answers = await Promise.all(Array.from({ length: 4 }, () => p.webmaster.post(`/api/memos/${second}/publish`, {}, concurrentKey)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(storedPublications().length).toBe(filesBefore + 2);
    expect(await state(second)).toMatchObject({ status: 'published', publications: ['current'] });
    // The same key for another request is refused.
    expect((await p.webmaster.post(`/api/memos/${second}/publish`, { title: 'อีกชื่อหนึ่ง' }, concurrentKey)).status).toBe(409);
  });

  test('the API returns with a memo what this person may do now, from the chart and the route', async () => {
    const id = await newDraft(p.author, 'ใครทำอะไรได้');
    const actions = async (client: HttpClient) => (await client.get(`/api/reports/${id}`)).body.actions.map((a: any) => a.event);
    expect(await actions(p.author)).toEqual(['SUBMIT', 'CANCEL']);
    await send(p.author, id, { event: 'SUBMIT' });
    expect(await actions(p.author)).toEqual(['CANCEL']);
    expect(await actions(p.deputy)).toEqual(['FORWARD', 'RETURN']);
    expect(await actions(p.mayor)).toEqual([]);
    await send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ' });
    expect(await actions(p.author)).toEqual([]);
    expect(await actions(p.mayor)).toEqual(['APPROVE', 'RETURN', 'REJECT']);
    expect(await actions(p.webmaster)).toEqual([]);
  });

  test('an official acting by a ปฏิบัติราชการแทน order is shown that line on the review screen, and signs under it', async () => {
    const id = await newDraft(p.author, 'ปฏิบัติราชการแทน');
    await send(p.author, id, { event: 'SUBMIT' });
    const order = await p.admin.post('/api/acting-assignments', {
      positionId: org.positions.deputy, userId: org.users.webmaster.id, kind: 'deputizing', orderNumber: 'คำสั่งที่ ๙/๒๕๖๙', startsOn: '2020-01-01', endsOn: '2100-12-31',
    });
    expect(order.status).toBe(201);
    const [action] = (await p.webmaster.get(`/api/reports/${id}`)).body.actions;
    expect(action).toMatchObject({ event: 'FORWARD', actingFor: expect.stringMatching(/^ปฏิบัติราชการแทน ปลัด.*\(คำสั่งที่ ๙\/๒๕๖๙\)$/) });
    const page = await p.webmaster.get(`/memos/${id}`);
    expect(page.text).toContain(action.actingFor);
    expect(page.text).not.toContain('รักษาราชการแทน');
    await p.admin.delete(`/api/acting-assignments/${order.body.id}`);
  });

  test('staff pages refuse with a Thai HTML page and the right status: 404 for another organisation, 403 for a form the person may not use', async () => {
    const elsewhere = await seedOrganization(t, 'onepath-other');
    const stranger = (await signInAll(t, elsewhere)).author;
    const id = await newDraft(p.author, 'ของหน่วยงานเรา');
    const notFound = await stranger.get(`/memos/${id}`, { accept: 'text/html' });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('content-type')).toContain('text/html');
    expect(notFound.text).toContain('ไม่พบ');
    const forbidden = await p.webmaster.request('POST', '/memos/new', new URLSearchParams({ template: 'measures', fiscalYear: '2569' }).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('text/html');
    expect(forbidden.text).toContain('คุณไม่มีสิทธิ์');
    // The API keeps answering JSON.
    const api = await stranger.get(`/api/reports/${id}`);
    expect(api.status).toBe(404);
    expect(api.body).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('a staff page past a limit', () => {
  let t: TestApp;
  let p: People;

  beforeAll(async () => {
    // One page printing and no queue: a second preview at the same moment is over the renderer's limit.
    t = await startTestApp('sqlite', { OUTBOX_ENABLED: 'false', RENDER_PAGES: '1', RENDER_QUEUE_LIMIT: '0' });
    p = await signInAll(t, await seedOrganization(t, 'limits'));
  });
  afterAll(() => t.close());

  test('answers 429 with Retry-After and a Thai page', async () => {
    const id = await newDraft(p.author, 'ดูตัวอย่างพร้อมกัน');
    const previews = await Promise.all([1, 2, 3].map(() => p.author.get(`/memos/${id}/preview.pdf`, { accept: 'text/html' })));
    const refused = previews.find((r) => r.status === 429);
    expect(previews.some((r) => r.status === 200 && r.headers.get('content-type') === 'application/pdf')).toBe(true);
    expect(refused).toBeDefined();
    expect(refused!.headers.get('retry-after')).toBe('5');
    expect(refused!.headers.get('content-type')).toContain('text/html');
    expect(refused!.text).toContain('มีคำขอมากเกินไป');
    expect(refused!.text).toContain('กรุณาลองใหม่ในอีก 5 วินาที');
  });
});
