import { csvField } from './csv';

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
