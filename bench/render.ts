/**
 * npm run bench:render — the renderer on the 003 seed (memo with two comment blocks, then its report):
 * cold start; warm latency; throughput with 1, 2 and 4 pages; memory (PSS) of Node plus every Chromium process;
 * the same work done by launching a browser per render and by a fresh page per render; the three ways of
 * delivering fonts; tagged PDF; the cost of Kasian's Thai line breaking and table layout per document (HTML built with
 * and without it, for every fixture, and warm latency without it). Options: --quick (fewer iterations), --json (machine-readable summary at the end).
 * Results are recorded in docs/benchmarks.md ("Rendering").
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, HTTPRequest } from 'puppeteer-core';
import { launchChromium, openBackgroundPage, preparePage, printPage } from '../src/rendering/chromium-pool';
import { fontFaceCss, loadSarabun, type FontDelivery } from '../src/rendering/fonts';
import type { MemoRenderModel } from '../src/rendering/render-model';
import { Renderer, type RendererOptions } from '../src/rendering/renderer';
import { renderingSettings, type RenderingSettings } from '../src/rendering/rendering.config';
import { seedMemoModel } from '../test/support/rendering-models';
import { fixtureMemoModel, fixtureName, loadFixtures } from '../test/support/fidelity';
import { sharedWordList } from '../src/rendering/thai-words';
import { memorySample, type MemorySample } from './support/process-memory';

const quick = process.argv.includes('--quick');
const json = process.argv.includes('--json');
const runs = (full: number) => (quick ? Math.max(5, Math.round(full / 4)) : full);

/** The 003 seed as approved: memo, two signed comment blocks, the report's two measures tables. */
const MODEL: MemoRenderModel = seedMemoModel('003', { signatures: true });

interface Summary {
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

function summarise(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1], mean: values.reduce((a, b) => a + b, 0) / values.length };
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);

function settings(pages: number): RenderingSettings {
  return { ...renderingSettings(), pages, queueLimit: 10_000, recycleAfter: 1_000_000 };
}

async function sequential(renderer: Renderer, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await renderer.renderMemoPdf(MODEL);
    times.push(performance.now() - started);
  }
  return times;
}

/** `pages` workers rendering back to back; PDFs per second over `jobs` renders, and the PSS peak meanwhile. */
async function throughput(pages: number, jobs: number, options: RendererOptions = {}) {
  const renderer = new Renderer(settings(pages), options);
  try {
    await Promise.all(Array.from({ length: pages * 2 }, () => renderer.renderMemoPdf(MODEL)));
    let peak: MemorySample = memorySample(renderer.pool.pid);
    let next = 0;
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: pages }, async () => {
        while (next++ < jobs) {
          const t = performance.now();
          await renderer.renderMemoPdf(MODEL);
          latencies.push(performance.now() - t);
          // One reading of /proc half-way, while every page is busy (reading it often would slow the run).
          if (next === Math.floor(jobs / 2)) peak = memorySample(renderer.pool.pid);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const after = memorySample(renderer.pool.pid);
    return { perSecond: jobs / seconds, latency: summarise(latencies), peak: after.totalMb > peak.totalMb ? after : peak };
  } finally {
    await renderer.close();
  }
}

/** Every request but data: aborted, as the pool does (the fonts are inline, so nothing else is needed). */
const dataOnly = (request: HTTPRequest) => void (request.url().startsWith('data:') ? request.continue() : request.abort('blockedbyclient')).catch(() => undefined);

/** Baseline (a): a browser launched, used once and closed for every render. */
async function browserPerRender(html: string, count: number): Promise<number[]> {
  const fonts = loadSarabun();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'kasian-bench-'));
    const started = performance.now();
    const browser = await launchChromium(renderingSettings().executablePath, dir, fonts, 60_000);
    const page = await openBackgroundPage(browser);
    await preparePage(page, dataOnly);
    await printPage(page, html);
    await browser.close();
    times.push(performance.now() - started);
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

/**
 * Page numbers the other way: Puppeteer's headerTemplate, which cannot use the document's fonts (Sarabun must be
 * inlined into the template again) and only prints Arabic digits. Same document without its CSS page numbers.
 */
async function headerTemplateNumbers(count: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kasian-bench-'));
  const fonts = loadSarabun();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(renderingSettings().executablePath, dir, fonts, 60_000);
    const page = await openBackgroundPage(browser);
    await preparePage(page, dataOnly);
    const portable = new Renderer(settings(1), { fontDelivery: 'inline' }).renderMemoHtml(MODEL);
    const withoutCssNumbers = portable.replace(/@page \{ @top-center \{[^}]*\} \}\s*@page :first \{ @top-center \{ content: none; \} \}/, '');
    if (withoutCssNumbers === portable || !withoutCssNumbers.includes('</style>')) throw new Error('page-number rules not found');
    const headerTemplate = `<style>${fontFaceCss(fonts, 'inline')} .n { font-family: Sarabun; font-size: 16pt; width: 100%; text-align: center; }</style><div class="n">- <span class="pageNumber"></span> -</div>`;
    const times: number[] = [];
    for (let i = 0; i < count + 2; i++) {
      const started = performance.now();
      await page.setContent(withoutCssNumbers, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await page.pdf({ preferCSSPageSize: true, printBackground: true, waitForFonts: false, tagged: false, outline: false, displayHeaderFooter: true, headerTemplate, footerTemplate: '<span></span>' });
      if (i >= 2) times.push(performance.now() - started);
      await page.goto('about:blank');
    }
    return times;
  } finally {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Baseline (b): one browser, but a new page opened and closed for every render. */
async function pagePerRender(html: string, count: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kasian-bench-'));
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(renderingSettings().executablePath, dir, loadSarabun(), 60_000);
    const times: number[] = [];
    for (let i = 0; i < count + 2; i++) {
      const started = performance.now();
      const page = await openBackgroundPage(browser);
      await preparePage(page, dataOnly);
      await printPage(page, html);
      await page.close();
      if (i >= 2) times.push(performance.now() - started);
    }
    return times;
  } finally {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function warmLatency(options: RendererOptions, count: number): Promise<Summary> {
  const renderer = new Renderer(settings(2), options);
  try {
    await sequential(renderer, 5);
    return summarise(await sequential(renderer, count));
  } finally {
    await renderer.close();
  }
}

function machine() {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  let chromium = 'unknown';
  try {
    chromium = execFileSync(renderingSettings().executablePath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Reported as unknown.
  }
  return { cpus: availableParallelism(), cpu, chromium, node: process.version, date: new Date().toISOString(), load: loadavg().map((l) => l.toFixed(2)).join(' ') };
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = { machine: machine() };
  console.log('Kasian renderer benchmark — 003 seed (memo + two comment blocks + report)');
  console.log(results.machine);

  const listStarted = performance.now();
  const words = sharedWordList();
  const listMs = performance.now() - listStarted;
  results.wordListLoadMs = listMs;

  const coldStarted = performance.now();
  const renderer = new Renderer(settings(availableParallelism()));
  const first = await renderer.renderMemoPdf(MODEL);
  const cold = performance.now() - coldStarted;
  const html = renderer.renderMemoHtml(MODEL, 'print');
  console.log(`\nDocument: ${first.pages} pages, ${(first.pdf.length / 1024).toFixed(0)} KB PDF, ${(html.length / 1024).toFixed(0)} KB HTML`);
  line('cold start (templates, Chromium, first PDF)', ms(cold));
  results.document = { pages: first.pages, pdfKb: first.pdf.length / 1024 };
  results.coldMs = cold;

  await sequential(renderer, 10);
  const warm = summarise(await sequential(renderer, runs(100)));
  line('warm latency p50 / p95 / max', `${ms(warm.p50)} / ${ms(warm.p95)} / ${ms(warm.max)}`);

  console.log(`\nThai line breaking and table layout (word list: ${words.words} words, read in ${ms(listMs)} once per process)`);
  const plain = new Renderer(settings(2), { thaiLineBreaks: false });
  const perFixture: Record<string, { withMs: number; withoutMs: number; wbr: number }> = {};
  for (const fixture of loadFixtures()) {
    const model = fixtureMemoModel(fixture);
    const time = (r: Renderer) => {
      for (let i = 0; i < 3; i++) r.renderMemoHtml(model, 'print');
      const started = performance.now();
      const n = runs(20);
      for (let i = 0; i < n; i++) r.renderMemoHtml(model, 'print');
      return (performance.now() - started) / n;
    };
    const withMs = time(renderer);
    const withoutMs = time(plain);
    const wbr = renderer.renderMemoHtml(model, 'print').split('<wbr>').length - 1;
    perFixture[fixtureName(fixture.file)] = { withMs, withoutMs, wbr };
    line(`HTML ${fixtureName(fixture.file)}`, `${withMs.toFixed(1)} ms with, ${withoutMs.toFixed(1)} ms without (${wbr} <wbr>)`);
  }
  results.thaiLineBreaking = perFixture;
  await sequential(plain, 5);
  const warmPlain = summarise(await sequential(plain, runs(60)));
  await plain.close();
  line('warm latency without it, p50 / p95', `${ms(warmPlain.p50)} / ${ms(warmPlain.p95)}`);
  results.warmWithoutThaiBreaks = warmPlain;
  const idle = memorySample(renderer.pool.pid);
  line('memory PSS after warm-up (Node + Chromium)', `${idle.totalMb.toFixed(0)} MB (${idle.nodeMb.toFixed(0)} + ${idle.chromiumMb.toFixed(0)} in ${idle.chromiumProcesses} processes)`);
  line('  Chromium: anonymous / mapped files (code)', `${idle.chromiumAnonMb.toFixed(0)} MB / ${idle.chromiumFileMb.toFixed(0)} MB`);
  await renderer.close();
  results.warm = warm;
  results.memoryAfterWarmUp = idle;

  console.log('\nThroughput (workers = pages, back to back)');
  const throughputs: Record<number, Awaited<ReturnType<typeof throughput>>> = {};
  for (const pages of [1, 2, 4]) {
    const result = await throughput(pages, runs(pages * 30));
    throughputs[pages] = result;
    line(`${pages} page${pages > 1 ? 's' : ''}`, `${result.perSecond.toFixed(1)} PDFs/s (latency p50 ${ms(result.latency.p50)}, PSS ${result.peak.totalMb.toFixed(0)} MB)`);
  }
  results.throughput = throughputs;
  const blank = await throughput(4, runs(120), { pageReset: 'about:blank' });
  line('4 pages, about:blank between jobs', `${blank.perSecond.toFixed(1)} PDFs/s (latency p50 ${ms(blank.latency.p50)}, PSS ${blank.peak.totalMb.toFixed(0)} MB)`);
  results.throughputAboutBlank = blank;

  console.log('\nThe same work done differently');
  const perBrowser = summarise(await browserPerRender(html, runs(8)));
  const perPage = summarise(await pagePerRender(html, runs(30)));
  line('(a) a browser launched per render, p50', `${ms(perBrowser.p50)} → pool is ${(perBrowser.p50 / warm.p50).toFixed(1)}× faster`);
  line('(b) a fresh page per render, p50', `${ms(perPage.p50)} → pool is ${(perPage.p50 / warm.p50).toFixed(1)}× faster`);
  results.browserPerRender = perBrowser;
  results.pagePerRender = perPage;

  console.log('\nFont delivery (2 pages, sequential, warm p50 / mean)');
  const fonts: Record<string, Summary> = {};
  for (const fontDelivery of ['inline', 'served', 'fontconfig'] as FontDelivery[]) {
    fonts[fontDelivery] = await warmLatency({ fontDelivery }, runs(40));
    line(fontDelivery, `${ms(fonts[fontDelivery].p50)} / ${ms(fonts[fontDelivery].mean)}`);
  }
  results.fonts = fonts;
  const tagged = await warmLatency({ taggedPdf: true }, runs(40));
  line('tagged PDF (fontconfig)', `${ms(tagged.p50)} / ${ms(tagged.mean)}`);
  results.tagged = tagged;
  const header = summarise(await headerTemplateNumbers(runs(30)));
  line('page numbers by headerTemplate (one page)', `${ms(header.p50)} / ${ms(header.mean)}`);
  results.headerTemplate = header;

  console.log('\nTargets');
  line('warm p50 ≤ 120 ms', `${ms(warm.p50)} ${warm.p50 <= 120 ? 'met' : 'MISSED'}`);
  line('≥ 15 PDFs/s with 4 pages', `${throughputs[4].perSecond.toFixed(1)} ${throughputs[4].perSecond >= 15 ? 'met' : 'MISSED'}`);
  line('≥ 8× faster than a browser per render', `${(perBrowser.p50 / warm.p50).toFixed(1)}× ${perBrowser.p50 / warm.p50 >= 8 ? 'met' : 'MISSED'}`);
  line('PSS ≤ 500 MB (4 pages, under load)', `${throughputs[4].peak.totalMb.toFixed(0)} MB ${throughputs[4].peak.totalMb <= 500 ? 'met' : 'MISSED'}`);
  console.log(`  load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (json) console.log(JSON.stringify(results, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
