import { columnWidthsCm, measureText, type TableMeasure } from './table-layout';
import { sharedWordList } from './thai-words';

describe('column widths', () => {
  const trie = sharedWordList();
  const cell = (text: string) => measureText([text], trie);
  const table = (header: string[], rows: string[][]): TableMeasure => ({ header: header.map(cell), rows: rows.map((row) => row.map(cell)), spanning: [] });

  test('a long text column gets the room; a column of "-" stays narrow', () => {
    const long = 'หน่วยงานดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน และรายงานผลการกำกับติดตามให้ผู้บริหารทราบทุกไตรมาส';
    const widths = columnWidthsCm(table(['ที่', 'การดำเนินการ', 'หมายเหตุ'], [['๑', long, '-'], ['๒', long, '-']]), 16, [undefined, undefined, undefined]);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(16, 5);
    expect(widths[1]).toBeGreaterThan(widths[0] * 3);
    expect(widths[1]).toBeGreaterThan(widths[2] * 3);
  });

  test('when nothing wraps, the spare width follows the text, not the first column', () => {
    const widths = columnWidthsCm(
      table(['ปีงบประมาณ', 'คะแนน', 'ระดับผลการประเมิน'], [['๒๕๖๖', '๙๔.๕๐', 'ผ่านการประเมินระดับดีเยี่ยม'], ['๒๕๖๗', '๙๖.๑๒', 'ผ่าน']]),
      16,
      [undefined, undefined, undefined],
    );
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(16, 5);
    expect(widths[0]).toBeLessThan(16 * 0.5);
    expect(widths[2]).toBeGreaterThan(widths[0]);
    expect(widths[2]).toBeGreaterThan(widths[1]);
  });

  test('a column the author sized keeps its share', () => {
    const widths = columnWidthsCm(table(['ก', 'ข'], [['หนึ่ง', 'สอง']]), 10, [30, undefined]);
    expect(widths[0]).toBeCloseTo(3, 5);
    expect(widths[1]).toBeCloseTo(7, 5);
  });
});
