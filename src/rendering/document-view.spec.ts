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

/** The report's sections, whatever runs of pages they fall in. */
const sectionsOf = (view: ReturnType<typeof reportView>) => view.runs.flatMap((run) => run.sections);

describe('reportView', () => {
  test('issue numbers and step numbers are generated in the organisation’s numerals', () => {
    const view = sectionsOf(reportView(report([{ type: 'issue', number: 3, title: 'การเปิดเผยข้อมูล', steps: ['ประชุม', 'ประกาศ'] }]), 'thai'));
    expect(view[0].issue?.heading.map((p) => p.text).join(' ')).toBe('ประเด็นที่ ๓ การเปิดเผยข้อมูล');
    expect(view[0].issue?.steps?.map((s) => s.number)).toEqual(['๑)', '๒)']);
  });

  test('row statuses fill the status column, or an added สถานะ column', () => {
    const withStatusColumn = sectionsOf(
      reportView(
        report([table([{ heading: 'มาตรการ', role: 'measure' }, { heading: 'ผล', role: 'status' }], [{ cells: ['ก', 'ข้อความ'], status: 'in_progress' }, { cells: ['ข', 'ข้อความ'] }])]),
        'thai',
      ),
    )[0].table!;
    expect(withStatusColumn.columns.map((c) => c.heading)).toEqual(['มาตรการ', 'ผล']);
    expect(withStatusColumn.tables[0].rows[0].cells[1]).toMatchObject({ html: 'ข้อความ', status: 'อยู่ระหว่างดำเนินการ' });
    expect(withStatusColumn.tables[0].rows[1].cells[1]).toMatchObject({ html: 'ข้อความ', status: null });

    const added = sectionsOf(reportView(report([table([{ heading: 'มาตรการ', role: 'measure' }], [{ cells: ['ก'], status: 'done' }])]), 'thai'))[0].table!;
    expect(added.columns.map((c) => c.heading)).toEqual(['มาตรการ', 'สถานะ']);
    expect(added.span).toBe(2);
    expect(added.tables[0].rows[0].cells[1].status).toBe('ดำเนินการแล้ว');
  });

  test('widths from the content: the long text column gets the room, a column of "-" stays narrow; the author’s width is kept', () => {
    const long = `<p>${'การดำเนินงานตามมาตรการของหน่วยงาน '.repeat(20)}</p>`;
    const columns = [
      { heading: 'มาตรการ', role: 'measure' as const },
      { heading: 'ผลการดำเนินการ', role: 'result' as const },
      { heading: 'หมายเหตุ', role: 'other' as const },
    ];
    const rows = Array.from({ length: 6 }, () => ({ cells: ['ประชุมชี้แจง', long, '-'] }));
    const view = sectionsOf(reportView(report([table(columns, rows)]), 'thai'))[0].table!;
    const widths = view.columns.map((c) => Number(c.width));
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    expect(widths[1]).toBeGreaterThan(widths[0]);
    expect(widths[1]).toBeGreaterThan(2 * widths[2]);
    const fixed = sectionsOf(reportView(report([table(columns.map((c, i) => (i === 2 ? { ...c, width: 30 } : c)), rows)]), 'thai'))[0].table!;
    expect(Number(fixed.columns[2].width)).toBeCloseTo(30, 0);
    // Tall rows may split across pages; short ones stay whole.
    expect(view.tables[0].rows[0].split).toBe(true);
    const short = sectionsOf(reportView(report([table(columns, [{ cells: ['ก', 'ข', '-'] }])]), 'thai'))[0].table!;
    expect(short.tables[0].rows[0].split).toBe(false);
  });

  test('orientation from the content or the author; a short introduction goes with its table, the head with the first run', () => {
    const roles = ['measure', 'steps', 'period', 'responsible', 'result', 'outcome'] as const;
    const long = `<p>${'การดำเนินงานตามมาตรการส่งเสริมคุณธรรม '.repeat(12)}</p>`;
    const wide = table(roles.map((role) => ({ heading: role, role })), Array.from({ length: 8 }, () => ({ cells: roles.map(() => long) })));
    const intro = { type: 'narrative' as const, body: '<p>ผลการดำเนินการดังนี้</p>' };
    const view = reportView(report([intro, wide]), 'thai');
    expect(view.runs).toHaveLength(1);
    expect(view.runs[0]).toMatchObject({ orientation: 'landscape', head: true, signer: true });
    expect(view.runs[0].sections[0].keepWithNext).toBe(true);
    const narrow = table([{ heading: 'มาตรการ', role: 'measure' }], [{ cells: ['ก'] }]);
    expect(reportView(report([narrow]), 'thai').runs[0].orientation).toBe('portrait');
    expect(reportView(report([{ ...narrow, orientation: 'landscape' }]), 'thai').runs[0].orientation).toBe('landscape');
    const split = reportView(report([{ ...intro, orientation: 'portrait' }, wide]), 'thai');
    expect(split.runs.map((run) => run.orientation)).toEqual(['portrait', 'landscape']);
  });

  test('captioned groups are tables of their own, whose caption repeats with the header', () => {
    const grouped: MeasuresTableSection = {
      ...table([{ heading: 'มาตรการ', role: 'measure' }], [{ cells: ['ก'] }]),
      groups: [
        { heading: 'ตัวชี้วัดที่ ๙', rows: [{ cells: ['ก'] }] },
        { rows: [{ cells: ['ข'] }] },
        { heading: 'ตัวชี้วัดที่ ๑๐', rows: [{ cells: ['ค'] }] },
      ],
    };
    const view = sectionsOf(reportView(report([grouped]), 'thai'))[0].table!;
    expect(view.tables.map((t) => [t.caption, t.rows.length])).toEqual([['ตัวชี้วัดที่ ๙', 2], ['ตัวชี้วัดที่ ๑๐', 1]]);
  });

  test('a document’s own digits win over its organisation’s; ITA scores per tool with an average line', () => {
    const scores = {
      type: 'ita_scores' as const,
      years: [2564],
      tools: [{ code: 'IIT', name: 'แบบวัดการรับรู้ผู้มีส่วนได้ส่วนเสียภายใน (IIT)', indicators: [{ name: 'การปฏิบัติหน้าที่', scores: [90] }, { name: 'การใช้งบประมาณ', scores: [85.5] }] }],
    };
    const arabic = sectionsOf(reportView({ ...report([scores]), digits: 'arabic' }, 'thai'))[0].itaScores!;
    expect(arabic.years).toEqual(['ปี 2564']);
    expect(arabic.tables[0].tools[0].rows.map((r) => [r.tool?.span ?? null, r.scores[0]])).toEqual([[2, '90.00'], [null, '85.50']]);
    expect(arabic.tables[0].tools[0].average).toEqual({ label: 'ค่าเฉลี่ย', scores: ['87.75'] });
    const thai = sectionsOf(reportView({ ...report([scores]), digits: 'inherit' }, 'thai'))[0].itaScores!;
    expect(thai.years).toEqual(['ปี ๒๕๖๔']);
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
