/**
 * npm run check:fidelity — renders every fixture in test/fixtures (memo + report, and the report alone) through the
 * real renderer and prints, per document: pages (beside the original's, where test/fixtures/originals.json records
 * it), how full each page is, breaks inside words of the Thai word list (pdftotext -raw line ends), pages holding
 * only a table header, fonts embedded, and text coverage against the fixture. Exits 1 when a document misses the
 * targets of issue 15 (docs/rendering.md, "Fidelity check").
 * Options: --icu (leave line breaking to Chromium, for comparison), --json, --only NAME.
 */
import { Renderer } from '../src/rendering/renderer';
import { renderingSettings } from '../src/rendering/rendering.config';
import { fidelityProblems, fixtureMemoModel, fixtureName, fixtureReportModel, loadFixtures, measurePdf } from '../test/support/fidelity';

async function main() {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
  const renderer = new Renderer({ ...renderingSettings(), pages: 2 }, { thaiLineBreaks: !args.includes('--icu') });
  const results = [];
  let failed = 0;
  try {
    for (const fixture of loadFixtures().filter((f) => !only || fixtureName(f.file).includes(only))) {
      const [full, alone] = await Promise.all([renderer.renderMemoPdf(fixtureMemoModel(fixture)), renderer.renderReportPdf(fixtureReportModel(fixture))]);
      const memo = measurePdf(full.pdf, fixture.document, { withMemo: true, words: fixture.words });
      const report = measurePdf(alone.pdf, fixture.document, { withMemo: false, words: fixture.words });
      const problems = fidelityProblems(fixture, memo, report);
      if (problems.length > 0) failed++;
      const fill = (m: typeof memo) => m.perPage.map((p) => `${Math.round(p.fill * 100)}${p.landscape ? 'L' : ''}${p.headerOnly ? 'H' : ''}`).join(' ');
      console.log(`\n${fixtureName(fixture.file)}${fixture.source ? `  (${fixture.source})` : ''}`);
      console.log(`  pages: memo + report ${memo.pages}; report alone ${report.pages}${fixture.originalPages ? `; original ${fixture.originalPages} (${fixture.originalCovers ?? 'report'}) → ${(((fixture.originalCovers === 'memo+report' ? memo.pages : report.pages) / fixture.originalPages)).toFixed(2)}×` : ''}`);
      console.log(`  fill % per page (L landscape, H header only): ${fill(memo)}`);
      console.log(`  breaks inside words: ${memo.wordBreaks.length}${memo.wordBreaks.length ? ` — ${memo.wordBreaks.slice(0, 12).map((b) => `p${b.page} ${b.at}`).join(', ')}` : ''}`);
      console.log(`  fonts: ${memo.fonts.join(', ')}`);
      console.log(`  text coverage: ${(memo.coverage * 100).toFixed(1)} %${memo.missing.length ? ` (missing: ${memo.missing.slice(0, 8).join(' ')})` : ''}`);
      console.log(`  ${problems.length ? `FAILS: ${problems.join('; ')}` : 'meets the targets'}`);
      results.push({ fixture: fixture.file, originalPages: fixture.originalPages ?? null, memo, report, problems });
    }
  } finally {
    await renderer.close();
  }
  if (args.includes('--json')) console.log(JSON.stringify(results, null, 2));
  console.log(`\n${results.length - failed} of ${results.length} documents meet the targets`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
