import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, ElementHandle, HTTPRequest, Page } from 'puppeteer-core';
import seed000 from './fixtures/seed-000-measures.json';
import { launchTestBrowser, signedInPage } from './support/browser';
import { HttpClient } from './support/http-client';
import { poppler } from './support/pdf-tools';
import { seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

const ARTIFACTS = join(__dirname, '..', 'artifacts', 'e2e');
const INDICATOR = 'การเปิดเผยข้อมูลสาธารณะทดสอบ';
const BUSY = 'มีเอกสารรอจัดทำ PDF มากเกินไป กรุณาลองใหม่ในอีกสักครู่';

type Json = any;

/**
 * The document editor in a real Chromium against Kasian on MariaDB: the ITA score table of the 000 seed edited row by
 * row (indicators, previous scores), checked in the browser and by the server, and the PDF preview beside the form.
 */
describe('the document editor in a browser', () => {
  let t: TestApp;
  let org: SeededOrganization;
  let browser: Browser;
  let api: HttpClient;
  let id: string;
  let before: Json;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp('mysql');
    org = await seedOrganization(t, 'songeditor');
    api = new HttpClient(t.baseUrl);
    expect((await api.login(org.users.author.username, org.users.author.password)).status).toBe(200);
    const created = await api.post('/api/reports/import', seed000);
    expect(created.status).toBe(201);
    id = created.body.id;
    before = (await api.get(`/api/reports/${id}/export`)).body;
    browser = await launchTestBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(viewport: { width: number; height: number }): Promise<Page> {
    return signedInPage(browser, t.baseUrl, org.users.author, viewport);
  }

  async function openEditor(page: Page): Promise<void> {
    await page.goto(`${t.baseUrl}/memos/${id}/edit`);
    await page.waitForSelector('.score-table');
  }

  /** What the person sees around `selector` (the form is too long for whole-page pictures to be readable). */
  async function shot(page: Page, name: string, selector: string): Promise<void> {
    await page.$eval(selector, (e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(ARTIFACTS, `editor-${name}.png`) });
  }

  const saved = (page: Page) =>
    page.waitForFunction(() => document.getElementById('save-status')!.textContent!.startsWith('บันทึกแล้ว'), { timeout: 20_000 });

  /** Replaces a field's text the way a person would: select all, type. */
  async function retype(page: Page, selector: string, text: string): Promise<void> {
    await page.click(selector, { clickCount: 3 });
    await page.keyboard.press('Backspace');
    await page.type(selector, text);
  }

  async function currentVersion(): Promise<number> {
    return (await api.get(`/api/reports/${id}`)).body.version;
  }

  /** Counts preview requests that are under way at once. */
  function watchPreviews(page: Page): { most: number } {
    const seen = { most: 0 };
    let open = 0;
    const isPreview = (request: HTTPRequest) => request.url().includes('/preview.pdf');
    page.on('request', (r) => { if (isPreview(r)) seen.most = Math.max(seen.most, ++open); });
    page.on('requestfinished', (r) => { if (isPreview(r)) open--; });
    page.on('requestfailed', (r) => { if (isPreview(r)) open--; });
    return seen;
  }

  const INDICATOR_ROW = '.score-table tbody tr:has(td[data-col=name])';
  const TOOL_ROW = (n: number) => `.score-table tbody tr:not(:has(td[data-col=name])):nth-child(${n})`;
  const ita = (doc: Json) => doc.report.sections.find((s: Json) => s.type === 'ita_results');

  test('indicator rows and previous scores are edited, checked, saved, kept on reload and exported; the preview follows the saves', async () => {
    const page = await signIn({ width: 1280, height: 900 });
    const previews = watchPreviews(page);
    await openEditor(page);
    expect(await page.$(INDICATOR_ROW)).toBeNull();

    const yearLabel = await page.$$eval('label', (labels) => labels.map((l) => l.textContent));
    expect(yearLabel).toContain('ปีก่อนหน้า (พ.ศ.)');
    const previousYear = await page.$$eval('label', (labels) => labels.find((l) => l.textContent === 'ปีก่อนหน้า (พ.ศ.)')!.getAttribute('for'));
    await page.type(`#${previousYear}`, '2566');
    const overallPrevious = await page.$$eval('label', (labels) => labels.find((l) => l.textContent === 'คะแนนรวมปีก่อน')!.getAttribute('for'));
    await page.type(`#${overallPrevious}`, '93.1');

    // A new indicator row: the keyboard lands on its first field; the score is required before anything is saved.
    await page.click('button[data-focus$=".indicators.add"]');
    await page.waitForSelector(INDICATOR_ROW);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('1');
    expect(await page.$eval(`${INDICATOR_ROW} td[data-col=score] .field-error`, (e) => e.textContent)).toBe('ต้องระบุ');
    await page.type(`${INDICATOR_ROW} td[data-col=name] input`, INDICATOR);
    await page.type(`${INDICATOR_ROW} td[data-col=tool] input`, 'OIT');
    await page.type(`${INDICATOR_ROW} td[data-col=score] input`, '๙๗.๕๐');
    // A previous score the server would refuse is objected to at once, in the server's words, and saved anyway as a
    // draft: the server names the same problem, and the document (preview, export) stays the last valid one.
    await page.type(`${INDICATOR_ROW} td[data-col=previousScore] input`, '101');
    expect(await page.$eval(`${INDICATOR_ROW} td[data-col=previousScore] .field-error`, (e) => e.textContent)).toBe('ต้องไม่เกิน 100');
    expect(await page.$eval(`${INDICATOR_ROW} td[data-col=previousScore] input`, (e) => e.getAttribute('aria-invalid'))).toBe('true');
    await page.waitForFunction(() => document.getElementById('save-status')!.textContent!.includes('เก็บเป็นร่าง มีช่องที่ต้องแก้ไขก่อนเสนอแฟ้ม 1 ช่อง'), { timeout: 20_000 });
    expect(ita((await api.get(`/api/reports/${id}/draft`)).body).indicators[0].previousScore).toBe(101);
    expect(ita((await api.get(`/api/reports/${id}/export`)).body).indicators).toBeUndefined();
    expect(await page.$eval('#problems', (e) => (e as HTMLElement).innerText)).toContain('ส่วนที่ 2 (ผลคะแนน ITA) › คะแนนรายตัวชี้วัด แถวที่ 1 › คะแนนปีก่อน: ต้องไม่เกิน 100');
    await shot(page, 'draft-with-problem', '.score-block');
    await retype(page, `${INDICATOR_ROW} td[data-col=previousScore] input`, '95.12');
    expect(await page.$eval(`${INDICATOR_ROW} td[data-col=previousScore] .field-error`, (e) => (e as HTMLElement).hidden)).toBe(true);
    // Last year's score of a tool (EIT ส่วนที่ 1).
    await page.type(`${TOOL_ROW(2)} td[data-col=previousScore] input`, '79.5');
    await saved(page);

    // The server stays the judge: a picture dropped into the note is refused and its Thai message shown beside it.
    await page.evaluate(() => {
      const note = document.querySelector('.rich[aria-label="หมายเหตุใต้ตาราง (ถ้ามี)"]')!;
      note.innerHTML = '<p>ภาพประกอบ</p><img src="/assets/x.png">';
      note.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction(() => document.getElementById('save-status')!.textContent!.includes('เก็บเป็นร่าง'), { timeout: 20_000 });
    const noteError = await page.$eval('.rich[aria-label="หมายเหตุใต้ตาราง (ถ้ามี)"] + .field-error', (e) => e.textContent);
    expect(noteError).toContain('มีเนื้อหาที่ไม่อนุญาต (<img>)');
    expect(await page.$eval('#problems', (e) => (e as HTMLElement).innerText)).toContain('ส่วนที่ 2 (ผลคะแนน ITA) › หมายเหตุใต้ตาราง: มีเนื้อหาที่ไม่อนุญาต');
    // Kept in the draft as typed, never in the document.
    expect(ita((await api.get(`/api/reports/${id}/draft`)).body).note).toContain('<img');
    expect(ita((await api.get(`/api/reports/${id}/export`)).body).note).toBeUndefined();
    await shot(page, 'server-refuses', '#problems');
    await page.evaluate(() => {
      const note = document.querySelector('.rich[aria-label="หมายเหตุใต้ตาราง (ถ้ามี)"]')!;
      note.innerHTML = '<p>คะแนนจากระบบ ITAS</p>';
      note.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await saved(page);
    expect(await page.$eval('#problems', (e) => (e as HTMLElement).hidden)).toBe(true);

    // The preview follows the last save: its frame asks for that version, and that URL is the PDF with the new row.
    const version = await currentVersion();
    await page.waitForFunction((v) => (document.getElementById('preview-frame') as HTMLIFrameElement | null)?.src.endsWith(`/preview.pdf?v=${v}`), { timeout: 60_000 }, version);
    await page.waitForFunction(() => document.getElementById('preview-status')!.textContent!.startsWith('ตัวอย่างล่าสุด เวลา'));
    expect(previews.most).toBe(1);
    expect(await page.$$('iframe.preview-frame')).toHaveLength(1);
    const src = await page.$eval('#preview-frame', (f) => (f as HTMLIFrameElement).src);
    expect(src).toBe(`${t.baseUrl}/memos/${id}/preview.pdf?v=${version}`);
    const cookie = (await page.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const response = await fetch(src, { headers: { cookie } });
    expect(response.headers.get('content-type')).toContain('application/pdf');
    // Table cells wrap Thai lines where the dictionary allows, so the text is compared without spaces.
    const pdfText = poppler('pdftotext', Buffer.from(await response.arrayBuffer())).replace(/\s+/g, '');
    expect(pdfText).toContain(`ตัวชี้วัดที่๑${INDICATOR}(OIT)`);
    expect(pdfText).toContain('๙๕.๑๒');
    await shot(page, 'saved-with-preview', INDICATOR_ROW);

    // Reloaded, every value is there.
    await openEditor(page);
    expect(await page.$eval(`${INDICATOR_ROW} td[data-col=name] input`, (e) => (e as HTMLInputElement).value)).toBe(INDICATOR);
    expect(await page.$eval(`${INDICATOR_ROW} td[data-col=score] input`, (e) => (e as HTMLInputElement).value)).toBe('97.5');
    expect(await page.$eval(`${INDICATOR_ROW} td[data-col=previousScore] input`, (e) => (e as HTMLInputElement).value)).toBe('95.12');
    expect(await page.$eval(`${TOOL_ROW(2)} td[data-col=previousScore] input`, (e) => (e as HTMLInputElement).value)).toBe('79.5');

    // The JSON export holds them, and everything the editor was not asked to change is byte for byte what it was.
    const after: Json = (await api.get(`/api/reports/${id}/export`)).body;
    const scores = ita(after);
    expect(scores.indicators).toEqual([{ number: 1, name: INDICATOR, tool: 'OIT', score: 97.5, previousScore: 95.12 }]);
    expect(scores.tools[1]).toEqual({ code: 'EIT1', label: 'ผลคะแนน EIT ส่วนที่ 1', score: 81, previousScore: 79.5 });
    expect(scores.previousYear).toBe(2566);
    expect(scores.overall).toEqual({ score: 94.98, result: 'ผ่าน', previousScore: 93.1 });
    expect(scores.note).toBe('<p>คะแนนจากระบบ ITAS</p>');
    const untouched = (doc: Json) => {
      const section = ita(doc);
      return JSON.stringify({
        memo: doc.memo,
        report: { ...doc.report, sections: doc.report.sections.map((s: Json) => (s === section ? null : s)) },
        ita: { heading: section.heading, assessmentYear: section.assessmentYear, tools: section.tools.map((tool: Json, i: number) => (i === 1 ? null : tool)) },
      });
    };
    expect(untouched(after)).toBe(untouched(before));
  });

  test('on a 375 px phone the preview waits behind its button, the form works, a busy renderer is reported', async () => {
    const page = await signIn({ width: 375, height: 812 });
    const previews = watchPreviews(page);
    await openEditor(page);
    expect(await page.$eval('#preview-pane', (e) => getComputedStyle(e).display)).toBe('none');
    expect(await page.$eval('#preview-toggle', (e) => (e as HTMLElement).offsetWidth > 0 && e.getAttribute('aria-expanded'))).toBe('false');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await retype(page, `${INDICATOR_ROW} td[data-col=name] input`, `${INDICATOR} บนมือถือ`);
    await saved(page);
    expect(ita((await api.get(`/api/reports/${id}/export`)).body).indicators[0].name).toBe(`${INDICATOR} บนมือถือ`);
    expect(previews.most).toBe(0);
    await shot(page, 'phone-form', INDICATOR_ROW);

    // The renderer is busy once: the pane says so in Thai and offers to try again.
    await page.setRequestInterception(true);
    let refused = 0;
    page.on('request', (request) => {
      if (request.isInterceptResolutionHandled()) return;
      if (request.url().includes('/preview.pdf') && refused++ === 0) {
        void request.respond({ status: 429, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ statusCode: 429, code: 'TOO_MANY_REQUESTS', message: BUSY }) });
      } else void request.continue();
    });
    await page.click('#preview-toggle');
    expect(await page.$eval('#preview-pane', (e) => getComputedStyle(e).display)).not.toBe('none');
    await page.waitForFunction(() => !document.getElementById('preview-retry')!.hidden, { timeout: 20_000 });
    expect(await page.$eval('#preview-status', (e) => e.textContent)).toBe(`ปรับตัวอย่างไม่สำเร็จ: ${BUSY}`);
    expect(await page.$('#preview-frame')).toBeNull();
    await shot(page, 'phone-preview-busy', '#preview-toggle');
    await page.focus('#preview-retry');
    await page.keyboard.press('Enter');
    const version = await currentVersion();
    await page.waitForFunction((v) => (document.getElementById('preview-frame') as HTMLIFrameElement | null)?.src.endsWith(`/preview.pdf?v=${v}`), { timeout: 60_000 }, version);
    await page.waitForFunction(() => document.getElementById('preview-status')!.textContent!.startsWith('ตัวอย่างล่าสุด เวลา'));
    expect(await page.$eval('#preview-toggle', (e) => e.textContent)).toBe('ซ่อนตัวอย่าง PDF');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(previews.most).toBe(1);
    await shot(page, 'phone-preview', '#preview-toggle');
  });
  /** Two rows as Excel puts them on the clipboard: TSV with quoted multi-line cells and doubled quotes, and HTML. */
  const EXCEL_ROWS = [
    ['จัดอบรมเจ้าหน้าที่\nเรื่องผลประโยชน์ทับซ้อน', '๑. จัดทำหลักสูตร\n๒. จัดอบรม', 'สำนักปลัด', 'มี.ค. ๒๕๖๘', 'อบรมแล้ว ๓๐ คน\nคิดเป็น "ร้อยละ ๑๐๐"'],
    ['ประกาศเจตจำนงสุจริต', 'เผยแพร่ประกาศ', 'สำนักปลัด', 'ต.ค. ๒๕๖๗', 'ดำเนินการแล้ว'],
  ];
  const excelText = (rows: string[][]) =>
    rows.map((row) => row.map((cell) => (/[\n\t"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join('\t')).join('\r\n') + '\r\n';
  const excelHtml = (rows: string[][]) =>
    '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta name=ProgId content=Excel.Sheet><style><!--.xl65{white-space:normal;}--></style></head><body>' +
    "<table border=0 cellpadding=0 cellspacing=0 width=640 style='border-collapse:collapse;width:480pt'><!--StartFragment-->" +
    rows
      .map((row) => ` <tr height=40 style='height:30.0pt'>\n` + row.map((cell) => `  <td class=xl65 width=128 style='width:96pt'>${cell.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\n/g, '<br>\n    ')}</td>\n`).join('') + ' </tr>\n')
      .join('') +
    '<!--EndFragment--></table></body></html>';
  const asCell = (text: string) => text.split('\n').map((line) => `<p>${line}</p>`).join('');

  async function newDocument(page: Page): Promise<string> {
    await page.goto(`${t.baseUrl}/memos/new`);
    await page.select('#kind', 'other');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/memos/new"] button[type=submit]')]);
    await page.waitForSelector('.add-section button');
    return /\/memos\/([0-9a-f-]{36})\/edit/.exec(page.url())![1];
  }
  const column = (n: number, part: string) => `.column-table tbody tr:nth-child(${n}) td[data-col=${part}]`;
  const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? (document.activeElement as HTMLInputElement | null)?.id);
  /** Presses a button by keyboard: found by its name (its aria-label, else its text). */
  async function press(page: Page, name: string): Promise<void> {
    const handle = await page.evaluateHandle((n) => Array.from(document.querySelectorAll('button')).find((b) => (b.getAttribute('aria-label') ?? b.textContent) === n), name);
    const found = handle.asElement() as ElementHandle<HTMLButtonElement> | null;
    if (!found) throw new Error(`no button named ${name}`);
    await found.focus();
    await page.keyboard.press('Enter');
  }
  async function typeInCell(page: Page, group: number, label: string, lines: string[]): Promise<void> {
    const cell = (await (await page.$$('.card.group'))[group].$(`.rich[aria-label="${label}"]`))!;
    await cell.click();
    for (const [i, line] of lines.entries()) {
      if (i) await page.keyboard.press('Enter');
      await page.keyboard.type(line);
    }
  }
  const headings = (page: Page) => page.$$eval('.column-table td[data-col=heading] input', (inputs) => inputs.map((i) => (i as HTMLInputElement).value));

  test('a 5-column grouped table typed from scratch with two Excel rows pasted and a heading left blank: every keystroke is on the server, SUBMIT refuses beside the field, then goes through', async () => {
    const page = await signIn({ width: 1280, height: 900 });
    const docId = await newDocument(page);

    // A measures table, by keyboard: its six preset columns made into five of the clerk's own.
    await page.select('.add-section select', 'measures_table');
    await press(page, 'เพิ่มส่วน (ชนิดที่เลือก)');
    await page.waitForSelector('.column-table');
    expect(await headings(page)).toHaveLength(6);
    await press(page, 'ลบ (คอลัมน์ที่ 6)');
    await press(page, 'ลบ (คอลัมน์ที่ 5)');
    await press(page, '+ เพิ่มคอลัมน์');
    expect(await headings(page)).toEqual(['มาตรการ/โครงการ/กิจกรรม', 'ขั้นตอน/วิธีการปฏิบัติ', 'ระยะเวลาในการดำเนินการ', 'ผู้รับผิดชอบ', '']);
    // The new column's heading has the focus and says at once that it may not stay blank.
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).closest('td')?.getAttribute('data-col'))).toBe('heading');
    expect(await page.$eval(`${column(5, 'heading')} .field-error`, (e) => e.textContent)).toBe('ต้องไม่เว้นว่าง');
    await page.keyboard.type('ผลการดำเนินการ');
    await page.select(`${column(5, 'role')} select`, 'result');
    for (const [n, heading] of [[1, 'มาตรการ'], [3, 'ระยะเวลา']] as const) await retype(page, `${column(n, 'heading')} input`, heading);
    await retype(page, `${column(4, 'heading')} input`, 'หน่วยงานรับผิดชอบ');
    await page.type(`${column(1, 'width')} input`, '๓๐');
    await page.select(`${column(3, 'align')} select`, 'center');
    // Moved by its buttons: ระยะเวลา goes to the right of หน่วยงานรับผิดชอบ, and the keyboard stays on the moved column.
    await press(page, 'เลื่อนคอลัมน์ที่ 3 ไปทางขวา');
    expect(await focusedLabel(page)).toBe('เลื่อนคอลัมน์ที่ 4 ไปทางขวา');
    expect(await headings(page)).toEqual(['มาตรการ', 'ขั้นตอน/วิธีการปฏิบัติ', 'หน่วยงานรับผิดชอบ', 'ระยะเวลา', 'ผลการดำเนินการ']);
    expect(await page.$eval(`${column(4, 'align')} select`, (e) => (e as HTMLSelectElement).value)).toBe('center');
    await retype(page, `${column(2, 'heading')} input`, 'ขั้นตอนการดำเนินงาน');

    // Group 1, typed cell by cell (a cell of two lines); group 2 from Excel.
    const group1 = 'ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล';
    const group2 = 'ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต';
    await page.type('.card.group input[type=text]', group1);
    const typedRow = ['เผยแพร่ข้อมูลข่าวสาร\nผ่านเว็บไซต์', 'ปรับปรุงหน้าเว็บไซต์', 'กองคลัง', 'ทั้งปี', 'ดำเนินการแล้ว'];
    for (const [c, text] of typedRow.entries()) await typeInCell(page, 0, `แถว 1 คอลัมน์ ${c + 1}`, text.split('\n'));
    // One toolbar, above the table of the cell being typed in; Alt+F10 reaches it, Esc goes back.
    expect(await page.$$('.toolbar')).toHaveLength(1);
    expect(await page.$eval('.toolbar .toolbar-target', (e) => e.textContent)).toBe('จัดรูปแบบ: แถว 1 คอลัมน์ 5');
    await page.keyboard.down('Shift');
    await page.keyboard.press('Home');
    await page.keyboard.up('Shift');
    await page.keyboard.down('Alt');
    await page.keyboard.press('F10');
    await page.keyboard.up('Alt');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('ตัวหนา');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await focusedLabel(page)).toBe('แถว 1 คอลัมน์ 5');
    expect(await page.$eval('.rich[aria-label="แถว 1 คอลัมน์ 5"]', (e) => e.innerHTML)).toMatch(/<(b|strong)>ดำเนินการแล้ว<\/(b|strong)>/);
    await shot(page, 'one-toolbar', '.card.group');
    await press(page, '+ เพิ่มกลุ่ม (ตัวชี้วัด)');
    await page.keyboard.type(group2);
    await page.evaluate(
      (text, html) => {
        const box = document.querySelectorAll('.card.group')[1].querySelector('textarea[aria-label="วางแถวจาก Excel หรือ Word"]')!;
        const data = new DataTransfer();
        data.setData('text/plain', text);
        data.setData('text/html', html);
        box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      },
      excelText(EXCEL_ROWS),
      excelHtml(EXCEL_ROWS),
    );
    await page.waitForFunction(() => document.querySelectorAll('.card.group')[1].querySelectorAll('tbody tr').length === 2);
    await page.waitForFunction(() => document.getElementById('editor-announce')!.textContent === 'วางจาก Excel/Word แล้ว 2 แถว');

    // The heading left blank: said beside it at once, saved anyway.
    await retype(page, `${column(2, 'heading')} input`, '');
    expect(await page.$eval(`${column(2, 'heading')} .field-error`, (e) => e.textContent)).toBe('ต้องไม่เว้นว่าง');
    await page.waitForFunction(() => document.getElementById('save-status')!.textContent!.includes('เก็บเป็นร่าง มีช่องที่ต้องแก้ไขก่อนเสนอแฟ้ม 1 ช่อง'), { timeout: 20_000 });
    const summary = await page.$eval('#problems', (e) => (e as HTMLElement).innerText);
    expect(summary).toContain('ส่วนที่ 2 (ตารางมาตรการ) › คอลัมน์ที่ 2 › หัวคอลัมน์: ต้องไม่เว้นว่าง');
    expect(summary).not.toContain('report.sections');
    await shot(page, 'five-columns-draft', '.columns-block');
    await page.browserContext().close();

    // A fresh browser (no local copy): every keystroke came back from the server.
    const fresh = await signIn({ width: 1280, height: 900 });
    await fresh.goto(`${t.baseUrl}/memos/${docId}/edit`);
    await fresh.waitForSelector('.column-table');
    expect(await fresh.evaluate(() => localStorage.length)).toBe(0);
    expect(await headings(fresh)).toEqual(['มาตรการ', '', 'หน่วยงานรับผิดชอบ', 'ระยะเวลา', 'ผลการดำเนินการ']);
    expect(await fresh.$$eval('.column-table td[data-col=role] select', (s) => s.map((x) => (x as HTMLSelectElement).value))).toEqual(['measure', 'steps', 'responsible', 'period', 'result']);
    expect(await fresh.$eval(`${column(1, 'width')} input`, (e) => (e as HTMLInputElement).value)).toBe('30');
    expect(await fresh.$eval(`${column(4, 'align')} select`, (e) => (e as HTMLSelectElement).value)).toBe('center');
    expect(await fresh.$eval(`${column(2, 'heading')} .field-error`, (e) => e.textContent)).toBe('ต้องไม่เว้นว่าง');
    expect(await fresh.$eval(`${column(2, 'heading')} input`, (e) => e.getAttribute('aria-invalid'))).toBe('true');
    expect(await fresh.$$eval('.card.group > .field input', (inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([group1, group2]);
    const cellsOf = (group: number) =>
      fresh.evaluate(
        (g) => Array.from(document.querySelectorAll('.card.group')[g].querySelectorAll('tbody tr')).map((tr) => Array.from(tr.querySelectorAll('.rich')).map((c) => (c as HTMLElement).innerText.trim().replace(/\n+/g, '\n'))),
        group,
      );
    expect(await cellsOf(0)).toEqual([typedRow]);
    expect(await cellsOf(1)).toEqual(EXCEL_ROWS);
    const draft = (await api.get(`/api/reports/${docId}/draft`)).body;
    expect(draft.pending).toBe(true);
    const table = draft.report.sections[1];
    expect(table.columns).toEqual([
      { heading: 'มาตรการ', role: 'measure', width: 30 },
      { heading: '', role: 'steps' },
      { heading: 'หน่วยงานรับผิดชอบ', role: 'responsible' },
      { heading: 'ระยะเวลา', role: 'period', align: 'center' },
      { heading: 'ผลการดำเนินการ', role: 'result' },
    ]);
    expect(table.columnSet).toBe('custom');
    expect(table.groups.map((g: Json) => g.heading)).toEqual([group1, group2]);
    expect(table.groups[1].rows.map((r: Json) => r.cells)).toEqual(EXCEL_ROWS.map((row) => row.map(asCell)));

    // SUBMIT with the heading blank: refused, the message beside the field, the memo still a draft.
    await press(fresh, 'เสนอแฟ้ม');
    await fresh.waitForSelector('dialog.confirm[open]', { visible: true });
    expect(await fresh.$eval('#confirm-message', (e) => e.textContent)).toBe('ยืนยันเสนอแฟ้ม? ระบบจะออกเลขที่หนังสือ');
    await fresh.click('dialog.confirm button[data-answer="yes"]');
    await fresh.waitForFunction(() => document.getElementById('save-status')!.textContent!.startsWith('เสนอแฟ้มไม่ได้'), { timeout: 20_000 });
    expect(await fresh.$eval(`${column(2, 'heading')} .field-error`, (e) => e.textContent)).toBe('ต้องไม่เว้นว่าง');
    expect(await fresh.evaluate(() => document.activeElement?.id)).toBe('problems-heading');
    expect(await fresh.$eval('#problems-heading', (e) => e.textContent)).toContain('เสนอแฟ้มไม่ได้ เพราะเอกสารยังมีช่องที่ต้องแก้ไข 1 ช่อง');
    expect(await fresh.$eval('#problems', (e) => (e as HTMLElement).innerText)).toContain('ส่วนที่ 2 (ตารางมาตรการ) › คอลัมน์ที่ 2 › หัวคอลัมน์: ต้องไม่เว้นว่าง');
    expect((await api.get(`/api/reports/${docId}`)).body.status).toBe('draft');
    await shot(fresh, 'submit-refused', '#problems');

    // Fixed (from the summary's link to the field) and submitted.
    await fresh.click('#problems a');
    expect(await fresh.evaluate(() => (document.activeElement as HTMLElement).closest('td')?.getAttribute('data-col'))).toBe('heading');
    await fresh.keyboard.type('ขั้นตอนการดำเนินงาน');
    await saved(fresh);
    expect(await fresh.$eval('#save-status', (e) => e.textContent)).not.toContain('เก็บเป็นร่าง');
    expect(await fresh.$eval('#problems', (e) => (e as HTMLElement).hidden)).toBe(true);
    // By keyboard: a click so soon after the page scrolled up can land on the PDF preview it scrolled away from.
    await press(fresh, 'เสนอแฟ้ม');
    await fresh.waitForSelector('dialog.confirm[open]', { visible: true });
    await Promise.all([fresh.waitForNavigation(), fresh.click('dialog.confirm button[data-answer="yes"]')]);
    expect(fresh.url()).toBe(`${t.baseUrl}/memos/${docId}?done=SUBMIT`);
    const submitted = (await api.get(`/api/reports/${docId}/export`)).body;
    expect((await api.get(`/api/reports/${docId}`)).body.status).toBe('in_review');
    expect(submitted.report.sections[1].columns.map((c: Json) => c.heading)).toEqual(['มาตรการ', 'ขั้นตอนการดำเนินงาน', 'หน่วยงานรับผิดชอบ', 'ระยะเวลา', 'ผลการดำเนินการ']);
    // Typed lines are paragraphs, as pasted ones are (the first line too, which Chromium leaves as bare text).
    expect(submitted.report.sections[1].groups[0].rows[0].cells.map((c: string) => c.replace(/<\/?(b|strong)>/g, ''))).toEqual(typedRow.map(asCell));
    expect(submitted.report.sections[1].groups[1].rows.map((r: Json) => r.cells)).toEqual(EXCEL_ROWS.map((row) => row.map(asCell)));
    await fresh.browserContext().close();
  });

  test('pasted into a cell: a Word table with merged header cells names the columns and fills the rows; one Excel cell of two lines stays one cell, without quotes', async () => {
    const page = await signIn({ width: 1280, height: 900 });
    await newDocument(page);
    await page.select('.add-section select', 'measures_table');
    await press(page, 'เพิ่มส่วน (ชนิดที่เลือก)');
    await page.waitForSelector('.card.group');
    const paste = (label: string, data: { html?: string; text: string }) =>
      page.evaluate(
        (l, d) => {
          const cell = document.querySelector(`.rich[aria-label="${l}"]`) as HTMLElement;
          cell.focus();
          const transfer = new DataTransfer();
          transfer.setData('text/plain', d.text);
          if (d.html) transfer.setData('text/html', d.html);
          cell.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
        },
        label,
        data,
      );
    const word = `<table class=MsoTableGrid border=1>
      <tr><td rowspan=2><p class=MsoNormal>มาตรการ</p></td><td colspan=2><p class=MsoNormal>การดำเนินการ</p></td></tr>
      <tr><td><p class=MsoNormal>ขั้นตอน</p></td><td><p class=MsoNormal>ผู้รับผิดชอบ<o:p></o:p></p></td></tr>
      <tr><td><p class=MsoNormal>ลดขั้นตอน</p><p class=MsoNormal>การขออนุญาต</p></td><td><p class=MsoNormal>ประกาศ</p></td><td><p class=MsoNormal>กองช่าง</p></td></tr></table>`;
    await paste('แถว 1 คอลัมน์ 1', { html: word, text: 'มาตรการ\tการดำเนินการ\t\r\n' });
    await page.waitForFunction(() => document.getElementById('editor-announce')!.textContent === 'วางจาก Excel/Word แล้ว 1 แถว และตั้งหัวคอลัมน์ตามที่วาง');
    expect((await headings(page)).slice(0, 3)).toEqual(['มาตรการ', 'การดำเนินการ ขั้นตอน', 'การดำเนินการ ผู้รับผิดชอบ']);
    expect(await page.$$eval('.card.group tbody tr', (rows) => rows.length)).toBe(1);
    expect(await page.$eval('.rich[aria-label="แถว 1 คอลัมน์ 1"]', (e) => e.innerHTML)).toBe('<p>ลดขั้นตอน</p><p>การขออนุญาต</p>');
    expect(await page.$eval('.rich[aria-label="แถว 1 คอลัมน์ 3"]', (e) => e.innerHTML)).toBe('<p>กองช่าง</p>');
    // The focus stays on the cell pasted into.
    expect(await focusedLabel(page)).toBe('แถว 1 คอลัมน์ 1');

    await paste('แถว 1 คอลัมน์ 4', { html: '<table><tr><td>บรรทัดแรก<br>บรรทัดที่ "สอง"</td></tr></table>', text: '"บรรทัดแรก\nบรรทัดที่ ""สอง"""\r\n' });
    await page.waitForFunction(() => (document.querySelector('.rich[aria-label="แถว 1 คอลัมน์ 4"]') as HTMLElement).innerText.includes('สอง'));
    expect(await page.$eval('.rich[aria-label="แถว 1 คอลัมน์ 4"]', (e) => (e as HTMLElement).innerText.replace(/\n+/g, '\n'))).toBe('บรรทัดแรก\nบรรทัดที่ "สอง"');
    expect(await page.$$eval('.card.group tbody tr', (rows) => rows.length)).toBe(1);
    await saved(page);
    await page.browserContext().close();
  });

  test('typing the server never got (the page closed while its save hung) stays in this browser and comes back with a notice, then reaches the server', async () => {
    const page = await signIn({ width: 1280, height: 900 });
    const docId = await newDocument(page);
    const key = `kasian-draft-${docId}`;
    const title = 'ชื่อรายงานที่พิมพ์ตอนเครือข่ายค้าง';
    // The save is sent and never answered.
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.isInterceptResolutionHandled()) return;
      if (!(request.url().endsWith(`/api/reports/${docId}/draft`) && request.method() === 'PUT')) void request.continue();
    });
    const titleField = await page.$$eval('label', (labels) => labels.find((l) => l.textContent === 'ชื่อรายงาน (ขึ้นบรรทัดใหม่ได้)')!.getAttribute('for'));
    await retype(page, `#${titleField}`, title);
    await page.waitForFunction((k, t) => (localStorage.getItem(k) ?? '').includes(t), { timeout: 20_000 }, key, title);
    await page.waitForFunction(() => document.getElementById('save-status')!.textContent === 'กำลังบันทึก…', { timeout: 20_000 });
    expect((await api.get(`/api/reports/${docId}/draft`)).body.report.title).not.toBe(title);

    // The same browser, the page opened again: the typing is back, said so, and saved.
    const again = await page.browserContext().newPage();
    await again.goto(`${t.baseUrl}/memos/${docId}/edit`);
    await again.waitForSelector('#restore-notice:not([hidden])');
    expect(await again.$eval('#restore-notice', (e) => e.textContent)).toContain('นำการแก้ไขที่ยังไม่ได้บันทึกจากเครื่องนี้');
    expect(await again.$eval(`#${titleField}`, (e) => (e as HTMLInputElement).value)).toBe(title);
    await saved(again);
    expect((await api.get(`/api/reports/${docId}/draft`)).body.report.title).toBe(title);
    expect(await again.evaluate((k) => localStorage.getItem(k), key)).toBeNull();
    await page.browserContext().close();
  });
});
