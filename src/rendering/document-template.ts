import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root';
import { documentView } from './document-view';
import { FONT_FACES } from './fonts';
import type { MemoRenderModel } from './render-model';

/** Bump when the templates change what a rendered PDF looks like; it is recorded with every rendered file. */
export const TEMPLATE_VERSION = 'memo-report@1';

const PAGE_NUMBERS = {
  thai: '@page { @top-center { content: "- " counter(page, thai) " -"; font-family: Sarabun; font-size: 16pt; } }',
  arabic: '@page { @top-center { content: "- " counter(page) " -"; font-family: Sarabun; font-size: 16pt; } }',
};

/**
 * The document templates (templates/documents), compiled once in their own Handlebars environment: strict, known
 * helpers only. User text is always `{{ }}`-escaped; rich text (sanitized upstream against the allowlist) goes
 * through the one `rich` helper.
 */
export class DocumentTemplate {
  private readonly handlebars = Handlebars.create();
  private readonly template: Handlebars.TemplateDelegate;
  private readonly css: string;

  constructor() {
    const dir = join(projectRoot(), 'templates', 'documents');
    this.css = readFileSync(join(dir, 'print.css'), 'utf8');
    this.handlebars.registerHelper('rich', (html: unknown) => new this.handlebars.SafeString(typeof html === 'string' ? html : ''));
    this.template = this.handlebars.compile(readFileSync(join(dir, 'document.hbs'), 'utf8'), {
      strict: true,
      knownHelpersOnly: true,
      knownHelpers: { rich: true },
    });
  }

  html(model: MemoRenderModel): string {
    const styles = `${FONT_FACES}\n${this.css}\n${PAGE_NUMBERS[model.organization.numerals]}`;
    return this.template({ ...documentView(model), styles });
  }
}
