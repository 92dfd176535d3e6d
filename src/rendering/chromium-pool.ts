import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { DomainError, ErrorCode } from '../common/domain-error';
import { type Asset, type FontFile, writePrivateFontconfig } from './fonts';

export interface ChromiumPoolOptions {
  executablePath: string;
  /** Documents printed at once, one browser page each. */
  pages: number;
  /** Per job: past this, the job fails and its page (or, if the page hangs, the browser) is killed. */
  timeoutMs: number;
  /** Jobs allowed to wait for a page; one more is refused at once. */
  queueLimit: number;
  /** Jobs one browser prints before a fresh one replaces it. */
  recycleAfter: number;
  /** Sarabun, for the browser's private fontconfig. */
  fonts: FontFile[];
  /** Kasian's own in-memory assets by URL; every other request a page makes is aborted. */
  assets?: ReadonlyMap<string, Asset>;
  /** How long to wait for web fonts after the load event before printing anyway. */
  fontsReadyTimeoutMs?: number;
  /** PDF structure tree for screen readers (costs time; see docs/rendering.md). */
  taggedPdf?: boolean;
  /**
   * Between jobs a page is emptied in place (`document.open()`, the default), or navigated to about:blank, which
   * costs about 55 ms more CPU per document; docs/benchmarks.md has both.
   */
  pageReset?: PageReset;
  /** Chromium's command line: CHROMIUM_FLAGS unless a benchmark compares others. */
  flags?: readonly string[];
  /** How a page prints a document: `printPage` unless a test needs prints that fail. */
  printer?: typeof printPage;
}

export type PageReset = 'about:blank' | 'clear';

export interface PrintedPdf {
  pdf: Buffer;
  pages: number;
}

export interface PoolStats {
  pid: number | null;
  /** Browser pages open (busy or idle). */
  pages: number;
  busy: number;
  idle: number;
  queued: number;
  /** Jobs printed since the pool started. */
  jobs: number;
  launches: number;
  /** Prints that missed their deadline; each one replaced its browser. */
  deadlineMisses: number;
  /** Browsers retired because they failed (a missed deadline, or two failed prints in a row). */
  replacements: number;
  /** Requests from documents that were aborted (anything not data: or a Kasian asset). */
  blockedRequests: number;
}

export interface PoolHealth extends PoolStats {
  up: boolean;
  version?: string;
  error?: string;
}

/** How long the outcome of the last print stands for the renderer's health before a probe print is made. */
const HEALTH_FRESH_MS = 30_000;
/** The probe's deadline: a browser that cannot print a line of text in this time is not well. */
const PROBE_TIMEOUT_MS = 5_000;
const PROBE_HTML = '<!doctype html><html lang="th"><body><p>ตรวจสุขภาพ</p></body></html>';
/** Emptying a page between jobs takes milliseconds; a browser that cannot do it in this time is replaced. */
const RESET_TIMEOUT_MS = 5_000;
/** Failed prints in a row after which a browser is replaced before the next job. */
const FAILURES_BEFORE_REPLACEMENT = 2;

/**
 * Chromium's flags. The first eight are what Kasian needs of any headless browser; then no extension, and two
 * fences: no host name resolves and every connection goes to a closed proxy port, so a request that somehow slipped
 * past interception could not reach anything. The rest save memory and time (docs/benchmarks.md, "Rendering"):
 * no spare renderer kept warm, no back/forward cache, the GPU and network services inside the browser process (the
 * network service only ever sees the pool's interception answer), one renderer process for all of the pool's pages
 * (they print Kasian's own sanitized documents, JavaScript off), and V8 in lite mode (no optimising compiler;
 * documents run no JavaScript, about 80 MB).
 *
 * Not `--single-process` (Chromium's unsupported debugging mode, used until 2026-12): three minutes after launch
 * Chromium 156 starts its on-device AI model service to classify the machine; the service fails to load its backend
 * here, and inside a single process that failure left every later `page.pdf()` hanging for ever. Disabling the
 * features named for it did not stop it (docs/rendering.md, "The three-minute wedge"); out of process it is harmless.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--proxy-server=http://127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
  '--disable-features=SpareRendererForSitePerProcess,BackForwardCache',
  '--in-process-gpu',
  '--enable-features=NetworkServiceInProcess2',
  '--renderer-process-limit=1',
  '--js-flags=--lite-mode',
];

const noop = () => undefined;

function unavailable(th: string, en: string, cause?: unknown, details: Record<string, unknown> = {}): DomainError {
  const error = new DomainError(ErrorCode.Unavailable, { th, en }, [], details);
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause });
  return error;
}

/** A browser that went away under a job (crash, kill, disconnect): the job is tried once more on a new one. */
class BrowserGone extends Error {}

class DeadlineExpired extends Error {}

/** One timer per job; `race` makes any step of the job lose against it. */
class Deadline {
  expired = false;
  private readonly timer: NodeJS.Timeout;
  private readonly expiry: Promise<never>;

  constructor(ms: number) {
    let fire: (error: Error) => void = noop;
    this.expiry = new Promise<never>((_, reject) => (fire = reject));
    this.expiry.catch(noop);
    this.timer = setTimeout(() => {
      this.expired = true;
      fire(new DeadlineExpired());
    }, ms).unref();
  }

  race<T>(work: Promise<T>): Promise<T> {
    work.catch(noop);
    return Promise.race([work, this.expiry]);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** One launched Chromium and its pages. */
class BrowserInstance {
  readonly idle: Page[] = [];
  open = 0;
  busy = 0;
  jobs = 0;
  /** Failed prints since the last one that worked; at FAILURES_BEFORE_REPLACEMENT the browser is replaced. */
  failedInARow = 0;
  alive = true;
  retired = false;
  /** Rejects when the browser dies: a job racing it fails at once instead of waiting out its deadline. */
  readonly gone: Promise<never>;
  private fail: (error: Error) => void = noop;

  /** Resolves once the browser process has exited and its standard streams are closed. */
  readonly reaped: Promise<void>;

  constructor(
    readonly browser: Browser,
    readonly pid: number | null,
    readonly dir: string,
  ) {
    this.gone = new Promise<never>((_, reject) => (this.fail = reject));
    this.gone.catch(noop);
    const child = browser.process();
    this.reaped = new Promise<void>((resolve) => (child ? child.once('close', () => resolve()) : resolve()));
  }

  /** The browser is dead (crashed, killed, shut down): jobs still working on it fail over at once. */
  markGone(): void {
    this.alive = false;
    this.fail(new BrowserGone('Chromium went away'));
  }

  /** `work`, unless the browser dies first. */
  unlessGone<T>(work: Promise<T>): Promise<T> {
    work.catch(noop);
    return Promise.race([work, this.gone]);
  }
}

/** Counts the page objects of a PDF as Chromium (Skia) writes it: uncompressed objects, one /Type /Page each. */
export function countPdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
}

/**
 * Launches Chromium the way every Kasian browser runs: the flags above, a fresh profile in `dir`, the protocol over a
 * pipe (no debugging port for other local processes), and an environment holding none of Kasian's own secrets and a
 * fontconfig with no font but Sarabun.
 */
export async function launchChromium(
  executablePath: string,
  dir: string,
  fonts: FontFile[],
  protocolTimeoutMs: number,
  flags: readonly string[] = CHROMIUM_FLAGS,
): Promise<Browser> {
  const fontconfig = writePrivateFontconfig(dir, fonts);
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    pipe: true,
    args: [...flags],
    userDataDir: join(dir, 'profile'),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TMPDIR: dir, FONTCONFIG_FILE: fontconfig, LANG: 'C.UTF-8' },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    protocolTimeout: protocolTimeoutMs,
  });
  // The tab Chromium opens at start would be one more renderer process doing nothing.
  for (const page of await browser.pages()) await page.close();
  return browser;
}

/**
 * A page in a background tab: hidden, so Chromium never lays out and paints it for a screen, only for print
 * (about a third less work per document, measured in docs/benchmarks.md).
 */
export function openBackgroundPage(browser: Browser): Promise<Page> {
  return browser.newPage({ background: true });
}

/** A page fit to print untrusted HTML: no JavaScript, and every request handed to `intercept`. */
export async function preparePage(page: Page, intercept: (request: HTTPRequest) => void): Promise<void> {
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', intercept);
}

/**
 * A step the caller runs on the laid-out page before it is printed (inside the job's deadline): Kasian's own code,
 * through the protocol, e.g. measuring what only layout knows. The document itself still runs no JavaScript.
 */
export type MeasureStep = (page: Page) => Promise<void>;

/**
 * `timeoutMs`: each document's print deadline (the pool's own by default). `placeBy`: the time (epoch ms) by which the
 * job must have its place among the pages printing, or fail with 503 — for a person waiting on the answer, whose
 * request would end first (a job given up leaves the queue: it is never printed for nobody).
 */
export interface PrintOptions {
  timeoutMs?: number;
  placeBy?: number;
}

/** A document for printAll: its HTML, and optionally a step to run on it before it prints. */
export type PrintDocument = string | { html: string; measure?: MeasureStep };

/**
 * One document: set the HTML, wait for load and web fonts (capped), run the caller's measuring step if any, print
 * with the page's own @page sizes.
 */
export async function printPage(
  page: Page,
  html: string,
  options: { fontsReadyTimeoutMs?: number; taggedPdf?: boolean; measure?: MeasureStep } = {},
): Promise<PrintedPdf> {
  await page.setContent(html, { waitUntil: 'load', timeout: 0 });
  let cap: NodeJS.Timeout | undefined;
  await Promise.race([
    page.evaluate(() => document.fonts.ready.then(() => undefined)),
    new Promise<void>((resolve) => (cap = setTimeout(resolve, options.fontsReadyTimeoutMs ?? 5000).unref())),
  ]).finally(() => clearTimeout(cap));
  if (options.measure) await options.measure(page);
  const bytes = await page.pdf({
    preferCSSPageSize: true,
    printBackground: true,
    waitForFonts: false,
    tagged: options.taggedPdf ?? false,
    outline: false,
    timeout: 0,
  });
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { pdf, pages: countPdfPages(pdf) };
}

/**
 * ONE Chromium per process printing up to N documents at once. Pages are reused (emptied in place between jobs), run
 * without JavaScript, and answer their requests from memory: data: URLs and Kasian's own assets load, everything
 * else is aborted, so nothing a document contains reaches the network or the disk. A browser that crashes or is
 * killed is relaunched for the next job (the job it took down is tried once more); a job past its deadline loses
 * its page, or the browser when the page will not close; after `recycleAfter` jobs a fresh browser takes over.
 */
export class ChromiumPool {
  private current: BrowserInstance | null = null;
  private launching: Promise<BrowserInstance> | null = null;
  private readonly instances = new Set<BrowserInstance>();
  private readonly stopping = new Set<Promise<void>>();
  private readonly waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private active = 0;
  private closed = false;
  private jobs = 0;
  private launchCount = 0;
  private deadlineMisses = 0;
  private replacements = 0;
  private blockedRequests = 0;
  /** The last print's outcome (a job's or a health probe's): what the renderer's health reports between probes. */
  private lastPrint: { ok: boolean; at: number; error?: string } | null = null;
  private probing: Promise<void> | null = null;
  private readonly assets: ReadonlyMap<string, Asset>;

  constructor(private readonly options: ChromiumPoolOptions) {
    this.assets = options.assets ?? new Map();
  }

  /** The running browser's process id (tests kill it to prove relaunching). */
  get pid(): number | null {
    return this.current?.alive ? this.current.pid : null;
  }

  /** Browsers launched so far: the first, relaunches after a crash, replacements after `recycleAfter` jobs. */
  get launches(): number {
    return this.launchCount;
  }

  /** Launches the browser now rather than on the first job. */
  async warmUp(): Promise<void> {
    await this.instance();
  }

  /**
   * Prints one HTML document, running `measure` on the laid-out page first when given. Fails with a DomainError:
   * 429 when the queue is full, 503 past the deadline.
   */
  async print(html: string, options: PrintOptions & { measure?: MeasureStep } = {}): Promise<PrintedPdf> {
    const [printed] = await this.printAll([{ html, measure: options.measure }], options);
    return printed;
  }

  /**
   * Prints documents one after the other as ONE job of the pool: one place among the N printing at once (or in the
   * queue), the same page reused, each document within its own deadline (a memo and its report, numbered apart).
   */
  async printAll(documents: PrintDocument[], options: PrintOptions = {}): Promise<PrintedPdf[]> {
    const release = await this.acquireSlot(options.placeBy);
    let handedOver = false;
    try {
      const printed: PrintedPdf[] = [];
      for (const [i, document] of documents.entries()) {
        const last = i === documents.length - 1;
        const { pdf, instance, page } = await this.printOne(typeof document === 'string' ? { html: document } : document, options.timeoutMs ?? this.options.timeoutMs);
        printed.push(pdf);
        if (!last) {
          await this.recyclePage(instance, page);
          continue;
        }
        // The caller has its PDFs while the page is emptied; the place is given up once the page is back.
        handedOver = true;
        void this.recyclePage(instance, page).finally(release);
      }
      return printed;
    } finally {
      if (!handedOver) release();
    }
  }

  /** One document within the caller's place: a browser that went away under it is replaced and the print tried once more. */
  private async printOne(document: { html: string; measure?: MeasureStep }, timeoutMs: number): Promise<{ pdf: PrintedPdf; instance: BrowserInstance; page: Page }> {
    for (let attempt = 1; ; attempt++) {
      const instance = await this.instance();
      try {
        const { printed, page } = await this.printOn(instance, document.html, timeoutMs, document.measure);
        this.lastPrint = { ok: true, at: Date.now() };
        return { pdf: printed, instance, page };
      } catch (error) {
        if (error instanceof BrowserGone && attempt === 1 && !this.closed) continue;
        const failure =
          error instanceof BrowserGone ? unavailable('โปรแกรมจัดทำ PDF หยุดทำงาน กรุณาลองใหม่', 'The PDF renderer stopped; try again', error) : error;
        if (!this.closed) this.lastPrint = { ok: false, at: Date.now(), error: failure instanceof DomainError ? failure.userMessage.en : String(failure) };
        throw failure;
      }
    }
  }

  stats(): PoolStats {
    const instances = [...this.instances];
    return {
      pid: this.pid,
      pages: instances.reduce((n, i) => n + i.open, 0),
      busy: instances.reduce((n, i) => n + i.busy, 0),
      idle: instances.reduce((n, i) => n + i.idle.length, 0),
      queued: this.waiting.length,
      jobs: this.jobs,
      launches: this.launchCount,
      deadlineMisses: this.deadlineMisses,
      replacements: this.replacements,
      blockedRequests: this.blockedRequests,
    };
  }

  /**
   * Up when the last print worked: a job's within the last 30 s, or else a probe print made now (a line of Thai,
   * 5 s deadline; concurrent health checks share one probe). Down when that probe fails, or when the last print
   * failed (e.g. missed its deadline) less than 30 s ago and nothing has printed since: a wedged browser is found
   * even when no job comes, and the failing probe replaces it like any other print.
   */
  async health(): Promise<PoolHealth> {
    if (this.closed) return { up: false, error: 'the renderer is shut down', ...this.stats() };
    const last = this.lastPrint;
    const fresh = last !== null && Date.now() - last.at < HEALTH_FRESH_MS;
    if (!fresh) {
      this.probing ??= this.print(PROBE_HTML, { timeoutMs: PROBE_TIMEOUT_MS })
        .then(noop, noop)
        .finally(() => (this.probing = null));
      await this.probing;
    }
    const outcome = this.lastPrint;
    if (!outcome?.ok) return { up: false, error: outcome?.error ?? 'no print has worked yet', ...this.stats() };
    const deadline = new Deadline(PROBE_TIMEOUT_MS);
    const version = await (this.current ? deadline.race(this.current.browser.version()).catch(() => undefined) : undefined);
    deadline.clear();
    return { up: true, ...(version ? { version } : {}), ...this.stats() };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.shuttingDown());
    await this.launching?.catch(noop);
    await Promise.all([...this.instances].map((instance) => this.shutdown(instance)));
    // Browsers already on their way out (crashed, recycled) are reaped before close() returns too.
    await Promise.all([...this.stopping]);
    this.current = null;
  }

  private shuttingDown(): DomainError {
    return unavailable('ระบบจัดทำ PDF กำลังปิด', 'The PDF renderer is shutting down');
  }

  /**
   * A place among the N printing at once, or in the bounded queue; refused when the queue is full, and given up (503)
   * when `placeBy` (epoch ms) passes before a place is free.
   */
  private async acquireSlot(placeBy?: number): Promise<() => void> {
    if (this.closed) throw this.shuttingDown();
    if (this.active < this.options.pages) {
      this.active++;
    } else {
      if (this.waiting.length >= this.options.queueLimit) {
        throw new DomainError(
          ErrorCode.TooManyRequests,
          { th: 'มีเอกสารรอจัดทำ PDF มากเกินไป กรุณาลองใหม่ในอีกสักครู่', en: 'Too many documents are waiting to be rendered; try again shortly' },
          [],
          { retryAfterSeconds: 5 },
        );
      }
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve, reject) => {
        const waiter = { resolve, reject };
        this.waiting.push(waiter);
        if (placeBy === undefined) return;
        timer = setTimeout(() => {
          const at = this.waiting.indexOf(waiter);
          if (at < 0) return;
          this.waiting.splice(at, 1);
          reject(unavailable('ระบบจัดทำ PDF มีงานมาก กรุณาลองใหม่ในอีกสักครู่', 'The PDF renderer is busy; try again shortly', undefined, { retryAfterSeconds: 5 }));
        }, Math.max(0, placeBy - Date.now()));
        timer.unref();
      }).finally(() => clearTimeout(timer));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.resolve();
      else this.active--;
    };
  }

  private async printOn(instance: BrowserInstance, html: string, timeoutMs: number, measure?: MeasureStep): Promise<{ printed: PrintedPdf; page: Page }> {
    instance.busy++;
    instance.jobs++;
    this.jobs++;
    const deadline = new Deadline(timeoutMs);
    let page: Page | undefined;
    try {
      const opening = instance.idle.pop() ?? this.openPage(instance);
      if (opening instanceof Promise) {
        // A page that opens after the deadline is closed rather than leaked (and no longer counted as open).
        opening.then((late) => {
          if (deadline.expired) void this.discardPage(instance, late);
        }, noop);
      }
      page = await deadline.race(instance.unlessGone(Promise.resolve(opening)));
      const printed = await deadline.race(instance.unlessGone((this.options.printer ?? printPage)(page, html, { ...this.options, measure })));
      instance.failedInARow = 0;
      return { printed, page };
    } catch (error) {
      instance.busy--;
      instance.failedInARow++;
      if (deadline.expired) {
        // A browser that let a print hang may hang the next one too (it did: docs/rendering.md): replace it.
        this.deadlineMisses++;
        this.replace(instance);
      }
      if (page) await this.discardPage(instance, page);
      if (deadline.expired) {
        throw unavailable(
          'จัดทำ PDF ไม่ทันเวลาที่กำหนด',
          `Rendering the PDF took longer than ${timeoutMs} ms and was stopped`,
          undefined,
          { timeoutMs },
        );
      }
      if (error instanceof BrowserGone || !instance.alive || !instance.browser.connected) throw new BrowserGone(String(error));
      if (instance.failedInARow >= FAILURES_BEFORE_REPLACEMENT) this.replace(instance);
      throw unavailable('จัดทำ PDF ไม่สำเร็จ', 'The PDF could not be rendered', error);
    } finally {
      deadline.clear();
    }
  }

  /** Emptied (or back to about:blank) and into the idle list, off the caller's critical path. */
  private async recyclePage(instance: BrowserInstance, page: Page): Promise<void> {
    // The next job waits for this page's slot: a browser that stops answering here must not hold it for long.
    const deadline = new Deadline(RESET_TIMEOUT_MS);
    try {
      if (instance.alive && !instance.retired) {
        const reset =
          (this.options.pageReset ?? 'clear') === 'about:blank'
            ? page.goto('about:blank', { timeout: 0 })
            : page.evaluate(() => void (document.open(), document.close()));
        await deadline.race(instance.unlessGone(reset));
        if (instance.alive && !instance.retired && !page.isClosed()) {
          instance.idle.push(page);
          return;
        }
      }
      await this.discardPage(instance, page);
    } catch {
      if (deadline.expired) this.replace(instance);
      await this.discardPage(instance, page);
    } finally {
      deadline.clear();
      instance.busy--;
      if (instance.retired && instance.busy === 0) void this.shutdown(instance);
    }
  }

  /**
   * Takes a failing browser out of service at once (the next job launches a fresh one) and closes it; prints still
   * running on it fail over to the new browser, as after a crash.
   */
  private replace(instance: BrowserInstance): void {
    if (!this.instances.has(instance)) return;
    this.replacements++;
    void this.shutdown(instance);
  }

  /** Closes a page; a page that will not close within 2 s takes its browser with it. */
  private async discardPage(instance: BrowserInstance, page: Page): Promise<void> {
    instance.open--;
    if (!instance.alive) return;
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      page.close({ runBeforeUnload: false }).then(() => true, () => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 2000).unref())),
    ]).finally(() => clearTimeout(timer));
    if (!closed) await this.shutdown(instance);
  }

  private async openPage(instance: BrowserInstance): Promise<Page> {
    instance.open++;
    try {
      const page = await openBackgroundPage(instance.browser);
      await preparePage(page, (request) => this.intercept(request));
      return page;
    } catch (error) {
      instance.open--;
      throw error;
    }
  }

  private intercept(request: HTTPRequest): void {
    const url = request.url();
    if (url.startsWith('data:') || url === 'about:blank') {
      request.continue().catch(noop);
      return;
    }
    const asset = this.assets.get(url);
    if (asset) {
      request
        .respond({ status: 200, contentType: asset.contentType, headers: { 'Access-Control-Allow-Origin': '*' }, body: asset.body })
        .catch(noop);
      return;
    }
    this.blockedRequests++;
    // A navigation (meta refresh, a frame) answered "204 No Content" leaves the document where it is; aborted, it
    // would replace the page being printed with an error page.
    if (request.isNavigationRequest()) request.respond({ status: 204, body: '' }).catch(noop);
    else request.abort('blockedbyclient').catch(noop);
  }

  /** The browser for the next job: the current one, or one being launched. Starts a replacement when it is due. */
  private instance(): Promise<BrowserInstance> {
    if (this.closed) return Promise.reject(this.shuttingDown());
    const current = this.current;
    if (current?.alive) {
      if (current.jobs >= this.options.recycleAfter && !this.launching) this.launchNext().catch(noop);
      return Promise.resolve(current);
    }
    return this.launching ?? this.launchNext();
  }

  private launchNext(): Promise<BrowserInstance> {
    const launching = this.launch()
      .then((fresh) => {
        const previous = this.current;
        this.current = fresh;
        if (previous && previous !== fresh) {
          previous.retired = true;
          if (previous.busy === 0) void this.shutdown(previous);
        }
        if (this.closed) void this.shutdown(fresh);
        return fresh;
      })
      .finally(() => {
        if (this.launching === launching) this.launching = null;
      });
    this.launching = launching;
    return launching;
  }

  /** Starts a browser; one that dies while starting (seen under heavy load) is started once more before giving up. */
  private async launch(): Promise<BrowserInstance> {
    try {
      return await this.launchOnce();
    } catch {
      return this.launchOnce();
    }
  }

  private async launchOnce(): Promise<BrowserInstance> {
    const dir = mkdtempSync(join(tmpdir(), 'kasian-chromium-'));
    try {
      const browser = await launchChromium(this.options.executablePath, dir, this.options.fonts, this.options.timeoutMs + 30_000, this.options.flags);
      const instance = new BrowserInstance(browser, browser.process()?.pid ?? null, dir);
      // The process exiting is noticed at once; the protocol pipe may stay open while orphaned children hold it.
      browser.process()?.once('exit', () => void this.shutdown(instance));
      browser.on('disconnected', () => void this.shutdown(instance));
      this.instances.add(instance);
      this.launchCount++;
      return instance;
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw unavailable(
        `เปิดโปรแกรม Chromium (${this.options.executablePath}) ไม่ได้`,
        `Chromium (${this.options.executablePath}) could not be started: set PUPPETEER_EXECUTABLE_PATH or install chromium`,
        error,
      );
    }
  }

  /** Closes a browser (politely for 3 s, then SIGKILL to its whole process group) and removes its profile. */
  private shutdown(instance: BrowserInstance): Promise<void> {
    if (!this.instances.has(instance)) return Promise.resolve();
    this.instances.delete(instance);
    const done = this.stop(instance).finally(() => this.stopping.delete(done));
    this.stopping.add(done);
    return done;
  }

  private async stop(instance: BrowserInstance): Promise<void> {
    instance.markGone();
    instance.idle.length = 0;
    if (this.current === instance) this.current = null;
    let timer: NodeJS.Timeout | undefined;
    if (instance.browser.connected) {
      await Promise.race([
        instance.browser.close().catch(noop),
        new Promise((resolve) => (timer = setTimeout(resolve, 3000).unref())),
      ]).finally(() => clearTimeout(timer));
    }
    if (instance.pid) {
      try {
        process.kill(-instance.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    // Reap it (and the pipes its children held) before returning, so close() leaves nothing running behind.
    await Promise.race([instance.reaped, new Promise((resolve) => (timer = setTimeout(resolve, 2000).unref()))]).finally(() =>
      clearTimeout(timer),
    );
    rmSync(instance.dir, { recursive: true, force: true });
  }
}
