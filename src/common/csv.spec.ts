import { parseCsv } from './csv';

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
