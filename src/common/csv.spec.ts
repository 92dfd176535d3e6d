import { csvField, parseCsv } from './csv';

describe('csvField', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","ดูเอกสาร")', `"'=HYPERLINK(""http://evil.example"",""ดูเอกสาร"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('neutralises a formula: %j', (cell, written) => {
    expect(csvField(cell)).toBe(written);
  });

  it('leaves ordinary text as it is and quotes only what needs quoting', () => {
    expect(csvField('O42 มาตรการส่งเสริมคุณธรรม')).toBe('O42 มาตรการส่งเสริมคุณธรรม');
    expect(csvField('https://kasian.example/p/phron/2568/o42')).toBe('https://kasian.example/p/phron/2568/o42');
    expect(csvField('ก, ข')).toBe('"ก, ข"');
    expect(csvField('บรรทัด\nที่สอง')).toBe('"บรรทัด\nที่สอง"');
    expect(csvField('ค่า 1-2')).toBe('ค่า 1-2');
  });
});


describe('parseCsv', () => {
  test('drops a byte order mark, splits CRLF and LF lines, and numbers each record by its first line', () => {
    expect(parseCsv('\ufeffa,b\r\n1,2\n3,4\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  test('quoted fields hold commas, doubled quotes and line breaks; the next record keeps its own line number', () => {
    expect(parseCsv('name,note\n"อบต.ก, จังหวัด","บรรทัด ""หนึ่ง""\nบรรทัดสอง"\nข,ค')).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['อบต.ก, จังหวัด', 'บรรทัด "หนึ่ง"\nบรรทัดสอง'] },
      { line: 4, fields: ['ข', 'ค'] },
    ]);
  });

  test('empty fields and blank lines', () => {
    expect(parseCsv('a,,c\n\n,\n')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 3, fields: ['', ''] },
    ]);
  });
});
