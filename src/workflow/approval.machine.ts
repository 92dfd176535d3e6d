import { and, assign, setup } from 'xstate';

/**
 * The approval journey of a memo (บันทึกข้อความ), as a pure statechart: it knows the memo's state, the number of
 * steps on its route and where along the route it is. Who may send which event, numbering, persistence and side
 * effects belong to the workflow service. Bump MACHINE_VERSION when the chart changes in a way stored snapshots
 * must know about.
 */
export const MACHINE_VERSION = 'approval@1';

export interface ApprovalContext {
  /** Number of reviewing steps on the route copied at submission. */
  routeLength: number;
  /** 0-based index of the step whose holder must act now (meaningful in `in_review`). */
  step: number;
  /** Whether a reviewer has acted since the last (re)submission: cancelling is allowed only before. */
  reviewerActed: boolean;
}

export type ApprovalEvent =
  | { type: 'SUBMIT'; routeLength: number }
  | { type: 'RESUBMIT'; routeLength: number }
  | { type: 'FORWARD'; comment: string }
  | { type: 'APPROVE'; comment: string }
  | { type: 'RETURN'; reason: string }
  | { type: 'REJECT'; reason: string }
  | { type: 'CANCEL' }
  | { type: 'RENDERED' }
  | { type: 'PUBLISH' }
  | { type: 'WITHDRAW'; reason: string };

export type ApprovalEventType = ApprovalEvent['type'];
export const APPROVAL_EVENT_TYPES: ApprovalEventType[] = [
  'SUBMIT', 'RESUBMIT', 'FORWARD', 'APPROVE', 'RETURN', 'REJECT', 'CANCEL', 'RENDERED', 'PUBLISH', 'WITHDRAW',
];

const hasText = (text: unknown) => typeof text === 'string' && text.trim().length > 0;

export const approvalMachine = setup({
  types: {
    context: {} as ApprovalContext,
    events: {} as ApprovalEvent,
  },
  guards: {
    hasRoute: ({ event }) => 'routeLength' in event && event.routeLength > 0,
    isNotFinalStep: ({ context }) => context.step < context.routeLength - 1,
    isFinalStep: ({ context }) => context.step === context.routeLength - 1,
    hasComment: ({ event }) => 'comment' in event && hasText(event.comment),
    hasReason: ({ event }) => 'reason' in event && hasText(event.reason),
    noReviewerActedYet: ({ context }) => !context.reviewerActed,
  },
  actions: {
    enterFirstStep: assign(({ event }) => ({
      routeLength: 'routeLength' in event ? event.routeLength : 0,
      step: 0,
      reviewerActed: false,
    })),
    advanceStep: assign(({ context }) => ({ step: context.step + 1, reviewerActed: true })),
    markReviewerActed: assign({ reviewerActed: true }),
  },
}).createMachine({
  id: 'approval',
  initial: 'draft',
  context: { routeLength: 0, step: 0, reviewerActed: false },
  states: {
    draft: {
      on: {
        SUBMIT: { target: 'in_review', guard: 'hasRoute', actions: 'enterFirstStep' },
        CANCEL: { target: 'cancelled' },
      },
    },
    in_review: {
      on: {
        FORWARD: { target: 'in_review', guard: and(['isNotFinalStep', 'hasComment']), actions: 'advanceStep', reenter: true },
        APPROVE: { target: 'approved', guard: and(['isFinalStep', 'hasComment']), actions: 'markReviewerActed' },
        RETURN: { target: 'returned', guard: 'hasReason', actions: 'markReviewerActed' },
        REJECT: { target: 'rejected', guard: and(['isFinalStep', 'hasReason']), actions: 'markReviewerActed' },
        CANCEL: { target: 'cancelled', guard: 'noReviewerActedYet' },
      },
    },
    returned: {
      on: {
        RESUBMIT: { target: 'in_review', guard: 'hasRoute', actions: 'enterFirstStep' },
      },
    },
    approved: {
      on: { RENDERED: { target: 'ready' } },
    },
    ready: {
      on: { PUBLISH: { target: 'published' } },
    },
    published: {
      on: { WITHDRAW: { target: 'withdrawn', guard: 'hasReason' } },
    },
    withdrawn: { type: 'final' },
    rejected: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

export type ApprovalState = 'draft' | 'in_review' | 'returned' | 'approved' | 'ready' | 'published' | 'withdrawn' | 'rejected' | 'cancelled';
