import type { IssueSection, MeasuresTableSection } from '../src/reports/document-format';
import type { MemoRenderModel } from '../src/rendering/render-model';
import { Renderer } from '../src/rendering/renderer';
import { renderingSettings } from '../src/rendering/rendering.config';
import { outOfOrder, plainText, readPdf, squash, type PdfReading } from './support/rendering-pdf';
import { featureModel, SEED_DOCUMENTS, seedMemoModel, type SeedName } from './support/rendering-models';

/**
 * The three seed documents and a model exercising what they do not, through the real templates, the real Chromium
 * and poppler. PDF bytes are not deterministic: everything here is read back with pdftotext, pdffonts and pdfinfo.
 */

const SEEDS = Object.keys(SEED_DOCUMENTS) as SeedName[];
const THAI_DIGIT = /[๐-๙]/;
const ARABIC_DIGIT = /[0-9]/;

/** Pages each seed may take: the memo (one page) and the report; wide tables go on landscape pages. */
const EXPECTED_PAGES: Record<SeedName, [number, number]> = { '000': [7, 16], '002': [8, 20], '003': [4, 10] };

interface Rendered {
  model: MemoRenderModel;
  pages: number;
  html: string;
  pdf: PdfReading;
  /** Raw text without white space: the reading order of the content stream. */
  flat: string;
}

describe('rendering the seed documents to PDF', () => {
  const renderer = new Renderer({ ...renderingSettings(), pages: 2 });
  const rendered: Record<string, Rendered> = {};

  const render = async (key: string, model: MemoRenderModel) => {
    const { pdf, pages } = await renderer.renderMemoPdf(model);
    const reading = readPdf(pdf);
    rendered[key] = { model, pages, html: renderer.renderMemoHtml(model), pdf: reading, flat: squash(reading.raw) };
  };

  beforeAll(async () => {
    await Promise.all([
      ...SEEDS.map((name) => render(name, seedMemoModel(name))),
      render('003-draft', seedMemoModel('003', { draft: true, approved: false })),
      render('000-arabic', seedMemoModel('000', { numerals: 'arabic' })),
      render('features', featureModel('thai')),
      render('features-arabic', featureModel('arabic')),
    ]);
  });
  afterAll(() => renderer.close());

  test.each(SEEDS)('seed %s: the memo header fields, then the comment blocks, in order', (name) => {
    const { memo } = SEED_DOCUMENTS[name];
    const expected = [
      'บันทึกข้อความ',
      'ส่วนราชการ',
      memo.issuingUnit,
      'ที่',
      memo.documentNumber ?? 'นธ ๗๗๒๐๑/๑๒๓',
      'วันที่',
      '๔ เมษายน ๒๕๖๖',
      'เรื่อง',
      memo.subject,
      'เรียน',
      `${memo.addressee} – ผ่าน${memo.via}`,
      ...memo.body,
      '(นางสุจิน สาศรีสุข)',
      'หัวหน้าสำนักปลัด',
      'ความเห็นปลัด อบต.',
      'ทราบ เห็นควรนำเสนอนายก อบต. พิจารณา',
      '(นางอรทัย ทองคุปต์)',
      'ปลัดองค์การบริหารส่วนตำบลพร่อน',
      'วันที่ ๕ เมษายน ๒๕๖๖',
      'ความเห็นนายก อบต.พร่อน',
      'ทราบ อนุมัติ ให้ประกาศบนเว็บไซต์',
      '(นายกาหลง แดงสุวรรณ)',
      'นายกองค์การบริหารส่วนตำบลพร่อน',
      'วันที่ ๗ เมษายน ๒๕๖๖',
    ].map(squash);
    const { pdf, flat } = rendered[name];
    expect(outOfOrder(flat, expected)).toEqual([]);
    // The layout reading (what a person copying from a viewer gets) agrees.
    expect(outOfOrder(squash(pdf.layoutPages.join('')), expected)).toEqual([]);
  });

  test.each(SEEDS)('seed %s: every measure’s text appears, in reading order', (name) => {
    const sections = SEED_DOCUMENTS[name].report.sections;
    const measures = sections.flatMap((section) => {
      if (section.type === 'issue') return [section.title, (section as IssueSection).measure ?? ''];
      if (section.type === 'measures_table') return (section as MeasuresTableSection).groups.flatMap((g) => g.rows.map((r) => plainText(r.cells[0])));
      return [];
    });
    const pieces = measures.map(squash).filter((piece) => piece !== '');
    expect(pieces.length).toBeGreaterThan(5);
    // The report starts after the memo, so search from the report's title on.
    const { flat } = rendered[name];
    const reportStart = flat.indexOf(squash(SEED_DOCUMENTS[name].report.title.split(' ')[0]), flat.indexOf('ความเห็นนายก'));
    expect(reportStart).toBeGreaterThan(0);
    // Rows may continue on the next page (docs/rendering.md, "Pagination"): a cell's text may then come in two parts.
    expect(outOfOrder(flat.slice(reportStart), pieces, { splitAcrossPages: true })).toEqual([]);
  });

  test.each(SEEDS)('seed %s: only Sarabun is embedded, and a page count in range', (name) => {
    const { pdf, pages } = rendered[name];
    expect(pdf.pages).toBe(pages);
    const [least, most] = EXPECTED_PAGES[name];
    expect(pages).toBeGreaterThanOrEqual(least);
    expect(pages).toBeLessThanOrEqual(most);
    expect(pdf.fonts.length).toBeGreaterThan(0);
    for (const font of pdf.fonts) {
      expect(font.name).toMatch(/^[A-Z]{6}\+Sarabun-(Regular|Bold)$/);
      expect(font.type).not.toMatch(/Type 3/);
    }
    expect(pdf.fonts.map((f) => f.name.split('+')[1])).toEqual(expect.arrayContaining(['Sarabun-Regular', 'Sarabun-Bold']));
  });

  test('page numbers from page 2, top centre, in Thai digits; the report numbers its own pages, from its own page 2', () => {
    const { pdf } = rendered['003'];
    const firstLine = (page: string) => page.split('\n').find((line) => line.trim() !== '') ?? '';
    // The memo is one page; the report starts on the next, unnumbered, with its title.
    expect(pdf.layoutPages[0]).not.toMatch(/-\s*[๐-๙0-9]+\s*-/);
    expect(firstLine(pdf.layoutPages[1])).not.toMatch(/-\s*[๐-๙0-9]+\s*-/);
    expect(squash(pdf.layoutPages[1])).toContain(squash(SEED_DOCUMENTS['003'].report.title.split(' ')[0]));
    expect(pdf.layoutPages.length).toBeGreaterThan(3);
    pdf.layoutPages.slice(2).forEach((page, i) => {
      const line = firstLine(page);
      const pageNumber = new Intl.NumberFormat('th-TH-u-nu-thai').format(i + 2);
      expect(squash(line)).toBe(`-${pageNumber}-`);
      // Centred: well indented in the layout text, with nothing else on its line.
      expect(line.indexOf('-')).toBeGreaterThan(20);
    });
  });

  test('generated numbers follow the organisation: Thai digits, or Arabic ones; typed text is printed as typed', () => {
    const thai = rendered['000'];
    const arabic = rendered['000-arabic'];
    // Dates, page numbers, scores, step numbers.
    expect(thai.flat).toContain('๔เมษายน๒๕๖๖');
    expect(thai.flat).toContain('-๒-');
    expect(thai.flat).toContain('๘๑.๐๐');
    expect(thai.flat).toContain('๑)ประชุมเพื่อจัดทำแนวทาง');
    expect(arabic.flat).toContain('4เมษายน2566');
    expect(arabic.flat).toContain('-2-');
    expect(arabic.flat).toContain('81.00');
    expect(arabic.flat).toContain('1)ประชุมเพื่อจัดทำแนวทาง');
    expect(arabic.flat).not.toContain('-๒-');
    // The seed's author typed Arabic digits in the title and Thai ones in the memo subject: both stay as typed.
    for (const { flat } of [thai, arabic]) {
      expect(flat).toContain('ปีงบประมาณพ.ศ.2568');
      expect(flat).toContain(squash(SEED_DOCUMENTS['000'].memo.subject));
    }
    // Every page number of the Arabic organisation is Arabic.
    const numbers = arabic.pdf.layoutPages.map((page) => squash(page.trim().split('\n')[0])).filter((line) => /^-.+-$/.test(line));
    expect(numbers.length).toBeGreaterThan(3);
    for (const number of numbers) {
      expect(number).toMatch(ARABIC_DIGIT);
      expect(number).not.toMatch(THAI_DIGIT);
    }
  });

  test('a draft carries ร่าง on every page and shows a step not reached as the paper form’s dotted lines; the approved render has neither', () => {
    const draft = rendered['003-draft'];
    const approved = rendered['003'];
    for (const page of draft.pdf.rawPages) expect(page.split('\n').map((line) => line.trim())).toContain('ร่าง');
    expect(approved.pdf.raw).not.toContain('ร่าง');

    const mayorBlock = draft.flat.slice(draft.flat.indexOf('ความเห็นนายกอบต.พร่อน'));
    expect(mayorBlock).toMatch(/^ความเห็นนายกอบต\.พร่อน\.{40,}\(\.{20,}\)นายกองค์การบริหารส่วนตำบลพร่อนวันที่\.{10,}/);
    expect(draft.flat).not.toContain('นายกาหลง');
    expect(draft.html.match(/class="dots"/g)).toHaveLength(2);
    expect(approved.html).not.toContain('class="dots"');
    expect(approved.flat).not.toMatch(/\.{10,}/);
  });

  test('what the seeds do not show: urgency, phone, attachments, acting signer, images, ITA scores beside the previous year, groups and statuses', () => {
    const { flat, pdf, html } = rendered['features'];
    expect(outOfOrder(flat, ['บันทึกข้อความ', 'ด่วนมาก'].map(squash))).toEqual([]);
    expect(flat).toContain(squash('องค์การบริหารส่วนตำบลพร่อน โทร. ๐ ๔๒๒๑ ๐๐๐๐'));
    expect(outOfOrder(flat, ['สิ่งที่ส่งมาด้วย', '๑.', 'รายงานผลการดำเนินการ จำนวน ๑ ชุด', '๒.', 'แบบสรุปผลการประเมิน ITA'].map(squash))).toEqual([]);
    expect(outOfOrder(flat, ['(นายสมชาย ใจดี)', 'รองปลัดองค์การบริหารส่วนตำบลพร่อน', 'รักษาราชการแทน ปลัดองค์การบริหารส่วนตำบลพร่อน'].map(squash))).toEqual([]);
    // The emblem and three signatures (author, deputy, mayor).
    expect(pdf.images).toBe(4);
    expect(html.match(/<img [^>]*src="data:image\/png;base64,/g)).toHaveLength(4);

    expect(outOfOrder(flat, ['รายการ', 'ปี ๒๕๖๖', 'ปี ๒๕๖๗', 'คะแนน ITA ของหน่วยงาน', '๘๘.๔๕', '๙๑.๒๐', '(ผ่าน)', 'ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต (OIT)', '๙๒.๕๐', '๑๐๐.๐๐'].map(squash))).toEqual([]);
    expect(
      outOfOrder(flat, ['ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล', 'เผยแพร่ข้อมูลพื้นฐาน', 'ดำเนินการแล้ว', 'รายงานการกำกับติดตาม', 'อยู่ระหว่างดำเนินการ', 'ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต เครื่องมือ OIT', 'ประกาศเจตจำนงสุจริต', 'ดำเนินการแล้ว'].map(squash)),
    ).toEqual([]);
    // Line-break opportunities (<wbr>) aside, the added status column and the group rows across all columns.
    const marked = html.replace(/<wbr>/g, '');
    expect(marked).toMatch(/<th>สถานะ<\/th>/);
    expect(marked).toMatch(/<th class="group" colspan="4">ตัวชี้วัดที่ ๙/);
    expect(outOfOrder(flat, ['ผู้รายงาน', '(นางสุจิน สาศรีสุข)', 'หัวหน้าสำนักปลัด'].map(squash))).toEqual([]);

    const arabic = rendered['features-arabic'].flat;
    expect(arabic).toContain(squash('ปี 2566'));
    expect(arabic).toContain('91.20');
    expect(arabic).toContain(squash('ตัวชี้วัดที่ 10 การป้องกันการทุจริต (OIT)'));
    expect(arabic).toContain('1.รายงานผลการดำเนินการ');
    // Typed by the author: the group heading keeps its Thai digits.
    expect(arabic).toContain(squash('ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล เครื่องมือ OIT'));
  });

  test('a wide table gets landscape pages, and its header row is repeated on each of them', () => {
    const { pdf } = rendered['002'];
    const landscape = pdf.sizes.map((size, i) => (size.width > size.height ? i : -1)).filter((i) => i >= 0);
    expect(landscape.length).toBeGreaterThan(3);
    expect(pdf.sizes[0].width).toBeLessThan(pdf.sizes[0].height);
    for (const i of landscape) expect(squash(pdf.rawPages[i])).toContain('ผลลัพธ์หรือผลสัมฤทธิ์ในการดำเนินการ');
    // Portrait tables (003) repeat their header the same way.
    const portrait = rendered['003'].pdf.rawPages.filter((page) => squash(page).includes('การกำกับติดตาม'));
    expect(portrait.length).toBeGreaterThan(1);
  });

  test('text people type is printed as text: markup in a subject is escaped, not interpreted', async () => {
    const model = seedMemoModel('003');
    model.document.memo.subject = '<script>document.title="x"</script> <b>ไม่หนา</b> & ต่อ';
    const html = renderer.renderMemoHtml(model);
    expect(html).toContain('&lt;script&gt;document.title&#x3D;&quot;x&quot;&lt;/script&gt; &lt;b&gt;ไม่หนา&lt;/b&gt; &amp; ต่อ');
    expect(html).not.toContain('<script>');
    const { pdf } = await renderer.renderMemoPdf(model);
    expect(squash(readPdf(pdf).raw)).toContain(squash('<script>document.title="x"</script> <b>ไม่หนา</b> & ต่อ'));
  });
});
