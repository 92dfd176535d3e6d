import { withNumerals } from '../common/thai-calendar';
import { escapeXml } from '../common/xml';
import { PAGE_HELPERS } from './page-helpers';

/**
 * A memo's journey drawn as an inline SVG: one round per (re)submission, one node per step of the route
 * (ผู้จัดทำ, each reviewing position, เผยแพร่), each with who acted, when and how long the memo waited there.
 * Pure: the same history gives the same picture. Every piece of text passes `escapeXml`.
 */

const DAY_MS = 86_400_000;

export interface PictureEvent {
  event: string;
  actor: string;
  actingFor: string | null;
  comment: string | null;
  at: Date;
}

export interface PictureInput {
  memoId: string;
  status: string;
  /** Headings of the reviewing steps, in route order (e.g. ความเห็นปลัด อบต.). */
  steps: string[];
  events: PictureEvent[];
  now: Date;
  overdueDays: number;
  numerals: 'thai' | 'arabic';
}

type NodeKind = 'author' | 'review' | 'publish';
type NodeState = 'done' | 'current' | 'pending' | 'returned' | 'stopped';

export interface PictureNode {
  kind: NodeKind;
  label: string;
  state: NodeState;
  /** What happened here, e.g. เสนอแฟ้ม, อนุมัติ, ส่งคืนแก้ไข. */
  outcome: string | null;
  actor: string | null;
  actingFor: string | null;
  at: Date | null;
  arrivedAt: Date | null;
  waitedMs: number | null;
  overdue: boolean;
  /** A reason or comment worth seeing on the picture (return, rejection, withdrawal). */
  note: { kind: 'return' | 'reject' | 'withdraw' | 'cancel'; text: string } | null;
}

export interface PictureRound {
  number: number;
  nodes: PictureNode[];
  returned: boolean;
}

/** What each event of the history is called on the timeline page (the picture and the event list). */
export const EVENT_LABELS: Record<string, string> = {
  SUBMIT: 'เสนอแฟ้ม', RESUBMIT: 'เสนอแฟ้มอีกครั้ง', FORWARD: 'ลงความเห็นและเสนอต่อ', APPROVE: 'อนุมัติ', RETURN: 'ส่งคืนแก้ไข',
  REJECT: 'ไม่อนุมัติ', CANCEL: 'ยกเลิก', RENDERED: 'ระบบจัดทำ PDF ฉบับสมบูรณ์', PUBLISH: 'เผยแพร่บนเว็บไซต์', WITHDRAW: 'ถอนการเผยแพร่',
};

/** "2 วัน 3 ชั่วโมง", "4 ชั่วโมง 5 นาที", "45 นาที", in the organisation's numerals. */
export function duration(ms: number, numerals: 'thai' | 'arabic' = 'arabic'): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const text = days > 0 ? `${days} วัน${hours ? ` ${hours} ชั่วโมง` : ''}` : hours > 0 ? `${hours} ชั่วโมง${minutes % 60 ? ` ${minutes % 60} นาที` : ''}` : `${Math.max(1, minutes)} นาที`;
  return withNumerals(text, numerals);
}


function node(kind: NodeKind, label: string): PictureNode {
  return { kind, label, state: 'pending', outcome: null, actor: null, actingFor: null, at: null, arrivedAt: null, waitedMs: null, overdue: false, note: null };
}

/** Replays the history into rounds: a return closes a round and the resubmission opens the next. */
export function roundsOf(input: PictureInput): PictureRound[] {
  const fresh = (number: number): PictureRound => ({
    number,
    returned: false,
    nodes: [node('author', 'ผู้จัดทำ'), ...input.steps.map((s) => node('review', s)), node('publish', 'เผยแพร่')],
  });
  const rounds = [fresh(1)];
  let round = rounds[0];
  let awaiting = 0;
  const act = (event: PictureEvent, state: NodeState) => {
    const here = round.nodes[awaiting];
    if (!here) return;
    here.state = state;
    here.outcome = EVENT_LABELS[event.event] ?? event.event;
    here.actor = event.actor || null;
    here.actingFor = event.actingFor;
    here.at = event.at;
    here.waitedMs = here.arrivedAt ? event.at.getTime() - here.arrivedAt.getTime() : null;
  };
  const advance = (at: Date, to = awaiting + 1) => {
    awaiting = Math.min(to, round.nodes.length - 1);
    round.nodes[awaiting].arrivedAt = at;
  };
  for (const event of input.events) {
    const reason = event.comment?.trim() || '';
    switch (event.event) {
      case 'SUBMIT':
      case 'RESUBMIT':
      case 'FORWARD':
        act(event, 'done');
        advance(event.at);
        break;
      case 'APPROVE':
        act(event, 'done');
        advance(event.at, round.nodes.length - 1);
        break;
      case 'PUBLISH':
        act(event, 'done');
        break;
      case 'RETURN': {
        act(event, 'returned');
        round.nodes[awaiting].note = { kind: 'return', text: reason };
        round.returned = true;
        // The nodes after the return were not reached in this round: the next round draws them.
        round.nodes = round.nodes.slice(0, awaiting + 1);
        round = fresh(rounds.length + 1);
        rounds.push(round);
        awaiting = 0;
        round.nodes[0].arrivedAt = event.at;
        break;
      }
      case 'REJECT':
      case 'CANCEL':
        act(event, 'stopped');
        round.nodes[awaiting].note = { kind: event.event === 'REJECT' ? 'reject' : 'cancel', text: reason };
        break;
      case 'WITHDRAW': {
        const publish = round.nodes[round.nodes.length - 1];
        publish.note = { kind: 'withdraw', text: reason };
        break;
      }
      default:
        break; // RENDERED and anything newer: no step of its own.
    }
  }
  const waitingNow = ['draft', 'in_review', 'returned', 'approved', 'ready'].includes(input.status);
  const current = round.nodes[awaiting];
  if (waitingNow && current && current.state === 'pending') {
    current.state = 'current';
    current.waitedMs = current.arrivedAt ? input.now.getTime() - current.arrivedAt.getTime() : null;
  }
  const limit = input.overdueDays * DAY_MS;
  for (const r of rounds) {
    for (const n of r.nodes) n.overdue = n.kind !== 'author' && input.overdueDays > 0 && n.waitedMs !== null && n.waitedMs >= limit;
  }
  return rounds;
}

// Layout, in viewBox units: the picture is 360 wide and scales with the page (readable at 375 px).
const WIDTH = 360;
const FONT = 13;
const LINE = 18;
const TEXT_X = 46;
const NODE_X = 28;
const BAR_MAX = WIDTH - TEXT_X - 12;
const COMBINING = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E\u0300-\u036F]/;

/** Rough advance of a line of Sarabun: combining Thai vowels and tone marks take no width. */
function textWidth(text: string, size: number): number {
  let width = 0;
  for (const ch of text) if (!COMBINING.test(ch)) width += ch === ' ' ? 0.28 : 0.6;
  return width * size;
}

const words = new Intl.Segmenter('th', { granularity: 'word' });
const graphemes = new Intl.Segmenter('th', { granularity: 'grapheme' });

/** Breaks text into lines at Thai word boundaries (a dictionary, as a browser would), at most `maxLines`, the last ending in … if cut. */
export function wrap(text: string, width: number, size = FONT, maxLines = 3): string[] {
  const pieces: string[] = [];
  for (const { segment } of words.segment(text.replace(/\s+/g, ' ').trim())) {
    if (textWidth(segment, size) <= width) pieces.push(segment);
    else for (const { segment: g } of graphemes.segment(segment)) pieces.push(g);
  }
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    if (line && textWidth(line + piece, size) > width) {
      lines.push(line.trimEnd());
      line = piece === ' ' ? '' : piece;
    } else line += piece;
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1];
  while (last && textWidth(`${last}…`, size) > width) last = [...graphemes.segment(last)].slice(0, -1).map((g) => g.segment).join('');
  kept[maxLines - 1] = `${last}…`;
  return kept;
}

const STATE_TEXT: Record<NodeState, string> = {
  done: '',
  current: 'ขั้นปัจจุบัน',
  pending: 'ยังไม่ถึงขั้นนี้',
  returned: '',
  stopped: '',
};

const NOTE_TEXT = { return: '↩ ส่งคืนแก้ไข', reject: '✕ ไม่อนุมัติ', withdraw: '⤺ ถอนการเผยแพร่', cancel: '✕ ยกเลิก' } as const;

interface Drawn {
  svg: string[];
  y: number;
}

function text(d: Drawn, content: string, className: string, x = TEXT_X): void {
  d.y += LINE;
  d.svg.push(`<text x="${x}" y="${d.y}" class="${className}">${escapeXml(content)}</text>`);
}

function drawNode(d: Drawn, n: PictureNode, input: PictureInput, longest: number): number {
  const circleY = d.y + LINE - 4;
  const say = (value: string) => withNumerals(value, input.numerals);
  const classes = `tl-step ${n.state}${n.overdue ? ' overdue' : ''}`;
  d.svg.push(`<g class="${classes}">`);
  const heading = [n.label, n.outcome ?? STATE_TEXT[n.state]].filter(Boolean).join(' · ');
  for (const line of wrap(heading, WIDTH - TEXT_X - 4, FONT, 2)) text(d, line, 'tl-heading');
  if (n.actor) for (const line of wrap(n.actor, WIDTH - TEXT_X - 4, FONT, 2)) text(d, line, 'tl-actor');
  if (n.actingFor) for (const line of wrap(n.actingFor, WIDTH - TEXT_X - 4, FONT - 1, 3)) text(d, line, 'tl-acting');
  if (n.at) text(d, say(PAGE_HELPERS.thaiDateTime(n.at)), 'tl-when');
  if (n.waitedMs !== null) {
    const waited = `${n.state === 'current' ? 'รอมาแล้ว' : n.kind === 'author' ? 'ใช้เวลาแก้ไข' : 'รอ'} ${duration(n.waitedMs, input.numerals)}`;
    text(d, n.overdue ? `${waited} · ⚠ เกินกำหนด` : waited, n.overdue ? 'tl-waited tl-overdue' : 'tl-waited');
    const bar = longest > 0 ? Math.max(3, Math.round((n.waitedMs / longest) * BAR_MAX)) : 3;
    d.svg.push(`<rect x="${TEXT_X}" y="${d.y + 5}" width="${bar}" height="8" rx="2" class="tl-bar" data-waited-ms="${n.waitedMs}"/>`);
    d.y += 12;
  }
  if (n.note) {
    const lines = wrap(n.note.text ? `${NOTE_TEXT[n.note.kind]}: ${n.note.text}` : NOTE_TEXT[n.note.kind], WIDTH - TEXT_X - 4, FONT, 3);
    for (const line of lines) text(d, line, `tl-note tl-note-${n.note.kind}`);
  }
  d.svg.push(`<circle cx="${NODE_X}" cy="${circleY}" r="${n.state === 'current' ? 8 : 6}" class="tl-dot"/>`);
  d.svg.push('</g>');
  d.y += 14;
  return circleY;
}

/** Plain-language summary for assistive technology (the event list below the picture says the same at length). */
function summary(rounds: PictureRound[], input: PictureInput): string {
  const say = (value: string) => withNumerals(value, input.numerals);
  const parts: string[] = [];
  for (const round of rounds) {
    const steps = round.nodes.map((n) => {
      const bits = [n.label, n.outcome ?? STATE_TEXT[n.state]];
      if (n.actor) bits.push(`โดย ${n.actor}${n.actingFor ? ` (${n.actingFor})` : ''}`);
      if (n.at) bits.push(say(PAGE_HELPERS.thaiDateTime(n.at)));
      if (n.waitedMs !== null) bits.push(`${n.state === 'current' ? 'รอมาแล้ว' : 'รอ'} ${duration(n.waitedMs, input.numerals)}${n.overdue ? ' เกินกำหนด' : ''}`);
      if (n.note?.text) bits.push(`เหตุผล: ${n.note.text}`);
      return bits.filter(Boolean).join(' ');
    });
    parts.push(`${rounds.length > 1 ? `รอบที่ ${say(String(round.number))}: ` : ''}${steps.join('; ')}`);
  }
  return parts.join(' — ');
}

/** The timeline picture as an inline `<svg role="img">` string, every text escaped. */
export function timelinePicture(input: PictureInput): string {
  const rounds = roundsOf(input);
  const longest = Math.max(0, ...rounds.flatMap((r) => r.nodes.map((n) => n.waitedMs ?? 0)));
  const id = `tl-${input.memoId.replace(/[^a-zA-Z0-9-]/g, '')}`;
  const d: Drawn = { svg: [], y: 0 };
  for (const round of rounds) {
    if (rounds.length > 1) {
      text(d, `รอบที่ ${withNumerals(round.number, input.numerals)}${round.number > 1 ? ' (เสนอแฟ้มอีกครั้ง)' : ''}`, 'tl-round', 4);
      d.y += 4;
    }
    const tops: number[] = [];
    const start = d.svg.length;
    for (const n of round.nodes) tops.push(drawNode(d, n, input, longest));
    // The line joining the steps goes under the dots.
    const connector = round.nodes.slice(1).map((n, i) => `<line x1="${NODE_X}" y1="${tops[i]}" x2="${NODE_X}" y2="${tops[i + 1]}" class="tl-link${n.state === 'pending' ? ' pending' : ''}"/>`);
    d.svg.splice(start, 0, ...connector);
    if (round.returned && tops.length > 1) {
      const from = tops[tops.length - 1];
      const to = tops[0];
      d.svg.push(
        `<path d="M ${NODE_X - 8} ${from} H 14 V ${to} H ${NODE_X - 10}" class="tl-return" marker-end="url(#${id}-arrow)"/>`,
        `<text x="11" y="${(from + to) / 2}" class="tl-return-label" transform="rotate(-90 11 ${(from + to) / 2})" text-anchor="middle">${escapeXml('ส่งคืน')}</text>`,
      );
    }
    d.y += 6;
  }
  const height = d.y + 4;
  const title = 'ภาพเส้นทางของเอกสาร';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="tl-picture" role="img" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(summary(rounds, input))}</desc>`,
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="tl-arrowhead"/></marker></defs>`,
    ...d.svg,
    '</svg>',
  ].join('\n');
}
