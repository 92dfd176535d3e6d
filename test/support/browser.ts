import puppeteer, { type Browser, type Page } from 'puppeteer-core';
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
 * A person signed in through the sign-in form, in a browser context of their own, with confirmations accepted:
 * the home page must first send them to the sign-in page. The page is left where the sign-in sent it.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  who: { username: string; password: string },
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const page = await (await browser.createBrowserContext()).newPage();
  await page.setViewport(viewport);
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${baseUrl}/`);
  if (!page.url().includes('/login')) throw new Error(`expected the sign-in page, got ${page.url()}`);
  await page.type('#username', who.username);
  await page.type('#password', who.password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return page;
}
