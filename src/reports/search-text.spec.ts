import { documentSearchText, highlightParts, likePattern, normalizeForSearch, searchHead, searchTerms, trigramsOf } from './search-text';

describe('Thai search normalisation', () => {
  test('removes spaces (including zero-width), reads Thai digits as Arabic, lowercases', () => {
    expect(normalizeForSearch('ประสิทธิ ภาพ\u200b ปี ๒๕๖๘ ITA')).toBe('ประสิทธิภาพปี2568ita');
  });

  test('query terms are split on spaces and normalised', () => {
    expect(searchTerms('  ความโปร่งใส   ๒๕๖๘ ')).toEqual(['ความโปร่งใส', '2568']);
  });

  test('the head is the normalised title and subject, cut at 500 characters', () => {
    expect(searchHead('รายงาน ITA ปี ๒๕๖๘', 'เรื่อง  ผลการประเมิน')).toBe('รายงานitaปี2568เรื่องผลการประเมิน');
    expect([...searchHead('ก'.repeat(250), 'ข'.repeat(300))]).toHaveLength(500);
  });

  test('LIKE wildcards in a term are escaped', () => {
    expect(likePattern('100%_!')).toBe('%100!%!_!!%');
  });

  test('the search text holds cells, steps and the subject', () => {
    const text = documentSearchText({
      report: {
        kind: 'implementation',
        title: 'รายงาน',
        fiscalYear: 2568,
        period: 'full_year',
        sections: [
          { type: 'issue', number: 1, title: 'ประเด็น', steps: ['ประชุมคณะทำงาน'] },
          {
            type: 'measures_table',
            columnSet: 'custom',
            columns: [{ heading: 'มาตรการ', role: 'measure' }],
            groups: [{ rows: [{ cells: ['<p>เผยแพร่ข้อมูล<u>งบประมาณ</u></p>'] }] }],
          },
        ],
      },
      memo: { issuingUnit: 'x', subject: 'เรื่องทดสอบ', addressee: 'y', body: ['ตามที่'], signer: { name: 'n', position: 'p' } },
    });
    expect(text).toContain('ประชุมคณะทำงาน');
    expect(text).toContain('เผยแพร่ข้อมูลงบประมาณ');
    expect(text).toContain('เรื่องทดสอบ');
  });
});

describe('n-grams and highlighting', () => {
  test('trigrams are distinct runs of three code points', () => {
    expect(trigramsOf('กขคกขค')).toEqual(['กขค', 'ขคก', 'คกข']);
    expect(trigramsOf('กข')).toEqual([]);
  });

  test('the matching parts of a shown text are marked, across its spaces and Thai digits', () => {
    expect(highlightParts('แผนการ ใช้จ่าย งบประมาณ ปี ๒๕๖๘', ['ใช้จ่ายงบ', '2568'])).toEqual([
      { text: 'แผนการ ', match: false },
      { text: 'ใช้จ่าย งบ', match: true },
      { text: 'ประมาณ ปี ', match: false },
      { text: '๒๕๖๘', match: true },
    ]);
    expect(highlightParts('ไม่มีคำนี้', ['ค้นหา'])).toEqual([{ text: 'ไม่มีคำนี้', match: false }]);
    expect(highlightParts('ITA ita', ['ita'])).toEqual([
      { text: 'ITA', match: true },
      { text: ' ', match: false },
      { text: 'ita', match: true },
    ]);
  });

  test('marks the right characters past ones that normalise longer (İ) or take two code units (😀)', () => {
    expect(highlightParts('ที่ İSTANBUL 😀 ๒๕๖๘ 😀x', [normalizeForSearch('İstanbul'), '2568', 'x'])).toEqual([
      { text: 'ที่ ', match: false },
      { text: 'İSTANBUL', match: true },
      { text: ' 😀 ', match: false },
      { text: '๒๕๖๘', match: true },
      { text: ' 😀', match: false },
      { text: 'x', match: true },
    ]);
    // Longer than the arrays highlighting keeps (every İ two characters), then a short one after it.
    const long = `${'İ'.repeat(40_000)}ค้นหา`;
    expect(highlightParts(long, ['ค้นหา'])).toEqual([{ text: 'İ'.repeat(40_000), match: false }, { text: 'ค้นหา', match: true }]);
    expect(highlightParts('İค้นหา', ['ค้นหา'])).toEqual([{ text: 'İ', match: false }, { text: 'ค้นหา', match: true }]);
  });
});
