// The editor's paste parser (templates/pages/assets/table-paste.js), the same file the browser runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const paste = require('../templates/pages/assets/table-paste.js') as {
  parseTsv(text: string): string[][];
  parseClipboard(clipboard: { html?: string; text?: string }, opts?: { headings?: string[] }): {
    source: 'html' | 'tsv';
    width: number;
    headings: string[] | null;
    rows: ({ cells: string[][] } | { group: string })[];
  };
  cellHtml(lines: string[]): string;
};

/** Two rows as Excel puts them on the clipboard as text: cells with line breaks quoted, rows ended by CRLF. */
const EXCEL_TEXT =
  '"จัดทำแผนป้องกันการทุจริต\nประจำปี ๒๕๖๘"\t"๑. ประชุมคณะทำงาน\n๒. เสนอผู้บริหาร"\tสำนักปลัด\t"ตัวชี้วัด ""ร้อยละ ๑๐๐"""\r\n' +
  'เผยแพร่ข้อมูล\t"ติดประกาศ\nเว็บไซต์"\tกองคลัง\t\r\n';

/** The same two rows as Excel's text/html (header, styles and fragment comments as Excel writes them). */
const EXCEL_HTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta name=ProgId content=Excel.Sheet><meta name=Generator content="Microsoft Excel 15">
<style><!--table {mso-displayed-decimal-separator:"\\.";} .xl65 {white-space:normal;} td > b {color:red}--></style></head>
<body link="#0563C1"><table border=0 cellpadding=0 cellspacing=0 width=512 style='border-collapse:
 collapse;width:384pt'>
<!--StartFragment-->
 <col width=128 span=4 style='width:96pt'>
 <tr height=40 style='height:30.0pt'>
  <td height=40 class=xl65 width=128 style='height:30.0pt;width:96pt'>จัดทำแผนป้องกันการทุจริต<br>
    ประจำปี ๒๕๖๘</td>
  <td class=xl65 width=128 style='width:96pt'>๑. ประชุมคณะทำงาน<br style='mso-data-placement:same-cell' />๒. เสนอผู้บริหาร</td>
  <td class=xl65>สำนักปลัด</td>
  <td class=xl65>ตัวชี้วัด &quot;ร้อยละ ๑๐๐&quot;</td>
 </tr>
 <tr height=40 style='height:30.0pt'>
  <td height=40 class=xl65 style='height:30.0pt'>เผยแพร่ข้อมูล</td>
  <td class=xl65>ติดประกาศ<br>
    เว็บไซต์</td>
  <td class=xl65>กองคลัง</td>
  <td class=xl65></td>
 </tr>
<!--EndFragment-->
</table></body></html>`;

const EXPECTED_ROWS = [
  { cells: [['จัดทำแผนป้องกันการทุจริต', 'ประจำปี ๒๕๖๘'], ['๑. ประชุมคณะทำงาน', '๒. เสนอผู้บริหาร'], ['สำนักปลัด'], ['ตัวชี้วัด "ร้อยละ ๑๐๐"']] },
  { cells: [['เผยแพร่ข้อมูล'], ['ติดประกาศ', 'เว็บไซต์'], ['กองคลัง'], []] },
];

describe('pasting from Excel as text (TSV)', () => {
  test('one row whose cells hold line breaks is one row of multi-line cells, without stray quotes', () => {
    const parsed = paste.parseClipboard({ text: EXCEL_TEXT.split('\r\n')[0] + '\r\n' });
    expect(parsed.source).toBe('tsv');
    expect(parsed.rows).toEqual([EXPECTED_ROWS[0]]);
    const lines = (parsed.rows[0] as { cells: string[][] }).cells.flat();
    expect(lines.filter((line) => line.startsWith('"') || line.includes('""'))).toEqual([]);
  });

  test('two rows are two rows; an empty last cell keeps its place', () => {
    expect(paste.parseClipboard({ text: EXCEL_TEXT })).toEqual({ source: 'tsv', width: 4, headings: null, rows: EXPECTED_ROWS });
  });

  test('the raw TSV reader: doubled quotes, tabs inside quotes, CR, LF and CRLF row ends, no row for the final line end', () => {
    expect(paste.parseTsv('"a\tb"\t"say ""hi"""\rc\td\ne\tf\r\n')).toEqual([['a\tb', 'say "hi"'], ['c', 'd'], ['e', 'f']]);
    expect(paste.parseTsv('a\t\tc')).toEqual([['a', '', 'c']]);
    expect(paste.parseTsv('\t\n')).toEqual([['', '']]);
  });

  test('a quote inside a cell that Excel did not quote stays as typed; an unclosed quote is read as text', () => {
    expect(paste.parseTsv('ขนาด 5" นิ้ว\tx')).toEqual([['ขนาด 5" นิ้ว', 'x']]);
    expect(paste.parseTsv('"ไม่ปิด\tb\nc\td')).toEqual([['"ไม่ปิด', 'b'], ['c', 'd']]);
  });

  test('empty rows and columns empty in every row are left out', () => {
    const parsed = paste.parseClipboard({ text: 'a\tb\t\r\n\t\t\r\nc\t\t\r\n' });
    expect(parsed.width).toBe(2);
    expect(parsed.rows).toEqual([{ cells: [['a'], ['b']] }, { cells: [['c'], []] }]);
  });

  test("a first row repeating the table's own headings is taken for the header", () => {
    const parsed = paste.parseClipboard({ text: 'มาตรการ\tผู้รับผิดชอบ\r\nก\tข\r\n' }, { headings: ['มาตรการ', 'ผู้ รับผิดชอบ', 'อื่น'] });
    expect(parsed.headings).toEqual(['มาตรการ', 'ผู้รับผิดชอบ']);
    expect(parsed.rows).toEqual([{ cells: [['ก'], ['ข']] }]);
  });
});

describe('pasting an HTML table (Excel, Word, a web page)', () => {
  test("Excel's HTML is read before its text: the same rows, line breaks from <br>, entities decoded, styles ignored", () => {
    const parsed = paste.parseClipboard({ html: EXCEL_HTML, text: 'not what the table says' });
    expect(parsed).toEqual({ source: 'html', width: 4, headings: null, rows: EXPECTED_ROWS });
  });

  test("Word's cells: each paragraph a line, empty Office paragraphs and <o:p> dropped", () => {
    const html = `<table class=MsoTableGrid border=1><tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
      <td width=200 valign=top><p class=MsoNormal><span lang=TH style='font-family:"TH SarabunPSK"'>ข้อที่หนึ่ง<o:p></o:p></span></p>
      <p class=MsoNormal><span lang=TH>ข้อที่สอง&nbsp;&amp;&nbsp;&#3585;</span></p><p class=MsoNormal><o:p>&nbsp;</o:p></p></td>
      <td><p class=MsoNormal>กองช่าง</p></td></tr></table>`;
    expect(paste.parseClipboard({ html }).rows).toEqual([{ cells: [['ข้อที่หนึ่ง', 'ข้อที่สอง & ก'], ['กองช่าง']] }]);
  });

  test('merged header cells become the column headings, joined top to bottom', () => {
    const html = `<table>
      <tr><td rowspan=2>มาตรการ</td><td colspan=2>ผลการดำเนินการ</td><td rowspan="2">หมายเหตุ</td></tr>
      <tr><td>ไตรมาส ๑</td><td>ไตรมาส ๒</td></tr>
      <tr><td>ก</td><td>ข</td><td>ค</td><td>ง</td></tr></table>`;
    const parsed = paste.parseClipboard({ html });
    expect(parsed.headings).toEqual(['มาตรการ', 'ผลการดำเนินการ ไตรมาส ๑', 'ผลการดำเนินการ ไตรมาส ๒', 'หมายเหตุ']);
    expect(parsed.rows).toEqual([{ cells: [['ก'], ['ข'], ['ค'], ['ง']] }]);
  });

  test('<th> cells and <thead> rows are the header', () => {
    expect(paste.parseClipboard({ html: '<table><tr><th>ก</th><th>ข</th></tr><tr><td>1</td><td>2</td></tr></table>' }).headings).toEqual(['ก', 'ข']);
    const parsed = paste.parseClipboard({ html: '<table><thead><tr><td>ก</td><td>ข</td></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>' });
    expect(parsed.headings).toEqual(['ก', 'ข']);
    expect(parsed.rows).toEqual([{ cells: [['1'], ['2']] }]);
  });

  test('a merged body cell is written once, where it starts; a row that is one cell across the table is a group heading', () => {
    const html = `<table>
      <tr><td>มาตรการ</td><td>ขั้นตอน</td><td>ผู้รับผิดชอบ</td></tr>
      <tr><td colspan=3>ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล</td></tr>
      <tr><td rowspan=2>เผยแพร่ข้อมูล</td><td>ขั้นที่ ๑</td><td colspan=1>กองคลัง</td></tr>
      <tr><td>ขั้นที่ ๒</td><td>สำนักปลัด</td></tr></table>`;
    expect(paste.parseClipboard({ html }).rows).toEqual([
      { cells: [['มาตรการ'], ['ขั้นตอน'], ['ผู้รับผิดชอบ']] },
      { group: 'ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล' },
      { cells: [['เผยแพร่ข้อมูล'], ['ขั้นที่ ๑'], ['กองคลัง']] },
      { cells: [[], ['ขั้นที่ ๒'], ['สำนักปลัด']] },
    ]);
  });

  test('a table inside a cell gives its text to that cell; script and comments give nothing', () => {
    const html = '<table><tr><td>นอก<table><tr><td>ใน</td></tr></table></td><td><script>alert(1)</script><!--[if gte mso 9]><xml>x</xml><![endif]-->ข</td></tr></table>';
    expect(paste.parseClipboard({ html }).rows).toEqual([{ cells: [['นอก', 'ใน'], ['ข']] }]);
  });

  test('HTML without a table (a Word paragraph) falls back to the text', () => {
    expect(paste.parseClipboard({ html: '<p>ข้อความ</p>', text: 'ก\tข' })).toMatchObject({ source: 'tsv', rows: [{ cells: [['ก'], ['ข']] }] });
  });
});

test('cell lines become paragraphs of escaped text', () => {
  expect(paste.cellHtml(['a < b & c', '<script>'])).toBe('<p>a &lt; b &amp; c</p><p>&lt;script&gt;</p>');
  expect(paste.cellHtml([])).toBe('');
});
