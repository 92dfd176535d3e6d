import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError, ErrorCode } from '../src/common/domain-error';
import type { MeasuresTableSection } from '../src/reports/document-format';
import { ChromiumPool, printPage } from '../src/rendering/chromium-pool';
import { fontFaceCss, loadSarabun } from '../src/rendering/fonts';
import { Renderer } from '../src/rendering/renderer';
import { renderingSettings, type RenderingSettings } from '../src/rendering/rendering.config';
import { readPdf, squash } from './support/rendering-pdf';
import { seedMemoModel } from './support/rendering-models';

/**
 * What a document cannot do to the machine that prints it, and what the pool survives. The hostile HTML goes
 * straight into the renderer, past the upstream sanitizer, on purpose: the browser fence must hold on its own.
 */

const settings = (overrides: Partial<RenderingSettings> = {}): RenderingSettings => ({ ...renderingSettings(), pages: 2, ...overrides });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
}

const waitFor = async (condition: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
  return condition();
};

describe('nothing leaves the page', () => {
  let canary: Server;
  let port: number;
  const hits: string[] = [];
  const renderer = new Renderer(settings());

  /** Every way a cell could reach out: images, frames, objects, CSS url() and @import, links, scripts, refresh. */
  const hostileCells = () => [
    `<p>รูปภาพ<img src="http://127.0.0.1:${port}/canary"></p><iframe src="file:///etc/passwd" width="600" height="300"></iframe>`,
    `<style>@import url(http://127.0.0.1:${port}/imp); td { background: url(http://127.0.0.1:${port}/css); }</style><p>ตารางสไตล์</p>`,
    `<object data="file:///etc/passwd" type="text/plain" width="400" height="200"></object><embed src="file:///etc/passwd"><iframe src="http://127.0.0.1:${port}/frame"></iframe>`,
    `<link rel="stylesheet" href="http://127.0.0.1:${port}/link"><link rel="prefetch" href="http://127.0.0.1:${port}/prefetch">` +
      `<script src="http://127.0.0.1:${port}/script"></script><meta http-equiv="refresh" content="0;url=http://127.0.0.1:${port}/refresh">` +
      `<video poster="http://127.0.0.1:${port}/poster"></video><svg><image href="http://127.0.0.1:${port}/svg"/></svg>` +
      `<div style="background-image: url('http://127.0.0.1:${port}/inline')">ท้ายเซลล์</div>`,
  ];

  beforeAll(async () => {
    canary = createServer((request, response) => {
      hits.push(request.url ?? '?');
      response.setHeader('content-type', 'text/plain');
      response.end('root:x:0:0:canary:/root:/bin/bash');
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    port = (canary.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await renderer.close();
    await new Promise((resolve) => canary.close(resolve));
  });

  test('raw HTML in rich-text cells reaches neither the canary server nor /etc/passwd', async () => {
    const model = seedMemoModel('003');
    const table = model.document.report.sections.find((s): s is MeasuresTableSection => s.type === 'measures_table')!;
    table.groups[0].rows[0].cells = hostileCells();
    const { pdf } = await renderer.renderMemoPdf(model);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hits).toEqual([]);
    const text = readPdf(pdf).raw;
    expect(text).not.toContain('root:x:0:0');
    expect(text).not.toMatch(/daemon:|nologin|\/bin\/(ba)?sh/);
    // The document itself was printed, hostile cells and all.
    expect(squash(text)).toContain('รูปภาพ');
    expect(squash(text)).toContain('ท้ายเซลล์');
  });

  test('request interception alone holds: the same HTML without the page’s CSP, straight into the pool', async () => {
    const fonts = loadSarabun();
    const pool = new ChromiumPool({ ...settings(), fonts });
    try {
      const html = `<!doctype html><html lang="th"><head><meta charset="utf-8"><style>${fontFaceCss(fonts, 'inline')} body { font-family: Sarabun }</style></head><body>${hostileCells().join('')}</body></html>`;
      const { pdf } = await pool.print(html);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(hits).toEqual([]);
      expect(pool.stats().blockedRequests).toBeGreaterThanOrEqual(5);
      const text = readPdf(pdf).raw;
      expect(text).not.toContain('root:x:0:0');
      expect(squash(text)).toContain('ท้ายเซลล์');
    } finally {
      await pool.close();
    }
  });

  test('text typed into a plain field is printed, escaped, as text', async () => {
    const model = seedMemoModel('003');
    model.document.memo.subject = `<script>location="http://127.0.0.1:${port}/script-subject"</script><img src=x>`;
    model.reviews[0] = { ...model.reviews[0], comment: '<b>ทราบ</b> & ดำเนินการ' };
    const html = renderer.renderMemoHtml(model);
    expect(html).not.toMatch(/<script>location/);
    expect(html).toContain('&lt;script&gt;location&#x3D;');
    const text = squash(readPdf((await renderer.renderMemoPdf(model)).pdf).raw);
    expect(text).toContain(squash(`<script>location="http://127.0.0.1:${port}/script-subject"</script><img src=x>`));
    expect(text).toContain('<b>ทราบ</b>&ดำเนินการ');
    expect(hits).toEqual([]);
  });
});

describe('the Chromium pool keeps working', () => {
  test('a browser that dies while starting is started once more, and the job succeeds', async () => {
    // A wrapper that fails the first start (as a Chromium crashing at start-up would), then runs the real one.
    const dir = mkdtempSync(join(tmpdir(), 'kasian-flaky-chromium-'));
    const marker = join(dir, 'started-once');
    const wrapper = join(dir, 'chromium');
    writeFileSync(wrapper, `#!/bin/sh\nif [ ! -e '${marker}' ]; then touch '${marker}'; exit 1; fi\nexec '${renderingSettings().executablePath}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const renderer = new Renderer(settings({ executablePath: wrapper }));
    try {
      expect((await renderer.renderMemoPdf(seedMemoModel('003'))).pages).toBeGreaterThan(3);
      expect(existsSync(marker)).toBe(true);
      expect(renderer.pool.launches).toBe(1);
    } finally {
      await renderer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Chromium killed between renders, and during one: both renders succeed on a relaunched browser', async () => {
    const renderer = new Renderer(settings());
    try {
      const first = await renderer.renderMemoPdf(seedMemoModel('003'));
      const pid = renderer.pool.pid!;
      expect(alive(pid)).toBe(true);
      process.kill(pid, 'SIGKILL');
      const second = await renderer.renderMemoPdf(seedMemoModel('003'));
      expect(second.pages).toBe(first.pages);
      expect(renderer.pool.pid).not.toBe(pid);
      expect(renderer.pool.launches).toBe(2);

      // Mid-job: the job that lost its browser is tried once more on a new one.
      const during = renderer.renderMemoPdf(seedMemoModel('002'));
      const victim = renderer.pool.pid!;
      await new Promise((resolve) => setTimeout(resolve, 40));
      process.kill(victim, 'SIGKILL');
      expect((await during).pages).toBeGreaterThan(5);
      expect(renderer.pool.launches).toBe(3);
      expect((await renderer.renderMemoPdf(seedMemoModel('003'))).pages).toBe(first.pages);
      expect(await waitFor(() => !alive(pid) && !alive(victim))).toBe(true);
    } finally {
      await renderer.close();
    }
  });

  test('a job past its deadline fails with a clear error; the pool carries on', async () => {
    const renderer = new Renderer(settings({ pages: 1 }));
    try {
      const huge = seedMemoModel('003');
      const table = huge.document.report.sections.find((s): s is MeasuresTableSection => s.type === 'measures_table')!;
      table.groups[0].rows = Array.from({ length: 60 }, () => table.groups[0].rows).flat();
      // One job (a memo with its report is two: docs/rendering.md), so the pool sees one deadline missed.
      const error = await renderer.renderReportPdf({ organization: huge.organization, report: huge.document.report, draft: false }, { timeoutMs: 300 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: ErrorCode.Unavailable, details: { timeoutMs: 300 } });
      expect((error as DomainError).userMessage.en).toMatch(/longer than 300 ms/);
      expect(renderer.pool.stats()).toMatchObject({ busy: 0, deadlineMisses: 1, replacements: 1 });
      expect((await renderer.renderMemoPdf(seedMemoModel('003'))).pages).toBeGreaterThan(3);
      // The browser that let the job run over was replaced before the next one.
      expect(renderer.pool.launches).toBe(2);
      expect(await waitFor(() => renderer.pool.stats().pages === 1)).toBe(true);
    } finally {
      await renderer.close();
    }
  });

  test('a browser whose prints hang is replaced: the job fails at its deadline, health is down, the next job works on a new browser', async () => {
    const renderer = new Renderer(settings({ pages: 1, timeoutMs: 2000 }));
    try {
      expect((await renderer.renderMemoPdf(seedMemoModel('003'))).pages).toBeGreaterThan(3);
      const frozen = renderer.pool.pid!;
      expect(await waitFor(() => renderer.pool.stats().idle === 1)).toBe(true);
      // A stopped process answers nothing, as the wedged browser did: page.pdf() never returns.
      process.kill(frozen, 'SIGSTOP');
      const model = seedMemoModel('003');
      // One job (a memo with its report is two), so the pool sees one deadline missed.
      await expect(renderer.renderReportPdf({ organization: model.organization, report: model.document.report, draft: false })).rejects.toMatchObject({
        code: ErrorCode.Unavailable,
        details: { timeoutMs: 2000 },
      });
      const down = await renderer.health();
      expect(down).toMatchObject({ up: false, deadlineMisses: 1, replacements: 1 });
      expect(down.error).toMatch(/longer than 2000 ms/);
      expect(await waitFor(() => !alive(frozen), 10_000)).toBe(true);

      expect((await renderer.renderMemoPdf(seedMemoModel('003'))).pages).toBeGreaterThan(3);
      expect(renderer.pool.pid).not.toBe(frozen);
      expect(renderer.pool.launches).toBe(2);
      expect(await renderer.health()).toMatchObject({ up: true, launches: 2 });
    } finally {
      await renderer.close();
    }
  });

  test('two failed prints in a row replace the browser before the next job', async () => {
    // Prints that fail without hanging or crashing the browser (a protocol error, say): the first two of them.
    let failures = 2;
    const printer: typeof printPage = (page, html, options) => (failures-- > 0 ? Promise.reject(new Error('Printing failed')) : printPage(page, html, options));
    const pool = new ChromiumPool({ ...settings({ pages: 1 }), fonts: loadSarabun(), printer });
    try {
      await pool.warmUp();
      const first = pool.pid!;
      const html = new Renderer(settings()).renderMemoHtml(seedMemoModel('003'), 'print');
      await expect(pool.print(html)).rejects.toMatchObject({ code: ErrorCode.Unavailable });
      expect(pool.stats()).toMatchObject({ replacements: 0 });
      await expect(pool.print(html)).rejects.toMatchObject({ code: ErrorCode.Unavailable });
      expect(pool.stats()).toMatchObject({ replacements: 1 });
      expect((await pool.print(html)).pages).toBeGreaterThan(3);
      expect(pool.pid).not.toBe(first);
      expect(pool.launches).toBe(2);
    } finally {
      await pool.close();
    }
  });

  test.each(['about:blank', 'clear'] as const)('a reused page carries nothing from one document to the next (reset: %s)', async (pageReset) => {
    const renderer = new Renderer(settings({ pages: 1 }), { pageReset });
    try {
      const draft = readPdf((await renderer.renderMemoPdf(seedMemoModel('003', { draft: true, approved: false }))).pdf);
      const approved = readPdf((await renderer.renderMemoPdf(seedMemoModel('003'))).pdf);
      expect(renderer.pool.stats()).toMatchObject({ launches: 1, pages: 1 });
      expect(draft.raw).toContain('ร่าง');
      expect(approved.raw).not.toContain('ร่าง');
      expect(approved.pages).toBe(draft.pages);
    } finally {
      await renderer.close();
    }
  });

  test('a measuring step runs on the laid-out page before it prints, inside the deadline; the document still runs no script', async () => {
    const pool = new ChromiumPool({ ...settings({ pages: 1, timeoutMs: 2000 }), fonts: loadSarabun() });
    try {
      const html = `<!doctype html><html><head><style>${fontFaceCss(loadSarabun(), 'inline')} body { font-family: Sarabun; }</style></head>` +
        `<body><p id="p">ข้อความ</p><script>document.getElementById('p').textContent = 'สคริปต์ทำงาน';</script></body></html>`;
      let seen = '';
      const printed = await pool.print(html, {
        measure: async (page) => {
          // What layout knows (a box's height), and a change the print then shows.
          seen = await page.evaluate(() => `${document.getElementById('p')!.textContent} ${document.getElementById('p')!.getBoundingClientRect().height > 0}`);
          await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p>วัดแล้ว</p>'));
        },
      });
      expect(seen).toBe('ข้อความ true');
      const text = squash(readPdf(printed.pdf).raw);
      expect(text).toContain('ข้อความ');
      expect(text).toContain('วัดแล้ว');
      expect(text).not.toContain('สคริปต์ทำงาน');
      // A step that never ends is a job past its deadline like any other, and the pool carries on.
      await expect(pool.print(html, { measure: () => new Promise<void>(() => undefined) })).rejects.toMatchObject({ code: ErrorCode.Unavailable });
      expect(squash(readPdf((await pool.print(html)).pdf).raw)).not.toContain('วัดแล้ว');
    } finally {
      await pool.close();
    }
  });

  test('a full queue refuses at once with 429; the accepted jobs all finish', async () => {
    const renderer = new Renderer(settings({ pages: 1, queueLimit: 1 }));
    try {
      await renderer.start();
      // A memo and its report are one job: the first fills the page, the second the one place in the queue.
      const results = await Promise.allSettled([1, 2, 3, 4].map(() => renderer.renderMemoPdf(seedMemoModel('003'))));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
      for (const result of results.slice(2)) {
        expect((result as PromiseRejectedResult).reason).toMatchObject({ code: ErrorCode.TooManyRequests, details: { retryAfterSeconds: 5 } });
      }
      expect(await waitFor(() => renderer.pool.stats().busy === 0)).toBe(true);
      expect(renderer.pool.stats().queued).toBe(0);
    } finally {
      await renderer.close();
    }
  });

  test('a job whose place comes too late for its caller gives up its place in the queue (503) and is never printed', async () => {
    const pool = new ChromiumPool({ ...settings({ pages: 1, queueLimit: 5 }), fonts: loadSarabun() });
    try {
      let release = () => undefined as void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const measured: string[] = [];
      const job = (name: string, options: { placeBy?: number } = {}) =>
        pool.print(`<!doctype html><p>${name}</p>`, { ...options, measure: async () => void measured.push(name) });
      // The one page is busy with a job that waits in its measuring step until released.
      const first = pool.print('<!doctype html><p>first</p>', { measure: () => held });
      expect(await waitFor(() => pool.stats().busy === 1)).toBe(true);
      const started = Date.now();
      const late = job('late', { placeBy: Date.now() + 300 });
      const patient = job('patient');
      await expect(late).rejects.toMatchObject({ code: ErrorCode.Unavailable, details: { retryAfterSeconds: 5 } });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(pool.stats().queued).toBe(1);
      release();
      await first;
      await patient;
      // The patient job printed; the one that gave up never reached a page.
      expect(measured).toEqual(['patient']);
      expect(pool.stats().queued).toBe(0);
    } finally {
      await pool.close();
    }
  });

  test('the browser is replaced after RENDER_RECYCLE_AFTER jobs; health says up, and down once closed', async () => {
    const renderer = new Renderer(settings({ recycleAfter: 2 }));
    const health = await renderer.health();
    expect(health).toMatchObject({ up: true, launches: 1 });
    expect(health.version).toMatch(/Chrom/);
    const firstPid = renderer.pool.pid!;
    for (let i = 0; i < 5; i++) await renderer.renderMemoPdf(seedMemoModel('003'));
    // The replacement starts in the background once two jobs are done, and takes over when it is up.
    expect(await waitFor(() => renderer.pool.launches >= 2, 15_000)).toBe(true);
    expect(await waitFor(() => !alive(firstPid), 10_000)).toBe(true);
    expect((await renderer.renderMemoPdf(seedMemoModel('003'))).pages).toBeGreaterThan(3);
    const lastPid = renderer.pool.pid!;
    await renderer.close();
    expect(await renderer.health()).toMatchObject({ up: false });
    expect(await waitFor(() => !alive(lastPid))).toBe(true);
    await expect(renderer.renderMemoPdf(seedMemoModel('003'))).rejects.toMatchObject({ code: ErrorCode.Unavailable });
  });
});
