/**
 * npx ts-node --transpile-only scripts/calibrate-estimate.ts — how good the layout estimate is (page-estimate.ts for
 * text sections, table-layout.ts for measures tables): every fixture's report is laid out in the pool's Chromium
 * (the same fonts as a print: fontconfig), each section measured at its pages' text width, and set beside the
 * estimate. Run it after changing the templates' spacing or the estimate's constants; ratios near 1 are the aim.
 */
import { pullContinuationRows } from '../src/rendering/continued-captions';
import { reportView } from '../src/rendering/document-view';
import { blocksHeightCm, headBlocks, sectionBlocks } from '../src/rendering/page-estimate';
import { Renderer } from '../src/rendering/renderer';
import { renderingSettings } from '../src/rendering/rendering.config';
import { measureText, PAGE_AREA } from '../src/rendering/table-layout';
import { extraWords } from '../src/rendering/thai-breaks';
import { sharedWordList } from '../src/rendering/thai-words';
import { fixtureReportModel, loadFixtures } from '../test/support/fidelity';

async function main() {
  const renderer = new Renderer({ ...renderingSettings(), pages: 1 });
  try {
    for (const fixture of loadFixtures()) {
      const model = fixtureReportModel(fixture);
      const view = reportView(model.report, 'thai', fixture.words ?? []);
      const tables = view.runs.flatMap((run) => run.sections).filter((s) => s.table).map((s) => ({ orientation: s.orientation, pages: s.table!.estimatedPages }));
      // Measured in the page the pool prints on, between setContent and printing.
      let measured: { portrait: number[]; own: number[] } = { portrait: [], own: [] };
      await renderer.pool.print(renderer.renderReportHtmlForPrint(model), {
        measure: async (page) => {
          await pullContinuationRows(page);
          const heights = (widths: string) =>
            page.evaluate((css: string) => {
              const style = document.createElement('style');
              style.textContent = css;
              document.head.append(style);
              const cm = 96 / 2.54;
              const out = Array.from(document.querySelectorAll('.report-head, .section')).map((e) => (e.getBoundingClientRect().height + parseFloat(getComputedStyle(e).marginTop)) / cm);
              style.remove();
              return out;
            }, widths);
          measured = {
            portrait: await heights(`.run, .run.landscape { width: ${PAGE_AREA.portrait.width}cm !important }`),
            own: await heights(`.run { width: ${PAGE_AREA.portrait.width}cm !important } .run.landscape { width: ${PAGE_AREA.landscape.width}cm !important }`),
          };
        },
      });
      const trie = sharedWordList();
      const extra = extraWords(fixture.words ?? []);
      const pieces = (text: string) => measureText([text], trie, extra).pieces[0] ?? [];
      const row = (label: string, actual: number, estimate: number) => console.log(`  ${label.padEnd(28)} measured ${actual.toFixed(2).padStart(6)} cm  estimated ${estimate.toFixed(2).padStart(6)} cm  ${(actual / estimate).toFixed(2)}`);
      console.log(`\n${fixture.file}`);
      row('head', measured.portrait[0], blocksHeightCm(headBlocks(model.report)));
      let t = 0;
      model.report.sections.forEach((section, i) => {
        if (section.type === 'measures_table') {
          const table = tables[t++];
          row(`measures table (${table.orientation})`, measured.own[i + 1], table.pages * PAGE_AREA[table.orientation].height);
        } else row(section.type, measured.portrait[i + 1], blocksHeightCm(sectionBlocks(section, pieces)));
      });
    }
  } finally {
    await renderer.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
