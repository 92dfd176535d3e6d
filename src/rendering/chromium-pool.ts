import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { DomainError, ErrorCode } from '../common/domain-error';
import { ASSET_ORIGIN, writeFallbackFonts } from './fonts';

export interface PoolOptions {
  executablePath: string;
  /** Concurrent pages (jobs at once). */
  pages: number;
  /** Jobs waiting for a page before new ones are refused (429). */
  queueLimit: number;
  /** A job still running after this is killed with its page (or the browser). */
  timeoutMs: number;
  /** Relaunch the browser after this many jobs, to bound its memory. */
  recycleAfter: number;
  /** In-memory assets served to the page (fonts), by URL under ASSET_ORIGIN. */
  assets: Map<string, Buffer>;
}

const LAUNCH_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
  '--font-render-hinting=none',
];

/**
 * Chromium with a private fontconfig whose only font is the bundled Sarabun: even a character no web font covers
 * falls back to Sarabun, never to a system font, so a PDF can contain nothing else. (With no font at all Skia
 * drops every glyph, hence Sarabun rather than an empty configuration.)
 */
function isolatedEnvironment(dir: string): NodeJS.ProcessEnv {
  const fontDir = join(dir, 'fonts');
  writeFallbackFonts(fontDir);
  const config = join(dir, 'fonts.conf');
  writeFileSync(
    config,
    `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>${fontDir}</dir><cachedir>${join(dir, 'fc-cache')}</cachedir>` +
      `<alias><family>sans-serif</family><prefer><family>Sarabun</family></prefer></alias><alias><family>serif</family><prefer><family>Sarabun</family></prefer></alias></fontconfig>`,
  );
  return { ...process.env, FONTCONFIG_FILE: config, HOME: dir };
}

interface Waiter {
  resolve: (page: Page) => void;
  reject: (error: unknown) => void;
}

/**
 * One Chromium per process and up to N pages, reused between jobs (about:blank in between). Every page has
 * JavaScript disabled and a request interceptor that answers Kasian's in-memory assets and aborts everything else,
 * so nothing a document contains can reach the network or the disk. A crashed or disconnected browser is
 * relaunched on the next job; a job past its deadline loses its page (and, if the page hangs, the browser).
 */
export class ChromiumPool {
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  private readonly idle: Page[] = [];
  private readonly waiters: Waiter[] = [];
  private open = 0;
  private busy = 0;
  private jobsSinceLaunch = 0;
  private closed = false;
  private profileDir: string | null = null;
  launches = 0;

  constructor(private readonly options: PoolOptions) {}

  get pid(): number | null {
    return this.browser?.process()?.pid ?? null;
  }

  stats() {
    return { open: this.open, busy: this.busy, idle: this.idle.length, waiting: this.waiters.length, launches: this.launches, connected: Boolean(this.browser?.connected) };
  }

  /** Runs `job` on a page of the pool within the deadline. */
  async run<T>(job: (page: Page) => Promise<T>): Promise<T> {
    const page = await this.acquire();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DomainError(ErrorCode.Unavailable, { th: 'จัดทำ PDF ไม่ทันเวลาที่กำหนด', en: 'Rendering timed out' })), this.options.timeoutMs);
    });
    const work = job(page);
    work.catch(() => undefined);
    try {
      const result = await Promise.race([work, deadline]);
      clearTimeout(timer);
      await this.release(page, true);
      return result;
    } catch (error) {
      clearTimeout(timer);
      await this.release(page, false);
      throw error;
    }
  }

  /** Launches the browser now (start-up, health checks). */
  async warmUp(): Promise<void> {
    await this.ensureBrowser();
  }

  async health(): Promise<{ ok: boolean; version?: string; error?: string }> {
    try {
      const browser = await this.ensureBrowser();
      return { ok: true, version: await browser.version() };
    } catch (error) {
      return { ok: false, error: String(error instanceof Error ? error.message : error) };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new DomainError(ErrorCode.Unavailable, { th: 'ระบบกำลังปิด', en: 'Shutting down' }));
    await this.shutdownBrowser();
  }

  private async acquire(): Promise<Page> {
    if (this.closed) throw new DomainError(ErrorCode.Unavailable, { th: 'ระบบกำลังปิด', en: 'Shutting down' });
    const browser = await this.ensureBrowser();
    const page = this.idle.pop();
    if (page && !page.isClosed()) {
      this.busy++;
      return page;
    }
    if (this.open < this.options.pages) {
      this.open++;
      this.busy++;
      try {
        return await this.newPage(browser);
      } catch (error) {
        this.open--;
        this.busy--;
        throw error;
      }
    }
    if (this.waiters.length >= this.options.queueLimit) {
      throw new DomainError(
        ErrorCode.TooManyRequests,
        { th: 'มีงานจัดทำ PDF รออยู่มาก กรุณาลองใหม่ในอีกสักครู่', en: 'Too many documents are being rendered; try again shortly' },
        [],
        { retryAfterSeconds: 5 },
      );
    }
    return new Promise<Page>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private async release(page: Page, healthy: boolean): Promise<void> {
    this.busy--;
    this.jobsSinceLaunch++;
    let reusable = healthy && !page.isClosed() && Boolean(this.browser?.connected);
    if (reusable) {
      try {
        await page.goto('about:blank', { timeout: 5000 });
      } catch {
        reusable = false;
      }
    }
    if (!reusable) {
      this.open--;
      const closed = await Promise.race([page.close().then(() => true, () => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000))]);
      if (!closed) await this.shutdownBrowser();
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      if (reusable) {
        this.busy++;
        waiter.resolve(page);
      } else {
        this.acquire().then(waiter.resolve, waiter.reject);
      }
      return;
    }
    if (reusable) this.idle.push(page);
    if (this.jobsSinceLaunch >= this.options.recycleAfter && this.busy === 0) await this.shutdownBrowser();
  }

  private async newPage(browser: Browser): Promise<Page> {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => this.intercept(request));
    return page;
  }

  private intercept(request: HTTPRequest): void {
    const url = request.url();
    if (url.startsWith('data:') || url === 'about:blank') {
      void request.continue().catch(() => undefined);
      return;
    }
    const asset = url.startsWith(ASSET_ORIGIN) ? this.options.assets.get(url) : undefined;
    if (asset) {
      void request.respond({ status: 200, contentType: 'font/woff2', body: asset, headers: { 'Access-Control-Allow-Origin': '*' } }).catch(() => undefined);
      return;
    }
    void request.abort('blockedbyclient').catch(() => undefined);
  }

  private ensureBrowser(): Promise<Browser> {
    if (this.browser?.connected) return Promise.resolve(this.browser);
    this.launching ??= this.launch().finally(() => (this.launching = null));
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    if (!existsSync(this.options.executablePath)) {
      throw new DomainError(ErrorCode.Unavailable, {
        th: `ไม่พบ Chromium ที่ ${this.options.executablePath} (ติดตั้งด้วย apt-get install chromium หรือกำหนด PUPPETEER_EXECUTABLE_PATH)`,
        en: `Chromium not found at ${this.options.executablePath}: apt-get install chromium, or set PUPPETEER_EXECUTABLE_PATH`,
      });
    }
    this.idle.length = 0;
    this.open = this.busy;
    this.jobsSinceLaunch = 0;
    if (this.profileDir) rmSync(this.profileDir, { recursive: true, force: true });
    this.profileDir = mkdtempSync(join(tmpdir(), 'kasian-chromium-'));
    const browser = await puppeteer.launch({
      executablePath: this.options.executablePath,
      args: LAUNCH_ARGS,
      userDataDir: join(this.profileDir, 'profile'),
      env: isolatedEnvironment(this.profileDir),
      headless: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      protocolTimeout: Math.max(30_000, this.options.timeoutMs * 2),
    });
    this.launches++;
    browser.on('disconnected', () => {
      if (this.browser === browser) {
        this.browser = null;
        this.idle.length = 0;
        this.open = this.busy;
      }
    });
    this.browser = browser;
    return browser;
  }

  private async shutdownBrowser(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    this.idle.length = 0;
    this.open = this.busy;
    if (!browser) return;
    const process = browser.process();
    await Promise.race([browser.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (process && process.exitCode === null) process.kill('SIGKILL');
  }
}
