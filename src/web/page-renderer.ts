import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot } from '../common/project-root';
import { PAGE_HELPER_NAMES, PAGE_HELPERS } from './page-helpers';

export const PAGE_TEMPLATES_DIR = join(projectRoot(), 'templates', 'pages');
/** The public site's pages and the signed-in people's pages live apart: templates/pages/public and templates/pages/staff. */
const PAGE_AUDIENCES = ['public', 'staff'] as const;

/**
 * The web pages' templates (templates/pages/{public,staff}/*.hbs, named `public/document`, `staff/memo` …), compiled once at start in their own Handlebars environment:
 * strict (a missing field is an error, not an empty string), known helpers only, every value escaped unless a
 * template says otherwise with a reason.
 */
@Injectable()
export class PageRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();

  constructor() {
    for (const [name, helper] of Object.entries(PAGE_HELPERS)) this.handlebars.registerHelper(name, helper as Handlebars.HelperDelegate);
    const options = { strict: true, knownHelpersOnly: true, knownHelpers: Object.fromEntries(PAGE_HELPER_NAMES.map((n) => [n, true])) };
    const partials = join(PAGE_TEMPLATES_DIR, 'partials');
    for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
      this.handlebars.registerPartial(basename(file, '.hbs'), this.handlebars.compile(readFileSync(join(partials, file), 'utf8'), options));
    }
    for (const audience of PAGE_AUDIENCES) {
      const dir = join(PAGE_TEMPLATES_DIR, audience);
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
        this.pages.set(`${audience}/${basename(file, '.hbs')}`, this.handlebars.compile(readFileSync(join(dir, file), 'utf8'), options));
      }
    }
  }

  render(page: string, model: Record<string, unknown>): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`no page template ${page}`);
    return template(model);
  }
}
