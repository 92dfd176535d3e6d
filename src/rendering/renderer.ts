import { PDFDocument } from 'pdf-lib';
import { ChromiumPool } from './chromium-pool';
import { DocumentTemplate, TEMPLATE_VERSION } from './document-template';
import { loadFonts } from './fonts';
import type { MemoRenderModel } from './render-model';
import type { RenderingSettings } from './rendering.config';

export interface RenderedPdf {
  pdf: Buffer;
  pages: number;
  templateVersion: string;
}

/** Plain view model in, PDF bytes out. Knows nothing of the database; usable with or without Nest. */
export class Renderer {
  readonly pool: ChromiumPool;
  private readonly template = new DocumentTemplate();

  constructor(settings: RenderingSettings) {
    this.pool = new ChromiumPool({ ...settings, assets: loadFonts() });
  }

  html(model: MemoRenderModel): string {
    return this.template.html(model);
  }

  async pdf(model: MemoRenderModel): Promise<RenderedPdf> {
    const html = this.template.html(model);
    const pdf = await this.pool.run(async (page) => {
      await page.setContent(html, { waitUntil: 'load', timeout: 20_000 });
      return Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true, waitForFonts: true, timeout: 10_000, tagged: false }));
    });
    const pages = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
    return { pdf, pages, templateVersion: TEMPLATE_VERSION };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
