import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';
import { launchTestBrowser, signedInPage } from './support/browser';
import { newDraft, send, signInAll, type People } from './support/journey';
import { OPERATOR_PASSWORD, signedInOperator } from './support/operator';
import { seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

/** axe-core's checks for WCAG 2.1 levels A and AA, which Thai government websites are held to as well. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe on the page as it is; returns its violations as "rule: selector, …" lines, easy to read in a failure. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const found = (await page.evaluate(
    (tags) => (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe
      .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
      .then((result) => result.violations),
    WCAG,
  )) as Violation[];
  return found.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Every kind of page people use — signed in or not, on a desktop and on a 375 px phone — has no WCAG 2.1 A/AA
 * violation that axe-core can find. (axe finds about half of what a person with a screen reader would; the rest is
 * checked by hand, see docs.)
 */
describe('accessibility of the web pages', () => {
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;
  let browser: Browser;
  let memoId: string;
  let invitationLink: string;

  beforeAll(async () => {
    t = await startTestApp('mysql');
    org = await seedOrganization(t, 'axe');
    p = await signInAll(t, org);
    memoId = await newDraft(p.author);
    await send(p.author, memoId, { event: 'SUBMIT' });
    await signedInOperator(t);
    // No SMTP here: the invitation's link is in the answer.
    const invited = await p.admin.post('/api/invitations', { fullName: 'ผู้ได้รับเชิญ', email: 'invited@axe.go.th', roles: ['author'] });
    invitationLink = new URL(invited.body.delivery.link).pathname;
    browser = await launchTestBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const staffPages: [string, string, () => string][] = [
    ['home', 'author', () => '/'],
    ['documents', 'author', () => '/memos'],
    ['new document', 'author', () => '/memos/new'],
    ['memo (author)', 'author', () => `/memos/${memoId}`],
    ['review (ปลัด)', 'deputy', () => `/memos/${memoId}`],
    ['timeline', 'deputy', () => `/memos/${memoId}/timeline`],
    ['publish queue', 'webmaster', () => '/publish'],
    ['profile', 'deputy', () => '/profile'],
    ['admin', 'admin', () => '/admin'],
    ['admin: a person', 'admin', () => `/admin/people/${org.users.author.id}`],
    ['admin: the setup checklist', 'admin', () => '/admin/checklist'],
    ['platform: organisations', 'operator', () => '/platform'],
    ['platform: an organisation', 'operator', () => `/platform/organizations/${org.organizationId}`],
  ];
  const signIn = (who: string) => (who === 'operator' ? { username: 'ops', password: OPERATOR_PASSWORD } : org.users[who as keyof SeededOrganization['users']]);

  for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
    test.each(staffPages)(`%s at ${viewport.width} px`, async (_name, who, path) => {
      const page = await signedInPage(browser, t.baseUrl, signIn(who), viewport);
      await page.setBypassCSP(true); // to inject axe; Kasian's CSP allows only its own scripts
      await page.goto(t.baseUrl + path(), { waitUntil: 'domcontentloaded' });
      expect(await violations(page)).toEqual([]);
      await page.browserContext().close();
    });
  }

  test('the editor', async () => {
    // The editor is built by its script after load: check it once it shows the memo's fields.
    const page = await signedInPage(browser, t.baseUrl, org.users.author);
    await page.setBypassCSP(true);
    const draft = await newDraft(p.author);
    await page.goto(`${t.baseUrl}/memos/${draft}/edit`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#editor-root input, #editor-root textarea');
    expect(await violations(page)).toEqual([]);
    await page.browserContext().close();
  });

  test('the editor on a phone, with its toolbar over a table and a problem listed beside its field', async () => {
    const page = await signedInPage(browser, t.baseUrl, org.users.author, { width: 375, height: 740 });
    await page.setBypassCSP(true);
    const draft = await newDraft(p.author);
    await page.goto(`${t.baseUrl}/memos/${draft}/edit`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.column-table');
    await page.click('.rich[aria-label="แถว 1 คอลัมน์ 1"]');
    await page.waitForSelector('.toolbar:not([hidden])');
    await page.click('.column-table td[data-col=heading] input', { clickCount: 3 });
    await page.keyboard.press('Backspace');
    await page.waitForSelector('#problems:not([hidden]) li a', { timeout: 20_000 });
    expect(await violations(page)).toEqual([]);
    await page.browserContext().close();
  });

  test('the confirmation asked before a review action', async () => {
    // Opened as a modal <dialog>: the rest of the page is inert, the question is its name, ยืนยัน has the focus.
    const page = await signedInPage(browser, t.baseUrl, org.users.deputy);
    await page.setBypassCSP(true);
    await page.goto(`${t.baseUrl}/memos/${memoId}`, { waitUntil: 'domcontentloaded' });
    await page.click('#review-form button[value=RETURN]');
    await page.waitForSelector('dialog.confirm[open]', { visible: true });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('ยืนยัน');
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog.confirm', { hidden: true });
    expect(page.url()).toBe(`${t.baseUrl}/memos/${memoId}`);
    await page.browserContext().close();
  });

  test.each([
    ['sign-in', () => '/login'],
    ['sign-in for an organisation', () => '/login?org=axe'],
    ['forgotten password', () => '/forgot-password'],
    ['choosing a password through an invitation', () => invitationLink],
    ['a link that names nothing', () => `/set-password/${'A'.repeat(43)}`],
    ['public documents', () => '/p/axe'],
    ['verify a document', () => '/verify'],
  ])('%s (no sign-in)', async (_name, path) => {
    const page = await (await browser.createBrowserContext()).newPage();
    await page.setBypassCSP(true);
    await page.goto(t.baseUrl + path(), { waitUntil: 'domcontentloaded' });
    expect(await violations(page)).toEqual([]);
    await page.browserContext().close();
  });
});
