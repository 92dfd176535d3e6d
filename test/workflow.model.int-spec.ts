import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { checkAuditChain } from '../src/workflow/audit-trail';
import { HttpClient } from './support/http-client';
import { attachStandInPdf, newDraft, PNG_SIGNATURE, send, signInAll, type People } from './support/journey';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

/**
 * Model-based test of the whole journey over HTTP: random sequences of events from every kind of actor — the author,
 * the holders of each step, an official acting for the ปลัด, the webmaster, the admin, a colleague, someone of
 * another organisation — sent to a few memos, each step checked against a model written here from the rules
 * (docs/workflow.md), independently of the code: the answer's status, and after every step each memo's state, its
 * audit chain (intact, one row per applied or refused event), its publication rows, the stored files, and the
 * actions the API offers each person. `npm test` runs a fixed seed and a few hundred steps per database;
 * `npm run test:model` runs many more (MODEL_RUNS, MODEL_STEPS, MODEL_SEED).
 */
const RUNS = Number(process.env.MODEL_RUNS ?? 10);
const STEPS = Number(process.env.MODEL_STEPS ?? 60);
const SEED = Number(process.env.MODEL_SEED ?? 20261201);

type Status = 'draft' | 'in_review' | 'returned' | 'approved' | 'ready' | 'published' | 'withdrawn' | 'rejected' | 'cancelled';
type Actor = 'author' | 'deputy' | 'mayor' | 'webmaster' | 'admin' | 'acting' | 'colleague' | 'foreigner';
type PersonEvent = 'SUBMIT' | 'RESUBMIT' | 'FORWARD' | 'APPROVE' | 'RETURN' | 'REJECT' | 'CANCEL' | 'PUBLISH' | 'WITHDRAW';
const ACTORS: Actor[] = ['author', 'deputy', 'mayor', 'webmaster', 'admin', 'acting', 'colleague', 'foreigner'];
const EVENTS: PersonEvent[] = ['SUBMIT', 'RESUBMIT', 'FORWARD', 'APPROVE', 'RETURN', 'REJECT', 'CANCEL', 'PUBLISH', 'WITHDRAW'];
const ROUTE_LENGTH = 2;

interface MemoModel {
  id: string;
  status: Status;
  /** The route step the memo is at, or was at last (the service keeps it outside review). */
  step: number | null;
  reviewerActed: boolean;
  auditRows: number;
  publication: { id: string; status: 'current' | 'withdrawn' } | null;
}

type Command =
  | { kind: 'create' }
  | { kind: 'send'; memo: number; actor: Actor; event: PersonEvent; withText: boolean }
  | { kind: 'publish'; memo: number; actor: Actor }
  | { kind: 'withdraw'; memo: number; actor: Actor }
  | { kind: 'render'; memo: number }
  /** One of the moves the rules allow now (chosen by `pick`), so that journeys get past their first steps. */
  | { kind: 'advance'; memo: number; pick: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'create' as const }) },
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant('send' as const), memo: fc.nat(2), actor: fc.constantFrom(...ACTORS), event: fc.constantFrom(...EVENTS), withText: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('publish' as const), memo: fc.nat(2), actor: fc.constantFrom(...ACTORS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), memo: fc.nat(2), actor: fc.constantFrom(...ACTORS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('render' as const), memo: fc.nat(2) }) },
  { weight: 14, arbitrary: fc.record({ kind: fc.constant('advance' as const), memo: fc.nat(2), pick: fc.nat(20) }) },
);

/** The moves that succeed from the memo's state: each person's allowed events, the desk's publish and withdraw, the render job. */
function movesFrom(memo: MemoModel): Command[] {
  const moves: Command[] = [];
  for (const actor of ACTORS) {
    for (const event of EVENTS) if (expectSend(memo, actor, event, true).status === 200) moves.push({ kind: 'send', memo: 0, actor, event, withText: true });
  }
  if (memo.status === 'ready') moves.push({ kind: 'publish', memo: 0, actor: 'webmaster' });
  if (memo.status === 'published') moves.push({ kind: 'withdraw', memo: 0, actor: 'webmaster' });
  if (memo.status === 'approved') moves.push({ kind: 'render', memo: 0 });
  return moves;
}

const AUTHOR_EVENTS = new Set<PersonEvent>(['SUBMIT', 'RESUBMIT', 'CANCEL']);
const REVIEW_EVENTS = new Set<PersonEvent>(['FORWARD', 'APPROVE', 'RETURN', 'REJECT']);

/** The chart, as docs/workflow.md draws it: the next state, or null when the state does not take the event. */
function chart(memo: MemoModel, event: PersonEvent): Partial<MemoModel> | null {
  const last = memo.step === ROUTE_LENGTH - 1;
  switch (`${memo.status}:${event}`) {
    case 'draft:SUBMIT':
    case 'returned:RESUBMIT':
      return { status: 'in_review', step: 0, reviewerActed: false };
    case 'draft:CANCEL':
      return { status: 'cancelled' };
    case 'in_review:CANCEL':
      return memo.reviewerActed ? null : { status: 'cancelled' };
    case 'in_review:FORWARD':
      return last ? null : { step: memo.step! + 1, reviewerActed: true };
    case 'in_review:APPROVE':
      return last ? { status: 'approved', reviewerActed: true } : null;
    case 'in_review:REJECT':
      return last ? { status: 'rejected', reviewerActed: true } : null;
    case 'in_review:RETURN':
      return { status: 'returned', reviewerActed: true };
    case 'ready:PUBLISH':
      return { status: 'published' };
    case 'published:WITHDRAW':
      return { status: 'withdrawn' };
    default:
      return null;
  }
}

/** Who may send the event, by the rules: the author; the holder of the step's position, or the acting official for the ปลัด; the webmaster. */
function authorised(memo: MemoModel, actor: Actor, event: PersonEvent): boolean {
  if (AUTHOR_EVENTS.has(event)) return actor === 'author';
  if (event === 'PUBLISH' || event === 'WITHDRAW') return actor === 'webmaster';
  if (memo.step === null) return false;
  return memo.step === 0 ? actor === 'deputy' || actor === 'acting' : actor === 'mayor';
}

const seesDrafts = (actor: Actor) => actor === 'author' || actor === 'admin';

/** What the service must answer to a person's event sent to the transitions endpoint, and what it changes. */
function expectSend(memo: MemoModel, actor: Actor, event: PersonEvent, withText: boolean): { status: number; next?: Partial<MemoModel>; refusalAudited?: boolean } {
  if (event === 'PUBLISH' || event === 'WITHDRAW') return { status: 400 };
  if (actor === 'foreigner') return { status: 404 };
  if (!authorised(memo, actor, event)) return { status: memo.status === 'draft' && !seesDrafts(actor) ? 404 : 403, refusalAudited: true };
  if (REVIEW_EVENTS.has(event) && !withText) return { status: 400 };
  const next = chart(memo, event);
  return next ? { status: 200, next } : { status: 409 };
}

describe.each(DIALECTS)('the journey against its model on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let clients: Record<Actor, HttpClient>;
  let db: DataSource;
  let runs = 0;
  /** What the runs went through: answers by status, and the states memos reached. */
  const seen = { answers: new Map<number, number>(), states: new Set<Status>(), steps: 0 };
  const tally = (status: number) => seen.answers.set(status, (seen.answers.get(status) ?? 0) + 1);

  beforeAll(async () => {
    t = await startTestApp(dialect, { OUTBOX_ENABLED: 'false', LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
    org = await seedOrganization(t, 'model');
    const people: People = await signInAll(t, org);
    const foreign = await signInAll(t, await seedOrganization(t, 'model-elsewhere'));
    const person = async (username: string, roles: string[]) => {
      const created = await people.admin.post('/api/people', { honorific: 'นาย', fullName: `${username} ทดสอบ`, username, password: 'correct-horse-battery', roles });
      expect(created.status).toBe(201);
      const client = new HttpClient(t.baseUrl);
      expect((await client.login(username, 'correct-horse-battery')).status).toBe(200);
      return { client, id: created.body.id as string };
    };
    const acting = await person('model-acting', ['reviewer']);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG_SIGNATURE)], { type: 'image/png' }), 'signature.png');
    expect((await acting.client.put(`/api/people/${acting.id}/signature`, form)).status).toBe(204);
    const order = await people.admin.post('/api/acting-assignments', {
      positionId: org.positions.deputy, userId: acting.id, kind: 'acting', orderNumber: 'คำสั่งที่ ๑/๒๕๖๙', startsOn: '2020-01-01', endsOn: '2100-12-31',
    });
    expect(order.status).toBe(201);
    const colleague = await person('model-colleague', ['author']);
    clients = { ...people, acting: acting.client, colleague: colleague.client, foreigner: foreign.author };
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const storedPublications = () => {
    try {
      return readdirSync(join(t.databaseEnv.DATA_DIR, 'files', 'publications', org.organizationId)).length;
    } catch {
      return 0;
    }
  };

  /** Everything the model says of a memo, read back from the database and the API. */
  async function check(memo: MemoModel, where: string): Promise<void> {
    const [row] = await db.query('SELECT status FROM memos WHERE id = ?', [memo.id]);
    expect({ where, status: row.status }).toEqual({ where, status: memo.status });
    const chain = await checkAuditChain(db.manager, memo.id);
    expect({ where, ...chain }).toEqual({ where, intact: true, rows: memo.auditRows, brokenAt: null });
    const publications = await db.query('SELECT id, status FROM publications WHERE memo_id = ?', [memo.id]);
    expect({ where, publications: publications.map((p: any) => ({ id: p.id, status: p.status })) }).toEqual({ where, publications: memo.publication ? [memo.publication] : [] });
    for (const actor of ['author', 'deputy', 'mayor', 'webmaster', 'acting', 'colleague'] as Actor[]) {
      const answer = await clients[actor].get(`/api/reports/${memo.id}`);
      const offered = answer.status === 200 ? answer.body.actions.map((a: any) => a.event) : [];
      const predicted = EVENTS.filter((event) =>
        event === 'PUBLISH' || event === 'WITHDRAW' ? authorised(memo, actor, event) && chart(memo, event) !== null : expectSend(memo, actor, event, true).status === 200,
      );
      expect({ where, actor, offered }).toEqual({ where, actor, offered: predicted });
    }
  }

  async function step(memos: MemoModel[], c: Command, where: string): Promise<void> {
    if (c.kind === 'create') {
      if (memos.length >= 3) return;
      memos.push({ id: await newDraft(clients.author, `แบบจำลอง ${where}`), status: 'draft', step: null, reviewerActed: false, auditRows: 0, publication: null });
      return;
    }
    const index = c.memo % Math.max(memos.length, 1);
    const memo = memos[index];
    if (!memo) return;
    if (c.kind === 'advance') {
      const moves = movesFrom(memo);
      if (moves.length > 0) await step(memos, { ...moves[c.pick % moves.length], memo: index } as Command, where);
      return;
    }
    if (c.kind === 'render') {
      if (memo.status !== 'approved') return;
      await attachStandInPdf(t, org.organizationId, memo.id);
      Object.assign(memo, { status: 'ready', auditRows: memo.auditRows + 1 });
      return;
    }
    if (c.kind === 'send') {
      const body: Record<string, unknown> = { event: c.event };
      if (c.withText) Object.assign(body, { comment: 'ทราบ ดำเนินการ', reason: 'แก้ไขตามความเห็น' });
      const expected = expectSend(memo, c.actor, c.event, c.withText);
      const answer = await send(clients[c.actor], memo.id, body);
      expect({ where, command: c, status: answer.status }).toEqual({ where, command: c, status: expected.status });
      tally(answer.status);
      if (expected.refusalAudited) memo.auditRows++;
      if (expected.next) Object.assign(memo, expected.next, { auditRows: memo.auditRows + 1 });
      return;
    }
    if (c.kind === 'publish') {
      const expected = c.actor !== 'webmaster' ? 403 : memo.status === 'ready' ? 200 : 409;
      const answer = await clients[c.actor].post(`/api/memos/${memo.id}/publish`, {});
      expect({ where, command: c, status: answer.status }).toEqual({ where, command: c, status: expected });
      tally(answer.status);
      if (expected === 200) Object.assign(memo, { status: 'published', auditRows: memo.auditRows + 1, publication: { id: answer.body.id, status: 'current' } });
      return;
    }
    const target = memo.publication?.id ?? '00000000-0000-4000-8000-000000000000';
    const expected = c.actor !== 'webmaster' ? 403 : !memo.publication ? 404 : memo.publication.status === 'withdrawn' ? 409 : 200;
    const answer = await clients[c.actor].post(`/api/publications/${target}/withdraw`, { reason: 'ถอนตามแบบจำลอง' });
    expect({ where, command: c, status: answer.status }).toEqual({ where, command: c, status: expected });
    tally(answer.status);
    if (expected === 200) Object.assign(memo, { status: 'withdrawn', auditRows: memo.auditRows + 1, publication: { id: target, status: 'withdrawn' } });
  }

  test(`random journeys (${RUNS} runs × up to ${STEPS} steps, seed ${SEED}) behave as the model says`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: Math.ceil(STEPS / 2), maxLength: STEPS }), async (commands) => {
        const run = ++runs;
        const memos: MemoModel[] = [];
        const filesBefore = storedPublications();
        for (const [i, c] of [{ kind: 'create' } as Command, ...commands].entries()) {
          const where = `run ${run} step ${i}`;
          await step(memos, c, where);
          seen.steps++;
          for (const memo of memos) {
            seen.states.add(memo.status);
            await check(memo, where);
          }
          expect({ where, files: storedPublications() - filesBefore }).toEqual({ where, files: memos.filter((m) => m.publication).length });
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    process.stdout.write(`model (${dialect}): ${seen.steps} steps, answers ${JSON.stringify(Object.fromEntries(seen.answers))}, states ${[...seen.states].join(' ')}\n`);
    // The runs went where the rules matter: every kind of answer, and the journey as far as publication.
    expect(seen.steps).toBeGreaterThanOrEqual(RUNS * 5);
    expect([...seen.answers.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 403, 404, 409]));
    expect([...seen.states]).toEqual(expect.arrayContaining(['draft', 'in_review', 'returned', 'approved', 'ready', 'published']));
  }, 1_800_000);
});
