import { RendererService } from '../src/rendering/renderer.service';
import { seedMemoModel } from './support/rendering-models';
import { startTestApp, type TestApp } from './support/test-app';

const waitFor = async (condition: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
  return condition();
};

/**
 * Readiness tells the truth about rendering: a print that missed its deadline makes it answer 503 until a print
 * works again, on the browser that replaced the hung one.
 */
/** The operator's token: /health/ready shows its checks to it. */
const HEALTH_TOKEN = 'renderer-operator-token-0123456789';

describe('the renderer in /health/ready', () => {
  let t: TestApp;
  let renderer: RendererService;

  beforeAll(async () => {
    t = await startTestApp('sqlite', { RENDER_TIMEOUT_MS: '2000', RENDER_PAGES: '1', HEALTH_TOKEN });
    renderer = t.app.get(RendererService);
  });
  afterAll(() => t.close());

  const health = async () => {
    const response = await fetch(`${t.baseUrl}/health/ready`, { headers: { authorization: `Bearer ${HEALTH_TOKEN}` } });
    return { status: response.status, body: (await response.json()) as any };
  };

  test('up, then 503 while the browser hangs, then up again once the next document prints on a new browser', async () => {
    expect((await renderer.renderMemoPdf(seedMemoModel('003'))).pages).toBeGreaterThan(3);
    expect((await health()).status).toBe(200);

    const hung = renderer.pool.pid!;
    expect(await waitFor(() => renderer.pool.stats().idle === 1)).toBe(true);
    process.kill(hung, 'SIGSTOP');
    await expect(renderer.renderMemoPdf(seedMemoModel('003'))).rejects.toMatchObject({ details: { timeoutMs: 2000 } });

    const down = await health();
    expect(down.status).toBe(503);
    expect(JSON.stringify(down.body)).toMatch(/longer than 2000 ms/);

    expect((await renderer.renderMemoPdf(seedMemoModel('003'))).pages).toBeGreaterThan(3);
    expect(renderer.pool.pid).not.toBe(hung);
    expect((await health()).status).toBe(200);
  });
});
