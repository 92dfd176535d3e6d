import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { renderingSettings } from '../../src/rendering/rendering.config';

/** The Chromium that drives the web pages in end-to-end tests (the same binary the renderer prints with). */
export function launchTestBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: renderingSettings().executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A person signed in through the sign-in form, in a browser context of their own, with the browser's own confirm()
 * boxes (the editor's) accepted: the home page must first send them to the sign-in page. The page is left where the
 * sign-in sent it.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  who: { username: string; password: string },
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const page = await (await browser.createBrowserContext()).newPage();
  await page.setViewport(viewport);
  page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));
  await page.goto(`${baseUrl}/`);
  if (!page.url().includes('/login')) throw new Error(`expected the sign-in page, got ${page.url()}`);
  await page.type('#username', who.username);
  await page.type('#password', who.password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return page;
}

/**
 * Clicks a submit button as a person does: when the button or its form asks for confirmation, the page's own
 * confirmation box must open with that question, and `answer` is clicked in it (ยืนยัน by default). Resolves when
 * the next page has loaded, or — for ยกเลิก — when the box has closed, with the question that was asked.
 */
export async function submitWith(page: Page, button: ElementHandle<Element>, answer: 'yes' | 'no' = 'yes'): Promise<string | null> {
  const question = await button.evaluate((b) => b.getAttribute('data-confirm') || b.closest('form')?.getAttribute('data-confirm') || null);
  if (!question) {
    await Promise.all([page.waitForNavigation(), button.click()]);
    return null;
  }
  await button.click();
  const box = await page.waitForSelector('dialog.confirm[open]', { visible: true });
  const asked = await box!.$eval('#confirm-message', (p) => p.textContent);
  if (asked !== question) throw new Error(`the confirmation asked "${asked}", expected "${question}"`);
  const choice = (await box!.$(`button[data-answer="${answer}"]`))!;
  if (answer === 'no') {
    await choice.click();
    await page.waitForSelector('dialog.confirm', { hidden: true });
  } else {
    await Promise.all([page.waitForNavigation(), choice.click()]);
  }
  return asked;
}

/** The section head imports a document file (the JSON export format) on /memos/new; resolves with the new memo's id. */
export async function importAndOpen(author: Page, baseUrl: string, fixtureFile: string): Promise<string> {
  await author.goto(`${baseUrl}/memos/new`);
  const input = (await author.$('#file')) as ElementHandle<HTMLInputElement> | null;
  await input!.uploadFile(fixtureFile);
  await Promise.all([author.waitForNavigation(), author.click('form[action^="/memos/import"] button[type=submit]')]);
  return /\/memos\/([0-9a-f-]{36})/.exec(author.url())![1];
}

/** Draws a signature on the review form's pad with the mouse. */
export async function drawSignature(page: Page): Promise<void> {
  await page.click('input[name=signatureSource][value=drawn]');
  const box = (await (await page.$('#signature-pad'))!.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * 15, box.y + box.height / 2 + (i % 2 ? -18 : 18));
  await page.mouse.up();
}

/** The submit button whose text is `label`. */
export async function buttonLabelled(page: Page, label: string): Promise<ElementHandle<Element>> {
  for (const candidate of await page.$$('button[type=submit]')) {
    if ((await candidate.evaluate((b) => b.textContent?.trim())) === label) return candidate;
  }
  throw new Error(`no button "${label}"`);
}

/** Clicks the button and confirms in the page's confirmation box when it asks. */
export async function act(page: Page, label: string): Promise<void> {
  await submitWith(page, await buttonLabelled(page, label));
}

/** The page's text as a person reads it. */
export const pageText = (page: Page) => page.evaluate(() => document.body.innerText);
