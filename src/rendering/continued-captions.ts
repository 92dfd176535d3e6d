import type { Page } from 'puppeteer-core';
import { PAGE_AREA } from './table-layout';

/**
 * "(ต่อ)" after a group's caption on the pages the group continues on, and not on its first (docs/rendering.md,
 * "Pagination"). Each captioned group prints as a caption, then its table inside a box that clips (`.continued`);
 * the table's repeated header starts with the caption and "(ต่อ)". On the first page that row must not show, so the
 * table is pulled up by exactly the row's height, out of the clipping box; Chromium repeats the header at the top of
 * every later page, inside the box. Only layout knows the row's height (the caption may wrap), so this step measures
 * it in the page between setContent and printing — with the print styles and each run of pages at its own text
 * width — and sets the pull. Half a border is left showing: the table's top line, under the caption.
 */
export const HAS_CONTINUED_CAPTIONS = 'class="continuation"';

export async function pullContinuationRows(page: Page): Promise<void> {
  await page.emulateMediaType('print');
  await page.evaluate(
    (portraitCm: number, landscapeCm: number) => {
      // Screen layout has no pages: give each run the width of its pages' text area while measuring.
      const widths = document.createElement('style');
      widths.textContent = `.run { width: ${portraitCm}cm !important } .run.landscape { width: ${landscapeCm}cm !important }`;
      document.head.append(widths);
      const tables = Array.from(document.querySelectorAll<HTMLTableElement>(".continued > table"));
      const pulls = tables.map((table) => {
        const headings = table.tHead?.rows[1];
        return headings ? headings.getBoundingClientRect().top - table.getBoundingClientRect().top : 0;
      });
      widths.remove();
      const halfBorder = 0.5;
      tables.forEach((table, i) => {
        if (pulls[i] > halfBorder) table.style.marginTop = `${-(pulls[i] - halfBorder)}px`;
      });
    },
    PAGE_AREA.portrait.width,
    PAGE_AREA.landscape.width,
  );
}
