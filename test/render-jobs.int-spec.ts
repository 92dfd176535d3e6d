import { DataSource } from 'typeorm';
import { databaseOptions } from '../src/database/database-options';
import { Renderer } from '../src/rendering/renderer';
import { renderingSettings } from '../src/rendering/rendering.config';
import { enqueue } from '../src/outbox/outbox';
import { OutboxJob } from '../src/outbox/outbox-job.entity';
import { OutboxRunner } from '../src/outbox/outbox-runner';
import { poppler } from './support/pdf-tools';
import { seedModel } from './support/render-models';
import { freshDatabase } from './support/test-app';

/** Render jobs survive Chromium crashes: killed mid-run 20 times, 100 jobs still end with 100 correct PDFs. */
describe('render jobs under Chromium crashes (MariaDB)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let dataSource: DataSource;
  const renderer = new Renderer({ ...renderingSettings(), pages: 2 });

  beforeAll(async () => {
    database = await freshDatabase('mysql');
    dataSource = await new DataSource({ ...databaseOptions({ url: database.env.DATABASE_URL, dataDir: database.env.DATA_DIR }), migrationsRun: true }).initialize();
  });
  afterAll(async () => {
    await renderer.close();
    await dataSource.destroy();
    await database.drop();
  });

  test('100 jobs, 20 kills, 100 correct PDFs', async () => {
    const expectedPages = (await renderer.pdf(seedModel('003'))).pages;
    await dataSource.transaction((manager) =>
      enqueue(manager, Array.from({ length: 100 }, (_, i) => ({ organizationId: 'org', kind: 'render' as const, payload: { i }, dedupeKey: `render-${i}` }))),
    );
    const pdfs = new Map<number, Buffer>();
    const runner = new OutboxRunner(
      dataSource,
      {
        render: async (job) => {
          const { pdf } = await renderer.pdf(seedModel('003'));
          pdfs.set(job.payload.i as number, pdf);
        },
      },
      { batchSize: 4, backoffBaseMs: 20, backoffMaxMs: 200, maxAttempts: 20 },
    );
    let kills = 0;
    // One kill every ~4 finished PDFs, so the 20 kills fall during the run rather than before it.
    const killer = (async () => {
      while (kills < 20) {
        const target = pdfs.size + 4;
        while (pdfs.size < target && pdfs.size < 100) await new Promise((resolve) => setTimeout(resolve, 20));
        if (pdfs.size >= 100) break;
        const pid = renderer.pool.pid;
        if (pid) {
          try {
            process.kill(pid, 'SIGKILL');
            kills++;
          } catch {
            /* already gone */
          }
        }
      }
    })();
    const deadline = Date.now() + 170_000;
    const work = async () => {
      while (Date.now() < deadline) {
        const ran = await runner.runOnce();
        const left = await dataSource.getRepository(OutboxJob).count({ where: [{ status: 'pending' }, { status: 'running' }] });
        if (left === 0) return;
        if (ran === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    // Two workers, as two pages of the pool.
    await Promise.all([work(), work()]);
    await killer;
    expect(kills).toBe(20);
    const statuses = await dataSource.query(`SELECT status, COUNT(*) AS n FROM outbox_jobs GROUP BY status`);
    expect(statuses.map((s: { status: string; n: string }) => [s.status, Number(s.n)])).toEqual([['done', 100]]);
    expect(pdfs.size).toBe(100);
    for (const pdf of [...pdfs.values()].filter((_, i) => i % 10 === 0)) {
      expect(Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf))![1])).toBe(expectedPages);
    }
    expect(renderer.pool.launches).toBeGreaterThanOrEqual(10);
  }, 180_000);
});
