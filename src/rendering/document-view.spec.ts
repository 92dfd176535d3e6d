import type { MeasuresTableSection, ReportContent } from '../reports/document-format';
import { memoView, phrases, reportView } from './document-view';
import type { MemoRenderModel } from './render-model';

const report = (sections: ReportContent['sections']): ReportContent => ({
  kind: 'implementation',
  title: 'รายงานผล ประจำปี ๒๕๖๘',
  fiscalYear: 2568,
  period: 'full_year',
  sections,
});

const table = (columns: MeasuresTableSection['columns'], rows: MeasuresTableSection['groups'][number]['rows']): MeasuresTableSection => ({
  type: 'measures_table',
  columnSet: 'custom',
  columns,
  groups: [{ heading: 'ตัวชี้วัดที่ ๙', rows }],
});

function memo(numerals: 'thai' | 'arabic'): MemoRenderModel {
  return {
    organization: { name: 'องค์การบริหารส่วนตำบลพร่อน', shortName: 'อบต.พร่อน', numerals, emblem: null },
    document: {
      format: 'kasian.document',
      version: 1,
      report: report([]),
      memo: {
        issuingUnit: 'สำนักปลัด',
        date: '2025-03-31',
        subject: 'เรื่องทดสอบ',
        addressee: 'นายก อบต.พร่อน',
        body: ['ย่อหน้า'],
        attachments: ['รายงาน', 'แบบสรุป'],
        signer: { name: 'นางสุจิน สาศรีสุข', position: 'หัวหน้าสำนักปลัด' },
      },
    },
    author: { displayName: 'นางสุจิน สาศรีสุข', position: 'หัวหน้าสำนักปลัด', signature: null },
    reviews: [
      { heading: 'ความเห็นปลัด อบต.', comment: 'ทราบ', signerName: 'นางอรทัย ทองคุปต์', signerPosition: 'ปลัด อบต.', actingFor: null, signature: null, date: '2025-04-01T09:00:00+07:00' },
      { heading: 'ความเห็นนายก อบต.', comment: null, signerName: null, signerPosition: 'นายก อบต.', actingFor: null, signature: null, date: null },
    ],
    draft: true,
  };
}

describe('memoView', () => {
  test('dates and attachment numbers in the organisation’s numerals; no urgency, via or number when not given', () => {
    const thai = memoView(memo('thai'));
    expect(thai.date).toBe('๓๑ มีนาคม ๒๕๖๘');
    expect(thai.attachments?.map((a) => a.number)).toEqual(['๑.', '๒.']);
    expect(thai).toMatchObject({ urgency: null, via: null, phone: null, documentNumber: '' });
    const arabic = memoView(memo('arabic'));
    expect(arabic.date).toBe('31 มีนาคม 2568');
    expect(arabic.reviews[0].signature.date).toBe('วันที่ 1 เมษายน 2568');
  });

  test('a step not reached: dotted lines, a dotted name, the position, no room for a signature', () => {
    const [reached, waiting] = memoView(memo('thai')).reviews;
    expect(reached).toMatchObject({ reached: true, comment: 'ทราบ', signature: { slot: true, name: 'นางอรทัย ทองคุปต์' } });
    expect(waiting.reached).toBe(false);
    expect(waiting.dots).toMatch(/^\.{40,}$/);
    expect(waiting.signature).toMatchObject({ slot: false, image: null, position: 'นายก อบต.', actingFor: null });
    expect(waiting.signature.name).toMatch(/^\.{20,}$/);
    expect(waiting.signature.date).toMatch(/^วันที่ \.{10,}$/);
  });
});

describe('reportView', () => {
  test('issue numbers and step numbers are generated in the organisation’s numerals', () => {
    const view = reportView(report([{ type: 'issue', number: 3, title: 'การเปิดเผยข้อมูล', steps: ['ประชุม', 'ประกาศ'] }]), 'thai');
    expect(view.sections[0].issue?.heading.map((p) => p.text).join(' ')).toBe('ประเด็นที่ ๓ การเปิดเผยข้อมูล');
    expect(view.sections[0].issue?.steps?.map((s) => s.number)).toEqual(['๑)', '๒)']);
  });

  test('row statuses fill the status column, or an added สถานะ column', () => {
    const withStatusColumn = reportView(
      report([table([{ heading: 'มาตรการ', role: 'measure' }, { heading: 'ผล', role: 'status' }], [{ cells: ['ก', 'ข้อความ'], status: 'in_progress' }, { cells: ['ข', 'ข้อความ'] }])]),
      'thai',
    ).sections[0].table!;
    expect(withStatusColumn.columns.map((c) => c.heading)).toEqual(['มาตรการ', 'ผล']);
    expect(withStatusColumn.groups[0].rows[0].cells[1]).toEqual({ html: 'ข้อความ', status: 'อยู่ระหว่างดำเนินการ' });
    expect(withStatusColumn.groups[0].rows[1].cells[1]).toEqual({ html: 'ข้อความ', status: null });

    const added = reportView(report([table([{ heading: 'มาตรการ', role: 'measure' }], [{ cells: ['ก'], status: 'done' }])]), 'thai').sections[0].table!;
    expect(added.columns.map((c) => c.heading)).toEqual(['มาตรการ', 'สถานะ']);
    expect(added.span).toBe(2);
    expect(added.groups[0].rows[0].cells[1].status).toBe('ดำเนินการแล้ว');
  });

  test('five columns or more print landscape; widths add up to the page; very tall rows may split', () => {
    const roles = ['measure', 'steps', 'period', 'responsible', 'result'] as const;
    const long = `<p>${'ก'.repeat(3000)}</p>`;
    const view = reportView(report([table(roles.map((role) => ({ heading: role, role })), [{ cells: ['ก', long, '', '', ''] }, { cells: ['ข', 'สั้น', '', '', ''] }])]), 'thai').sections[0].table!;
    expect(view.wide).toBe(true);
    expect(view.columns.reduce((sum, c) => sum + Number(c.width), 0)).toBeCloseTo(100, 0);
    expect(view.groups[0].rows.map((r) => r.tall)).toEqual([true, false]);
    const narrow = reportView(report([table(roles.slice(0, 4).map((role) => ({ heading: role, role })), [{ cells: ['ก', '', '', ''] }])]), 'thai').sections[0].table!;
    expect(narrow.wide).toBe(false);
  });
});

describe('phrases', () => {
  test('split at the author’s spaces; short phrases are kept whole, very long ones may break', () => {
    expect(phrases('มาตรการ  ประจำปี ๒๕๖๘')).toEqual([
      { text: 'มาตรการ', keep: true },
      { text: 'ประจำปี', keep: true },
      { text: '๒๕๖๘', keep: true },
    ]);
    expect(phrases('ก'.repeat(41))[0].keep).toBe(false);
  });
});
