import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import seed003 from './fixtures/seed-003-memo-implementation.json';
import { act, drawSignature, importAndOpen, launchTestBrowser, pageText } from './support/browser';
import { kasianCli, printedLink } from './support/cli';
import { poppler } from './support/pdf-tools';
import { fiscalYearOf } from '../src/organizations/setup-checklist';
import { PNG_SIGNATURE } from './support/journey';
import { pkcs12 } from './support/pkcs12';
import { linkIn, SmtpSink } from './support/smtp-sink';
import { freePort, startTestApp, type TestApp } from './support/test-app';

const ARTIFACTS = join(__dirname, '..', 'artifacts', 'e2e', 'go-live');

/**
 * Going live from nothing, as a province would: Kasian on MariaDB in production mode with an empty database and a
 * real SMTP server. The command line creates the platform operator and prints a link; the operator sets a password
 * in Chromium and creates an organisation with its admin; the admin's invitation arrives by mail; the admin sets up
 * positions, the route and the seal certificate and invites the section head, ปลัด, นายก and webmaster, whose
 * invitations arrive by mail too; they accept and run the journey to a published, sealed PDF.
 */
describe('going live from an empty production database', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let browser: Browser;
  let files: string;
  let step = 0;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    smtp = await SmtpSink.start();
    const port = await freePort();
    t = await startTestApp('mysql', { NODE_ENV: 'production', SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
    files = mkdtempSync(join(tmpdir(), 'kasian-go-live-'));
    writeFileSync(join(files, 'seed-003.json'), JSON.stringify(seed003));
    writeFileSync(join(files, 'emblem.png'), PNG_SIGNATURE);
    writeFileSync(join(files, 'seal.p12'), pkcs12({ commonName: 'องค์การบริหารส่วนตำบลโคกเคียน', passphrase: 'ตราประทับ-2569' }));
    browser = await launchTestBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  async function shot(page: Page, name: string): Promise<void> {
    step++;
    await page.screenshot({ path: join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  /** A browser of the person's own that follows a one-time link and chooses a password; it is then signed in. */
  async function accept(link: string, password: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await (await browser.createBrowserContext()).newPage();
    await page.setViewport(viewport);
    await page.goto(link);
    expect(await pageText(page)).toContain('ตั้งรหัสผ่าน');
    await page.type('#password', password);
    await page.type('#confirm', password);
    await Promise.all([page.waitForNavigation(), page.click('form[action^="/set-password/"] button[type=submit]')]);
    return page;
  }

  /** Fills the fields (by id) of a form and submits it, waiting for the next page. */
  async function fill(page: Page, fields: Record<string, string>, submit: string): Promise<void> {
    for (const [id, value] of Object.entries(fields)) {
      await page.$eval(`#${id}`, (el) => ((el as HTMLInputElement).value = ''));
      await page.type(`#${id}`, value);
    }
    await Promise.all([page.waitForNavigation(), page.click(submit)]);
  }

  async function upload(page: Page, input: string, file: string, submit: string): Promise<void> {
    await ((await page.$(input)) as ElementHandle<HTMLInputElement>).uploadFile(file);
    await Promise.all([page.waitForNavigation(), page.click(submit)]);
  }

  async function optionValue(page: Page, select: string, label: string): Promise<string> {
    return page.$eval(select, (el, wanted) => Array.from((el as HTMLSelectElement).options).find((o) => o.textContent?.trim() === wanted)!.value, label);
  }

  test('the CLI, the operator, the admin and four invited people take an organisation to its first published PDF', async () => {
    // ── the server's administrator: the first operator, from the command line ──
    const created = await kasianCli(['create-operator', '--username', 'province-ops', '--email', 'ops@province.example'], { ...t.databaseEnv, NODE_ENV: 'production', PUBLIC_URL: `${t.baseUrl}` });
    expect(created.code).toBe(0);
    const operator = await accept(printedLink(created.stdout), 'จังหวัด-ผู้ดูแล-2569');
    expect(operator.url()).toBe(`${t.baseUrl}/platform`);
    expect(await pageText(operator)).toContain('ยังไม่มีหน่วยงาน');
    await shot(operator, 'operator-platform');

    // ── the operator: the organisation and its first admin ──
    await operator.select('#n-kind', 'sao');
    await fill(
      operator,
      { 'n-name': 'องค์การบริหารส่วนตำบลโคกเคียน', 'n-province': 'นราธิวาส', 'n-district': 'เมืองนราธิวาส', 'n-dla': '6960103', 'n-letter': 'นธ ๗๓๑๐๑', 'n-slug': 'khokkhian', 'n-admin-name': 'สมศรี ดูแลระบบ', 'n-admin-email': 'saraban@khokkhian.go.th' },
      'form[action="/platform/organizations"] button[type=submit]',
    );
    expect(await pageText(operator)).toContain('เพิ่มหน่วยงานและเชิญผู้ดูแลระบบแล้ว');
    expect(await operator.$('#hand-over-link')).toBeNull();
    await shot(operator, 'operator-organization-created');

    // ── the admin: invitation by mail, first sign-in on the checklist, then the set-up ──
    const invitation = await smtp.mailTo('saraban@khokkhian.go.th');
    expect(invitation.text).toContain('องค์การบริหารส่วนตำบลโคกเคียน');
    const admin = await accept(linkIn(invitation), 'โคกเคียน-ผู้ดูแล-2569');
    expect(admin.url()).toBe(`${t.baseUrl}/admin/checklist`);
    expect(await pageText(admin)).toContain('เริ่มต้นใช้งานเกษียน');
    await shot(admin, 'admin-checklist');

    await admin.goto(`${t.baseUrl}/admin`);
    const positions = [
      ['หัวหน้าสำนักปลัด', 'หัวหน้าสำนักปลัด', 'สำนักปลัด'],
      ['ปลัดองค์การบริหารส่วนตำบลโคกเคียน', 'ปลัด อบต.', ''],
      ['นายกองค์การบริหารส่วนตำบลโคกเคียน', 'นายก อบต.โคกเคียน', ''],
      ['นักวิชาการคอมพิวเตอร์', 'นักวิชาการคอมพิวเตอร์', 'สำนักปลัด'],
    ];
    for (const [title, shortTitle, unit] of positions) {
      await fill(admin, { 'pos-title': title, 'pos-short': shortTitle, ...(unit ? { 'pos-unit': unit } : {}) }, 'form[action="/admin/positions"] button[type=submit]');
      expect(await pageText(admin)).toContain('เพิ่มตำแหน่งแล้ว');
    }
    await admin.select('#route-0', await optionValue(admin, '#route-0', positions[1][0]));
    await admin.select('#route-1', await optionValue(admin, '#route-1', positions[2][0]));
    await Promise.all([admin.waitForNavigation(), admin.click('form[action="/admin/route"] button[type=submit]')]);
    expect(await pageText(admin)).toContain('ปัจจุบัน: ปลัด อบต. → นายก อบต.โคกเคียน');
    await upload(admin, '#emblem', join(files, 'emblem.png'), 'form[action^="/admin/emblem"] button[type=submit]');
    expect(await pageText(admin)).toContain('อัปโหลดตราแล้ว');
    await fill(admin, { 'i-year': String(fiscalYearOf(new Date())), 'i-code': 'O36', 'i-title': 'มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน' }, 'form[action="/admin/ita-items"] button[type=submit]');
    expect(await pageText(admin)).toContain('เพิ่มรายการ ITA แล้ว');
    await ((await admin.$('#c-file')) as ElementHandle<HTMLInputElement>).uploadFile(join(files, 'seal.p12'));
    await admin.type('#c-pass', 'ตราประทับ-2569');
    await Promise.all([admin.waitForNavigation(), admin.click('form[action^="/admin/certificate"] button[type=submit]')]);
    expect(await pageText(admin)).toContain('อัปโหลดใบรับรองแล้ว');

    const people = [
      { key: 'author', name: 'สุจิน สาศรีสุข', email: 'sujin@khokkhian.go.th', role: 'author', position: positions[0][0], password: 'สำนักปลัด-สุจิน-2569' },
      { key: 'deputy', name: 'อรทัย ทองคุปต์', email: 'orathai@khokkhian.go.th', role: 'reviewer', position: positions[1][0], password: 'ปลัด-อรทัย-2569' },
      { key: 'mayor', name: 'กาหลง แดงสุวรรณ', email: 'kalong@khokkhian.go.th', role: 'reviewer', position: positions[2][0], password: 'นายก-กาหลง-2569' },
      { key: 'webmaster', name: 'วิไลวรรณ ใจดี', email: 'wilaiwan@khokkhian.go.th', role: 'webmaster', position: positions[3][0], password: 'เว็บ-วิไลวรรณ-2569' },
    ] as const;
    for (const person of people) {
      await admin.$eval('#v-honorific', (el) => ((el as HTMLInputElement).value = ''));
      await admin.type('#v-honorific', 'นาง');
      await admin.type('#v-name', person.name);
      await admin.type('#v-email', person.email);
      await admin.click(`form[action="/admin/invitations"] input[name=roles][value=${person.role}]`);
      await admin.select('#v-position', await optionValue(admin, '#v-position', person.position));
      await Promise.all([admin.waitForNavigation(), admin.click('form[action="/admin/invitations"] button[type=submit]')]);
      expect(await pageText(admin)).toContain('ส่งคำเชิญทางอีเมลแล้ว');
    }
    expect(await pageText(admin)).toContain('รอตอบรับ');
    await shot(admin, 'admin-invitations-pending');

    // ── the four invited people accept (the ปลัด on a phone) ──
    const pages = {} as Record<(typeof people)[number]['key'], Page>;
    for (const person of people) {
      const mail = await smtp.mailTo(person.email);
      expect(mail.subject).toContain('คำเชิญ');
      pages[person.key] = await accept(linkIn(mail), person.password, person.key === 'deputy' ? { width: 375, height: 812 } : undefined);
      expect(pages[person.key].url()).toBe(`${t.baseUrl}/`);
    }
    await admin.goto(`${t.baseUrl}/admin/checklist`);
    expect(await pageText(admin)).toContain('หน่วยงานพร้อมเสนอแฟ้มออนไลน์');
    await shot(admin, 'admin-checklist-complete');

    // ── the journey: section head → ปลัด → นายก → webmaster → the public ──
    const { author, deputy, mayor, webmaster } = pages;
    const id = await importAndOpen(author, t.baseUrl, join(files, 'seed-003.json'));
    await act(author, 'เสนอแฟ้ม');
    expect(await pageText(author)).toMatch(/ที่ นธ ๗๓๑๐๑\/[๐-๙]+/);
    await shot(author, 'author-submitted');

    await deputy.goto(`${t.baseUrl}/`);
    expect(await pageText(deputy)).toContain('รอการพิจารณาของท่าน');
    await Promise.all([deputy.waitForNavigation(), deputy.click(`a[href="/memos/${id}"]`)]);
    await deputy.click('button[data-phrase="ทราบ"]');
    await deputy.type('#comment', ' เห็นควรนำเสนอนายก อบต. พิจารณา');
    await drawSignature(deputy);
    await act(deputy, 'ลงนามและเสนอต่อ');
    expect(await pageText(deputy)).toContain('ลงนามและเสนอต่อแล้ว');

    await mayor.goto(`${t.baseUrl}/memos/${id}`, { waitUntil: 'domcontentloaded' });
    await mayor.click('button[data-phrase="อนุมัติ"]');
    await mayor.type('#comment', ' ให้ประกาศบนเว็บไซต์');
    await drawSignature(mayor);
    await act(mayor, 'ลงนามอนุมัติ');
    expect(await pageText(mayor)).toContain('ลงนามอนุมัติแล้ว');
    await shot(mayor, 'mayor-approved');

    // The approved PDF renders in the outbox; the webmaster's queue shows it when it is ready.
    for (let i = 0; i < 200; i++) {
      await webmaster.goto(`${t.baseUrl}/publish`);
      if ((await pageText(webmaster)).includes('รายงานผลการดำเนินการตามมาตรฐาน')) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await Promise.all([webmaster.waitForNavigation(), webmaster.click(`a[href="/memos/${id}"]`)]);
    await act(webmaster, 'เผยแพร่');
    expect(await pageText(webmaster)).toContain('เผยแพร่บนเว็บไซต์แล้ว');
    await shot(webmaster, 'webmaster-published');

    const visitor = await (await browser.createBrowserContext()).newPage();
    await visitor.goto(`${t.baseUrl}/p/khokkhian`);
    expect(await pageText(visitor)).toContain('องค์การบริหารส่วนตำบลโคกเคียน');
    const href = await visitor.$eval('ul.documents a[download]', (a) => (a as HTMLAnchorElement).href);
    const pdf = Buffer.from(await (await fetch(href)).arrayBuffer());
    const text = poppler('pdftotext', pdf).replace(/\s+/g, ' ');
    expect(text).toContain('ทราบ เห็นควรนำเสนอนายก อบต. พิจารณา');
    expect(text).toContain('อนุมัติ ให้ประกาศบนเว็บไซต์');
    expect(poppler('pdfsig', pdf)).toContain('Signature Validation: Signature is Valid.');
    await shot(visitor, 'public-list');

    // ── the operator sees the organisation's counts, not its documents ──
    await operator.goto(`${t.baseUrl}/platform`);
    expect(await pageText(operator)).toContain('องค์การบริหารส่วนตำบลโคกเคียน');
    const memo = await operator.goto(`${t.baseUrl}/memos/${id}`);
    expect(memo!.status()).toBe(404);
  }, 600_000);
});
