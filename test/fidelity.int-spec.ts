import { Renderer } from '../src/rendering/renderer';
import { renderingSettings } from '../src/rendering/rendering.config';
import { fidelityProblems, fixtureMemoModel, fixtureName, fixtureReportModel, loadFixtures, measurePdf, type FidelityMeasure } from './support/fidelity';

/**
 * The fidelity check (npm run check:fidelity) as a test: every fixture in test/fixtures, rendered as memo + report
 * and as the report alone through the real Chromium, read back with poppler (pdftotext -raw and -bbox, pdffonts,
 * pdfinfo). Assertions are on extracted text and page geometry, never on timings.
 */
const FIXTURES = loadFixtures();

describe('fidelity of every fixture', () => {
  const renderer = new Renderer({ ...renderingSettings(), pages: 2 });
  const measured: Record<string, { memo: FidelityMeasure; report: FidelityMeasure }> = {};

  beforeAll(async () => {
    for (const fixture of FIXTURES) {
      const [full, alone] = await Promise.all([renderer.renderMemoPdf(fixtureMemoModel(fixture)), renderer.renderReportPdf(fixtureReportModel(fixture))]);
      measured[fixture.file] = {
        memo: measurePdf(full.pdf, fixture.document, { withMemo: true, words: fixture.words }),
        report: measurePdf(alone.pdf, fixture.document, { withMemo: false, words: fixture.words }),
      };
    }
  }, 300_000);
  afterAll(() => renderer.close());

  test('there are the three seeds and at least two documents of other shapes', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(5);
    expect(FIXTURES.filter((f) => f.document.version === 2).length).toBeGreaterThanOrEqual(2);
  });

  test.each(FIXTURES.map((f) => [fixtureName(f.file), f] as const))('%s: no break inside a word, no sparse or header-only page, Sarabun only, all the text', (_name, fixture) => {
    const { memo, report } = measured[fixture.file];
    expect(memo.wordBreaks).toEqual([]);
    expect(report.wordBreaks).toEqual([]);
    for (const measure of [memo, report]) {
      expect(measure.perPage.filter((p) => p.headerOnly)).toEqual([]);
      expect(measure.fonts.length).toBeGreaterThan(0);
      for (const font of measure.fonts) expect(font).toMatch(/^[A-Z]{6}\+Sarabun-(Regular|Bold)$/);
      expect(measure.missing).toEqual([]);
    }
    // Every page but a part's last is at least a third full (the whole list of targets, with the page ratio).
    expect(fidelityProblems(fixture, memo, report)).toEqual([]);
    if (fixture.originalPages) expect(report.pages).toBeLessThanOrEqual(fixture.originalPages * 1.3);
  });

  test('the measurement finds what Chromium’s own line breaking does: breaks inside words', async () => {
    const icu = new Renderer({ ...renderingSettings(), pages: 1 }, { thaiLineBreaks: false });
    try {
      const fixture = FIXTURES.find((f) => f.file.startsWith('seed-003'))!;
      const { pdf } = await icu.renderReportPdf(fixtureReportModel(fixture));
      const measure = measurePdf(pdf, fixture.document, { withMemo: false });
      expect(measure.wordBreaks.length).toBeGreaterThan(10);
      expect(measure.wordBreaks.map((b) => b.at).join(' ')).toMatch(/[ก-๙]\|[ก-๙]/);
    } finally {
      await icu.close();
    }
  });
});
