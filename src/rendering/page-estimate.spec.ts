import type { ReportSection } from '../reports/document-format';
import { blocksHeightCm, paginate, sectionBlocks, type Block } from './page-estimate';
import { cellLines, measureCell, measureText } from './table-layout';
import { sharedWordList } from './thai-words';

const trie = sharedWordList();
const pieces = (text: string) => measureText([text], trie).pieces[0] ?? [];
const paragraph = 'การดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ';

describe('paginate', () => {
  test('a block that does not fit starts the next page; a margin at the break vanishes', () => {
    expect(paginate([{ cm: 10 }, { cm: 10 }, { cm: 10, gapCm: 2 }], 25)).toEqual({ pages: 2, lastCm: 10 });
    expect(paginate([{ cm: 10 }, { cm: 10, gapCm: 2 }], 25)).toEqual({ pages: 1, lastCm: 22 });
  });

  test('a heading moves on with what it is kept with', () => {
    const blocks: Block[] = [{ cm: 23 }, { cm: 1, keepWithNext: true }, { cm: 2 }];
    expect(paginate(blocks, 25)).toEqual({ pages: 2, lastCm: 3 });
  });

  test('a table broken across pages repeats its header on the next one', () => {
    const table = { id: 1, headerCm: 1 };
    const blocks: Block[] = [{ cm: 1, keepWithNext: true, table }, ...Array.from({ length: 6 }, () => ({ cm: 5, table }))];
    // 1 + 4 × 5 = 21 on the first page; the fifth row starts the second page under the header again.
    expect(paginate(blocks, 23)).toEqual({ pages: 2, lastCm: 1 + 2 * 5 });
  });
});

describe('sectionBlocks', () => {
  test('a paragraph keeps two lines at least on either side of a break, and fills lines word by word', () => {
    const narrative: ReportSection = { type: 'narrative', heading: 'การวิเคราะห์', body: `<p>${paragraph.repeat(8)}</p>` };
    const blocks = sectionBlocks(narrative, pieces);
    expect(blocks[0].keepWithNext).toBe(true);
    // 8 × 66 characters on 16 cm lines at 3 a cm, the first line 2.5 cm in: about 12 lines; the first and last
    // two together.
    const lineBlocks = blocks.slice(1);
    expect(lineBlocks[0].cm).toBeCloseTo(2 * 0.734);
    expect(lineBlocks[lineBlocks.length - 1].cm).toBeCloseTo(2 * 0.734);
    const lines = blocksHeightCm(lineBlocks) / 0.734;
    expect(lines).toBeGreaterThanOrEqual(11);
    expect(lines).toBeLessThanOrEqual(13);
  });

  test('an issue counts every step by its own lines, not one line each', () => {
    const step = paragraph.repeat(3);
    const issue: ReportSection = { type: 'issue', number: 1, title: 'การใช้ทรัพย์สินของราชการ', steps: [step, step, step] };
    const oneLineSteps: ReportSection = { ...issue, steps: ['ก', 'ข', 'ค'] };
    expect(blocksHeightCm(sectionBlocks(issue, pieces)) - blocksHeightCm(sectionBlocks(oneLineSteps, pieces))).toBeGreaterThan(3 * 3 * 0.734);
  });
});

describe('cellLines', () => {
  test('a narrow column loses the end of its lines: words are never split', () => {
    const cell = measureCell(`<p>${'ผู้รับผิดชอบ '.repeat(6)}</p>`, trie);
    // Each ผู้รับผิดชอบ (8.45 characters with its space) alone on a 3 cm line (9.4 characters); all six on 16 cm.
    expect(cellLines(cell, 3)).toBe(6);
    expect(cellLines(cell, 16)).toBe(1);
  });

  test('list items are set in from the cell’s edge', () => {
    // Eleven pieces of 1.45 characters fill a 5 cm line; 0.6 cm in, only ten do.
    const text = 'ก '.repeat(11).trim();
    expect(cellLines(measureCell(`<p>${text}</p>`, trie), 5)).toBe(1);
    expect(cellLines(measureCell(`<ol><li>${text}</li></ol>`, trie), 5)).toBe(2);
    expect(cellLines(measureCell(`<ol class="plain"><li>${text}</li></ol>`, trie), 5)).toBe(1);
  });
});
