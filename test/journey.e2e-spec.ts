import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import seed003 from './fixtures/seed-003-memo-implementation.json';
import { act, buttonLabelled, drawSignature, importAndOpen as importAndOpenIn, launchTestBrowser, pageText, signedInPage, submitWith } from './support/browser';
import { poppler } from './support/pdf-tools';
import { seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

const ARTIFACTS = join(__dirname, '..', 'artifacts', 'e2e');

/**
 * Four people and a visitor in a real Chromium, against Kasian on MariaDB: the section head imports the 003 seed and
 * submits, the ปลัด signs by drawing and forwards (on a 375 px phone screen), the นายก approves, the webmaster
 * publishes, a visitor downloads the PDF. A second memo is returned and resubmitted.
 */
describe('the journey in a browser', () => {
  let t: TestApp;
  let org: SeededOrganization;
  let browser: Browser;
  let fixtureFile: string;
  let step = 0;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp('mysql', { OUTBOX_POLL_MS: '200' });
    org = await seedOrganization(t, 'phron');
    const dir = mkdtempSync(join(tmpdir(), 'kasian-e2e-'));
    fixtureFile = join(dir, 'seed-003.json');
    writeFileSync(fixtureFile, JSON.stringify(seed003));
    browser = await launchTestBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function person(who: { username: string; password: string }, viewport = { width: 1280, height: 900 }): Promise<Page> {
    return signedInPage(browser, t.baseUrl, who, viewport);
  }


  async function shot(page: Page, name: string): Promise<void> {
    step++;
    await page.screenshot({ path: join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  const text = pageText;
  const importAndOpen = (author: Page) => importAndOpenIn(author, t.baseUrl, fixtureFile);
  const button = buttonLabelled;

  test('section head → ปลัด → นายก → webmaster → a visitor downloads the signed PDF', async () => {
    const author = await person(org.users.author);
    expect(await text(author)).toContain('ร่างของฉัน');
    const id = await importAndOpen(author);
    expect(await text(author)).toContain('รายงานผลการดำเนินการตามมาตรฐานส่งเสริมคุณธรรมและความโปร่งใส');
    await shot(author, 'author-imported');
    await act(author, 'เสนอแฟ้ม');
    expect(await text(author)).toContain('ระบบออกเลขที่หนังสือ');
    expect(await text(author)).toMatch(/ที่ นธ ๗๗๒๐๑\/[๐-๙]+/);
    await shot(author, 'author-submitted');

    // The ปลัด reviews on a phone.
    const deputy = await person(org.users.deputy, { width: 375, height: 812 });
    const phonePreviews: string[] = [];
    deputy.on('request', (request) => void (request.url().includes('/preview.pdf') && phonePreviews.push(request.url())));
    expect(await text(deputy)).toContain('รอการพิจารณาของท่าน');
    await Promise.all([deputy.waitForNavigation(), deputy.click(`a[href="/memos/${id}"]`)]);
    expect(await text(deputy)).toContain('ความเห็นปลัด อบต.');
    // On a phone the PDF stays behind a link: the (lazy) frame is hidden and never fetched.
    expect(await deputy.$eval('.review-pdf-link a', (a) => (a as HTMLElement).offsetParent !== null && a.textContent)).toBe('ดูเอกสาร PDF');
    expect(await deputy.$eval('.review-preview iframe', (f) => (f as HTMLElement).offsetParent)).toBeNull();
    await deputy.click('button[data-phrase="ทราบ"]');
    await deputy.type('#comment', ' เห็นควรนำเสนอนายก อบต. พิจารณา');
    await drawSignature(deputy);
    await shot(deputy, 'deputy-phone-review');
    const width = await deputy.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    expect(phonePreviews).toEqual([]);
    await act(deputy, 'ลงนามและเสนอต่อ');
    expect(await text(deputy)).toContain('ลงนามและเสนอต่อแล้ว');
    await shot(deputy, 'deputy-forwarded');

    // On a wide screen the draft PDF is framed beside the comment box.
    const mayor = await person(org.users.mayor);
    const framed = mayor.waitForResponse((response) => response.url().startsWith(`${t.baseUrl}/memos/${id}/preview.pdf`));
    await mayor.goto(`${t.baseUrl}/memos/${id}`);
    expect(await text(mayor)).toContain('ทราบ เห็นควรนำเสนอนายก อบต. พิจารณา');
    const framedPdf = await framed;
    expect(framedPdf.status()).toBe(200);
    expect(framedPdf.headers()['content-type']).toBe('application/pdf');
    const frame = (await (await mayor.$('.review-preview iframe'))!.boundingBox())!;
    const form = (await (await mayor.$('#review-form'))!.boundingBox())!;
    expect(frame.width).toBeGreaterThan(500);
    expect(form.x).toBeGreaterThanOrEqual(frame.x + frame.width);
    expect(form.y).toBeLessThan(frame.y + frame.height);
    // The viewer draws the pages a moment after the frame has loaded; the screenshot is for people to look at.
    await mayor.$eval('.review-preview iframe', (f) => new Promise((done) => ((f as HTMLIFrameElement).contentDocument?.readyState === 'complete' ? done(null) : f.addEventListener('load', () => done(null)))));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await shot(mayor, 'mayor-review-beside-pdf');
    await mayor.click('button[data-phrase="อนุมัติ"]');
    await mayor.type('#comment', ' ให้ประกาศบนเว็บไซต์');
    await drawSignature(mayor);
    await act(mayor, 'ลงนามอนุมัติ');
    expect(await text(mayor)).toContain('ลงนามอนุมัติแล้ว');
    await shot(mayor, 'mayor-approved');

    const webmaster = await person(org.users.webmaster);
    for (let i = 0; i < 100; i++) {
      await webmaster.goto(`${t.baseUrl}/publish`);
      if ((await text(webmaster)).includes('รายงานผลการดำเนินการตามมาตรฐาน')) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await shot(webmaster, 'webmaster-queue');
    await Promise.all([webmaster.waitForNavigation(), webmaster.click(`a[href="/memos/${id}"]`)]);
    await act(webmaster, 'เผยแพร่');
    expect(await text(webmaster)).toContain('เผยแพร่บนเว็บไซต์แล้ว');
    await shot(webmaster, 'webmaster-published');

    const visitorContext = await browser.createBrowserContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${t.baseUrl}/p/phron`);
    expect(await text(visitor)).toContain('เอกสารเผยแพร่ขององค์การบริหารส่วนตำบลphron');
    await shot(visitor, 'public-list');
    const href = await visitor.$eval('ul.documents a[download]', (a) => (a as HTMLAnchorElement).href);
    const pdf = Buffer.from(await (await fetch(href)).arrayBuffer());
    const pdfText = poppler('pdftotext', pdf).replace(/\s+/g, ' ');
    expect(pdfText).toContain('ทราบ เห็นควรนำเสนอนายก อบต. พิจารณา');
    expect(pdfText).toContain('อนุมัติ ให้ประกาศบนเว็บไซต์');
    expect(poppler('pdfsig', pdf)).toContain('Signature Validation: Signature is Valid.');
  }, 120_000); // two PDFs are rendered on the way (the framed draft and the signed one), on a shared machine

  test('a memo returned to the author is resubmitted', async () => {
    const author = await person(org.users.author);
    const id = await importAndOpen(author);
    await act(author, 'เสนอแฟ้ม');
    const deputy = await person(org.users.deputy);
    // The deputy reads the framed draft before returning it.
    const framed = deputy.waitForResponse((response) => response.url().startsWith(`${t.baseUrl}/memos/${id}/preview.pdf`));
    await deputy.goto(`${t.baseUrl}/memos/${id}`, { waitUntil: 'domcontentloaded' });
    await deputy.type('#reason', 'กรุณาเพิ่มผลการดำเนินการของมาตรการที่ ๑ ถึง ๓');
    // Asked while the PDF is still loading beside it, the question stays until answered (the browser's own confirm()
    // box was closed by Chromium when the PDF finished loading, cancelling the click); ยกเลิก leaves everything as it was.
    expect(await submitWith(deputy, await button(deputy, 'ส่งคืนแก้ไข'), 'no')).toBe('ยืนยันส่งคืนให้ผู้จัดทำแก้ไข?');
    expect(deputy.url()).toBe(`${t.baseUrl}/memos/${id}`);
    expect(await deputy.$eval('#reason', (r) => (r as HTMLTextAreaElement).value)).toBe('กรุณาเพิ่มผลการดำเนินการของมาตรการที่ ๑ ถึง ๓');
    expect((await framed).status()).toBe(200);
    await act(deputy, 'ส่งคืนแก้ไข');
    expect(await text(deputy)).toContain('ส่งคืนให้ผู้จัดทำแก้ไขแล้ว');
    await author.goto(`${t.baseUrl}/`);
    expect(await text(author)).toContain('ส่งคืนให้แก้ไข');
    expect(await text(author)).toContain('กรุณาเพิ่มผลการดำเนินการของมาตรการที่ ๑ ถึง ๓');
    await shot(author, 'author-returned');
    await author.goto(`${t.baseUrl}/memos/${id}`);
    await act(author, 'เสนอแฟ้มอีกครั้ง');
    expect(await text(author)).toContain('เสนอแฟ้มอีกครั้งแล้ว');
    await author.goto(`${t.baseUrl}/memos/${id}/timeline`);
    const timeline = await text(author);
    expect(timeline).toContain('ส่งคืนแก้ไข');
    expect(timeline).toContain('เสนอแฟ้มอีกครั้ง');
    await shot(author, 'timeline');
    // The picture on a phone: drawn, readable, nothing wider than the screen.
    await author.setViewport({ width: 375, height: 812 });
    await author.reload();
    const svg = (await (await author.$('svg.tl-picture[role="img"]'))!.boundingBox())!;
    expect(svg.width).toBeGreaterThan(300);
    expect(svg.x + svg.width).toBeLessThanOrEqual(375);
    expect(await author.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const fontSize = await author.$eval('svg.tl-picture text.tl-actor', (el) => el.getBoundingClientRect().height);
    expect(fontSize).toBeGreaterThanOrEqual(12);
    expect(await author.$eval('svg.tl-picture', (el) => el.textContent)).toContain('กรุณาเพิ่มผลการดำเนินการของมาตรการที่ ๑ ถึง ๓');
    await shot(author, 'timeline-phone');
  });

  test('the editor: a new implementation report from the template, a cell typed, rows pasted from Excel, saved by itself', async () => {
    const author = await person(org.users.author);
    await author.goto(`${t.baseUrl}/memos/new`);
    await author.select('#kind', 'implementation');
    await Promise.all([author.waitForNavigation(), author.click('form[action="/memos/new"] button[type=submit]')]);
    expect(author.url()).toMatch(/\/memos\/[0-9a-f-]{36}\/edit$/);
    const id = /\/memos\/([0-9a-f-]{36})\/edit/.exec(author.url())![1];
    await author.waitForSelector('.rich[aria-label="แถว 1 คอลัมน์ 1"]');
    await author.click('.rich[aria-label="แถว 1 คอลัมน์ 1"]');
    await author.keyboard.type('เผยแพร่ข้อมูลการใช้จ่ายงบประมาณ');
    await author.evaluate(() => {
      const area = document.querySelector('textarea[aria-label="วางแถวจาก Excel หรือ Word"]')!;
      const data = new DataTransfer();
      data.setData('text/plain', 'ประเมินความพึงพอใจ\tสำรวจผู้รับบริการ\tต.ค.–มี.ค.\tสำนักปลัด\tดำเนินการแล้ว\tร้อยละ ๙๕\nจัดทำแผนผังขั้นตอน\tติดประกาศ\tทั้งปี\tกองช่าง\t\t');
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await author.waitForFunction(() => document.getElementById('save-status')!.textContent!.startsWith('บันทึกแล้ว'), { timeout: 15_000 });
    await shot(author, 'editor-saved');
    const saved = await (await fetch(`${t.baseUrl}/api/reports/${id}`, { headers: { cookie: (await author.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).json();
    const table = saved.report.sections.find((s: { type: string }) => s.type === 'measures_table');
    expect(table.groups[0].rows).toHaveLength(3);
    expect(table.groups[0].rows[0].cells[0]).toContain('เผยแพร่ข้อมูลการใช้จ่ายงบประมาณ');
    expect(table.groups[0].rows[1].cells.map((c: string) => c.replace(/<[^>]+>/g, ''))).toEqual(['ประเมินความพึงพอใจ', 'สำรวจผู้รับบริการ', 'ต.ค.–มี.ค.', 'สำนักปลัด', 'ดำเนินการแล้ว', 'ร้อยละ ๙๕']);
  });
});
