import { transition } from 'xstate';
import { APPROVAL_EVENT_TYPES, approvalMachine, type ApprovalContext, type ApprovalEvent, type ApprovalEventType, type ApprovalState } from './approval.machine';

const VALID_EVENTS: Record<ApprovalEventType, ApprovalEvent> = {
  SUBMIT: { type: 'SUBMIT', routeLength: 2 },
  RESUBMIT: { type: 'RESUBMIT', routeLength: 2 },
  FORWARD: { type: 'FORWARD', comment: 'ทราบ เห็นควรนำเสนอนายก' },
  APPROVE: { type: 'APPROVE', comment: 'อนุมัติ' },
  RETURN: { type: 'RETURN', reason: 'แก้ไขตารางมาตรการ' },
  REJECT: { type: 'REJECT', reason: 'ไม่อนุมัติ' },
  CANCEL: { type: 'CANCEL' },
  RENDERED: { type: 'RENDERED' },
  PUBLISH: { type: 'PUBLISH' },
  WITHDRAW: { type: 'WITHDRAW', reason: 'แนบไฟล์ผิด' },
};

type Situation = { label: string; state: ApprovalState; context: ApprovalContext };
const ctx = (step: number, reviewerActed: boolean): ApprovalContext => ({ routeLength: 2, step, reviewerActed });
const SITUATIONS: Situation[] = [
  { label: 'draft', state: 'draft', context: ctx(0, false) },
  { label: 'in_review at step 1 of 2, untouched', state: 'in_review', context: ctx(0, false) },
  { label: 'in_review at step 2 of 2 (final)', state: 'in_review', context: ctx(1, true) },
  { label: 'returned', state: 'returned', context: ctx(0, true) },
  { label: 'approved', state: 'approved', context: ctx(1, true) },
  { label: 'ready', state: 'ready', context: ctx(1, true) },
  { label: 'published', state: 'published', context: ctx(1, true) },
  { label: 'withdrawn', state: 'withdrawn', context: ctx(1, true) },
  { label: 'rejected', state: 'rejected', context: ctx(1, true) },
  { label: 'cancelled', state: 'cancelled', context: ctx(0, false) },
];

/** Every situation × every event: the state it leads to, or `null` when the chart refuses it. */
const TABLE: Record<string, Partial<Record<ApprovalEventType, ApprovalState>>> = {
  draft: { SUBMIT: 'in_review', CANCEL: 'cancelled' },
  'in_review at step 1 of 2, untouched': { FORWARD: 'in_review', RETURN: 'returned', CANCEL: 'cancelled' },
  'in_review at step 2 of 2 (final)': { APPROVE: 'approved', RETURN: 'returned', REJECT: 'rejected' },
  returned: { RESUBMIT: 'in_review' },
  approved: { RENDERED: 'ready' },
  ready: { PUBLISH: 'published' },
  published: { WITHDRAW: 'withdrawn' },
  withdrawn: {},
  rejected: {},
  cancelled: {},
};

const cases = SITUATIONS.flatMap((situation) =>
  APPROVAL_EVENT_TYPES.map((event) => [situation.label, event, TABLE[situation.label][event] ?? null] as const),
);

describe('approval statechart: every state × event', () => {
  test.each(cases)('%s + %s → %s', (label, eventType, expected) => {
    const situation = SITUATIONS.find((s) => s.label === label)!;
    const snapshot = approvalMachine.resolveState({ value: situation.state, context: situation.context });
    const [next] = transition(approvalMachine, snapshot, VALID_EVENTS[eventType]);
    if (expected === null) {
      expect(next).toBe(snapshot);
    } else {
      expect(next).not.toBe(snapshot);
      expect(next.value).toBe(expected);
    }
  });
});

describe('approval statechart: guards and context', () => {
  const at = (state: ApprovalState, context: ApprovalContext) => approvalMachine.resolveState({ value: state, context });

  test('SUBMIT needs a route with at least one step', () => {
    const snapshot = at('draft', ctx(0, false));
    expect(transition(approvalMachine, snapshot, { type: 'SUBMIT', routeLength: 0 })[0]).toBe(snapshot);
  });

  test('FORWARD moves to the next step; APPROVE needs the final step', () => {
    let snapshot = at('draft', ctx(0, false));
    [snapshot] = transition(approvalMachine, snapshot, { type: 'SUBMIT', routeLength: 3 });
    expect(snapshot.context).toEqual({ routeLength: 3, step: 0, reviewerActed: false });
    expect(transition(approvalMachine, snapshot, VALID_EVENTS.APPROVE)[0]).toBe(snapshot);
    [snapshot] = transition(approvalMachine, snapshot, VALID_EVENTS.FORWARD);
    [snapshot] = transition(approvalMachine, snapshot, VALID_EVENTS.FORWARD);
    expect(snapshot.context).toEqual({ routeLength: 3, step: 2, reviewerActed: true });
    expect(transition(approvalMachine, snapshot, VALID_EVENTS.FORWARD)[0]).toBe(snapshot);
    expect(transition(approvalMachine, snapshot, VALID_EVENTS.APPROVE)[0].value).toBe('approved');
  });

  test.each([
    ['FORWARD without a comment', 'in_review', ctx(0, false), { type: 'FORWARD', comment: '  ' }],
    ['APPROVE without a comment', 'in_review', ctx(1, true), { type: 'APPROVE', comment: '' }],
    ['RETURN without a reason', 'in_review', ctx(0, false), { type: 'RETURN', reason: ' ' }],
    ['REJECT without a reason', 'in_review', ctx(1, true), { type: 'REJECT', reason: '' }],
    ['REJECT before the final step', 'in_review', ctx(0, false), VALID_EVENTS.REJECT],
    ['WITHDRAW without a reason', 'published', ctx(1, true), { type: 'WITHDRAW', reason: '' }],
    ['CANCEL after a reviewer acted', 'in_review', ctx(1, true), VALID_EVENTS.CANCEL],
  ] as const)('refuses %s', (_label, state, context, event) => {
    const snapshot = at(state, context);
    expect(transition(approvalMachine, snapshot, event as ApprovalEvent)[0]).toBe(snapshot);
  });

  test('RESUBMIT starts again at step 1 with the route it is given', () => {
    const [next] = transition(approvalMachine, at('returned', ctx(1, true)), { type: 'RESUBMIT', routeLength: 3 });
    expect(next.value).toBe('in_review');
    expect(next.context).toEqual({ routeLength: 3, step: 0, reviewerActed: false });
  });
});
