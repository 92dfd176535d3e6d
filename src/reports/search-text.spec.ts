import { documentSearchText, likePattern, normalizeForSearch, searchTerms } from './search-text';

describe('Thai search normalisation', () => {
  test('removes spaces (including zero-width), reads Thai digits as Arabic, lowercases', () => {
    expect(normalizeForSearch('ประสิทธิ ภาพ\u200b ปี ๒๕๖๘ ITA')).toBe('ประสิทธิภาพปี2568ita');
  });

  test('query terms are split on spaces and normalised', () => {
    expect(searchTerms('  ความโปร่งใส   ๒๕๖๘ ')).toEqual(['ความโปร่งใส', '2568']);
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
