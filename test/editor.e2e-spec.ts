import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
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
    // A previous score the server would refuse is refused here first, in the server's words, and nothing is sent.
    await page.type(`${INDICATOR_ROW} td[data-col=previousScore] input`, '101');
    expect(await page.$eval(`${INDICATOR_ROW} td[data-col=previousScore] .field-error`, (e) => e.textContent)).toBe('ต้องไม่เกิน 100');
    expect(await page.$eval(`${INDICATOR_ROW} td[data-col=previousScore] input`, (e) => e.getAttribute('aria-invalid'))).toBe('true');
    await page.waitForFunction(() => document.getElementById('save-status')!.textContent!.startsWith('ยังไม่ได้บันทึก: กรุณาแก้ช่องที่มีข้อผิดพลาด (1 ช่อง)'), { timeout: 10_000 });
    const held = await currentVersion();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await currentVersion()).toBe(held);
    await shot(page, 'browser-refuses', '.score-block');
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
    await page.waitForFunction(() => document.getElementById('save-status')!.textContent === 'ยังไม่ได้บันทึก', { timeout: 20_000 });
    const noteError = await page.$eval('.rich[aria-label="หมายเหตุใต้ตาราง (ถ้ามี)"] + .field-error', (e) => e.textContent);
    expect(noteError).toContain('มีเนื้อหาที่ไม่อนุญาต (<img>)');
    expect(await page.$eval('#problems', (e) => (e as HTMLElement).innerText)).toContain('หมายเหตุใต้ตาราง (ถ้ามี): มีเนื้อหาที่ไม่อนุญาต');
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
});
