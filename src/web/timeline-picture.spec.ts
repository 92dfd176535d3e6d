import { escapeXml } from '../common/xml';
import { duration, roundsOf, timelinePicture, wrap, type PictureEvent, type PictureInput } from './timeline-picture';

const HOUR = 3_600_000;
const t0 = new Date('2025-03-03T02:00:00Z').getTime();
const at = (hours: number) => new Date(t0 + hours * HOUR);
const ev = (event: string, hours: number, actor: string, extra: Partial<PictureEvent> = {}): PictureEvent => ({ event, actor, actingFor: null, comment: null, at: at(hours), ...extra });

function input(events: PictureEvent[], extra: Partial<PictureInput> = {}): PictureInput {
  return {
    memoId: '0b6c1f9e-1d7a-4c53-9a55-3f1ad0c1e001',
    status: 'in_review',
    steps: ['ความเห็นปลัด อบต.', 'ความเห็นนายก อบต.'],
    events,
    now: at(100),
    overdueDays: 3,
    numerals: 'thai',
    ...extra,
  };
}

/** The `<g>` of each drawn step, in document order, with its class and texts. */
function steps(svg: string): { classes: string; texts: string[]; bar: number | null }[] {
  return [...svg.matchAll(/<g class="([^"]+)">([\s\S]*?)<\/g>/g)].map((m) => ({
    classes: m[1],
    texts: [...m[2].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]),
    bar: /<rect[^>]* width="(\d+)"/.exec(m[2]) ? Number(/<rect[^>]* width="(\d+)"/.exec(m[2])![1]) : null,
  }));
}

describe('timeline picture', () => {
  test('one node per step in route order: the author, each reviewing position, publication', () => {
    const svg = timelinePicture(input([ev('SUBMIT', 0, 'นางผู้จัดทำ')]));
    expect(steps(svg).map((s) => s.texts[0].split(' · ')[0])).toEqual(['ผู้จัดทำ', 'ความเห็นปลัด อบต.', 'ความเห็นนายก อบต.', 'เผยแพร่']);
  });

  test('the current step is highlighted, steps not reached are greyed, and both say so in words', () => {
    const drawn = steps(timelinePicture(input([ev('SUBMIT', 0, 'นางผู้จัดทำ'), ev('FORWARD', 5, 'นางปลัด', { comment: 'ทราบ' })], { now: at(6) })));
    expect(drawn.map((s) => s.classes)).toEqual(['tl-step done', 'tl-step done', 'tl-step current', 'tl-step pending']);
    expect(drawn[2].texts[0]).toBe('ความเห็นนายก อบต. · ขั้นปัจจุบัน');
    expect(drawn[2].texts).toContain('รอมาแล้ว ๑ ชั่วโมง');
    expect(drawn[3].texts[0]).toBe('เผยแพร่ · ยังไม่ถึงขั้นนี้');
  });

  test('bars are proportional to the time waited, with the duration as text in the organisation numerals', () => {
    const drawn = steps(
      timelinePicture(input([ev('SUBMIT', 0, 'a'), ev('FORWARD', 24, 'b', { comment: 'ทราบ' }), ev('APPROVE', 72, 'c', { comment: 'อนุมัติ' })], { status: 'approved', now: at(72), overdueDays: 30 })),
    );
    const deputy = drawn[1];
    const mayor = drawn[2];
    expect(deputy.texts).toContain('รอ ๑ วัน');
    expect(mayor.texts).toContain('รอ ๒ วัน');
    expect(mayor.bar).toBe(2 * deputy.bar!);
    expect(drawn[0].bar).toBeNull();
  });

  test('who acted, when (Thai date, Buddhist year) and the acting line', () => {
    const drawn = steps(timelinePicture(input([ev('SUBMIT', 0, 'นางผู้จัดทำ'), ev('FORWARD', 3, 'นายรอง รักษาการ', { actingFor: 'รักษาราชการแทน ปลัด อบต. (คำสั่ง ๑/๒๕๖๘)', comment: 'ทราบ' })])));
    expect(drawn[1].texts).toEqual(expect.arrayContaining(['นายรอง รักษาการ', 'รักษาราชการแทน ปลัด อบต. (คำสั่ง ๑/๒๕๖๘)', '๓ มี.ค. ๒๕๖๘ ๑๒:๐๐']));
    expect(drawn[0].texts).toContain('๓ มี.ค. ๒๕๖๘ ๐๙:๐๐');
  });

  test('Arabic numerals for organisations that use them', () => {
    const drawn = steps(timelinePicture(input([ev('SUBMIT', 0, 'a'), ev('FORWARD', 26, 'b', { comment: 'ทราบ' })], { numerals: 'arabic' })));
    expect(drawn[1].texts).toEqual(expect.arrayContaining(['4 มี.ค. 2568 11:00', 'รอ 1 วัน 2 ชั่วโมง']));
  });

  test('a name like <script> is escaped in the picture and in its text alternative', () => {
    const svg = timelinePicture(input([ev('SUBMIT', 0, '<script>alert("x")</script>&'), ev('RETURN', 2, "O'Brien", { comment: '</text><script>bad()</script>' })]));
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('</text><script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(svg).toContain('O&#39;Brien');
    expect(escapeXml('a\u0000b<')).toBe('ab&lt;');
  });

  test('a return is drawn back to the author with its reason, and the resubmission as a second round', () => {
    const events = [
      ev('SUBMIT', 0, 'นางผู้จัดทำ'),
      ev('RETURN', 10, 'นางปลัด', { comment: 'กรุณาเพิ่มผลการดำเนินการ' }),
      ev('RESUBMIT', 30, 'นางผู้จัดทำ'),
      ev('FORWARD', 31, 'นางปลัด', { comment: 'ทราบ' }),
      ev('APPROVE', 40, 'นายนายก', { comment: 'อนุมัติ' }),
    ];
    const rounds = roundsOf(input(events, { status: 'approved' }));
    expect(rounds.map((r) => r.nodes.map((n) => n.state))).toEqual([
      ['done', 'returned'],
      ['done', 'done', 'done', 'current'],
    ]);
    expect(rounds[0].nodes[1].note).toEqual({ kind: 'return', text: 'กรุณาเพิ่มผลการดำเนินการ' });
    expect(rounds[1].nodes[0]).toMatchObject({ outcome: 'เสนอแฟ้มอีกครั้ง', waitedMs: 20 * HOUR });
    const svg = timelinePicture(input(events, { status: 'approved' }));
    expect(svg).toContain('>รอบที่ ๑<');
    expect(svg).toContain('>รอบที่ ๒ (เสนอแฟ้มอีกครั้ง)<');
    expect(svg).toMatch(/<path d="[^"]+" class="tl-return" marker-end="url\(#tl-[^"]+-arrow\)"\/>/);
    expect(svg).toContain('↩ ส่งคืนแก้ไข: กรุณาเพิ่มผลการดำเนินการ');
  });

  test('waiting past the organisation’s overdue days is red and says เกินกำหนด; the author’s own time is not', () => {
    const events = [ev('SUBMIT', 0, 'a'), ev('RETURN', 80, 'b', { comment: 'แก้' }), ev('RESUBMIT', 200, 'a')];
    const drawn = steps(timelinePicture(input(events, { now: at(230) })));
    expect(drawn[1].classes).toBe('tl-step returned overdue');
    expect(drawn[1].texts).toContain('รอ ๓ วัน ๘ ชั่วโมง · ⚠ เกินกำหนด');
    expect(drawn[2].classes).toBe('tl-step done');
    expect(drawn[2].texts).toContain('ใช้เวลาแก้ไข ๕ วัน');
    expect(drawn[3].classes).toBe('tl-step current');
    expect(drawn[3].texts.join()).not.toContain('เกินกำหนด');
  });

  test('an accessible picture: role img, a title and a description naming every actor and the reason', () => {
    const svg = timelinePicture(input([ev('SUBMIT', 0, 'นางผู้จัดทำ'), ev('RETURN', 1, 'นางปลัด', { comment: 'ขาดภาคผนวก' })], { status: 'returned' }));
    const open = /<svg [^>]+>/.exec(svg)![0];
    expect(open).toContain('role="img"');
    const [titleId, descId] = /aria-labelledby="([^"]+)"/.exec(open)![1].split(' ');
    expect(svg).toContain(`<title id="${titleId}">ภาพเส้นทางของเอกสาร</title>`);
    const desc = new RegExp(`<desc id="${descId}">([^<]+)</desc>`).exec(svg)![1];
    expect(desc).toContain('รอบที่ ๑: ผู้จัดทำ เสนอแฟ้ม โดย นางผู้จัดทำ');
    expect(desc).toContain('เหตุผล: ขาดภาคผนวก');
    expect(desc).toContain('รอบที่ ๒: ผู้จัดทำ ขั้นปัจจุบัน');
  });

  test('rejection stops the journey: later steps stay greyed and nothing is current', () => {
    const rounds = roundsOf(input([ev('SUBMIT', 0, 'a'), ev('FORWARD', 1, 'b', { comment: 'ทราบ' }), ev('REJECT', 2, 'c', { comment: 'ไม่เหมาะสม' })], { status: 'rejected' }));
    expect(rounds[0].nodes.map((n) => n.state)).toEqual(['done', 'done', 'stopped', 'pending']);
    expect(rounds[0].nodes[2].note).toEqual({ kind: 'reject', text: 'ไม่เหมาะสม' });
  });

  test('long Thai text wraps at word boundaries and is cut with … after the last allowed line', () => {
    const lines = wrap('รักษาราชการแทน ปลัดองค์การบริหารส่วนตำบลพร่อน', 150);
    expect(lines).toEqual(['รักษาราชการแทน ปลัด', 'องค์การบริหารส่วนตำบล', 'พร่อน']);
    const cut = wrap('ก'.repeat(400), 100, 13, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1].endsWith('…')).toBe(true);
  });

  test('durations', () => {
    expect(duration(2 * 86_400_000 + 3 * HOUR, 'thai')).toBe('๒ วัน ๓ ชั่วโมง');
    expect(duration(90 * 60_000)).toBe('1 ชั่วโมง 30 นาที');
    expect(duration(10_000)).toBe('1 นาที');
  });
});
