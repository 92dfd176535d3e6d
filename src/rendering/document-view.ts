import { ROW_STATUS_LABELS, URGENCY_LABELS, type ColumnRole, type ReportSection } from '../reports/document-format';
import type { MemoRenderModel, RenderImage } from './render-model';
import { formatScore, formatThaiDate, withNumerals, type Numerals } from './thai-format';

const COLUMN_WEIGHT: Record<ColumnRole, number> = {
  measure: 18, steps: 24, period: 10, responsible: 14, monitoring: 15, result: 24, outcome: 22, success: 22, status: 10, suggestion: 16, other: 16,
};

function dataUrl(image: RenderImage | null): string | null {
  return image ? `data:${image.type};base64,${image.data.toString('base64')}` : null;
}

/** One section as the template wants it: exactly one of the kinds set, every field present (strict templates). */
function sectionView(section: ReportSection, numerals: Numerals) {
  const empty = { narrative: null, ita: null, issue: null, table: null };
  switch (section.type) {
    case 'narrative':
      return { ...empty, narrative: { heading: section.heading ?? null, body: section.body } };
    case 'ita_results': {
      const hasPrevious = section.overall.previousScore !== undefined || Boolean(section.previousYear);
      const score = (s: { score: number; previousScore?: number }) => ({ score: formatScore(s.score, numerals), previous: formatScore(s.previousScore, numerals) });
      return {
        ...empty,
        ita: {
          heading: section.heading ?? null,
          assessmentYear: withNumerals(section.assessmentYear, numerals),
          previousYear: section.previousYear ? withNumerals(section.previousYear, numerals) : '',
          hasPrevious,
          result: section.overall.result ?? null,
          overall: score(section.overall),
          tools: (section.tools ?? []).map((t) => ({ label: t.label, ...score(t) })),
          indicators: (section.indicators ?? []).map((i) => ({ number: withNumerals(i.number, numerals), name: i.name, tool: i.tool ?? null, ...score(i) })),
          note: section.note ?? null,
        },
      };
    }
    case 'issue':
      return {
        ...empty,
        issue: {
          number: withNumerals(section.number, numerals),
          title: section.title,
          sourceQuestion: section.sourceQuestion ?? null,
          facts: section.facts ?? null,
          measure: section.measure ?? null,
          responsible: section.responsible ?? null,
          steps: section.steps?.length ? section.steps.map((text, i) => ({ number: withNumerals(i + 1, numerals), text })) : null,
          period: section.period ?? null,
        },
      };
    case 'measures_table': {
      const hasStatus = section.groups.some((g) => g.rows.some((r) => r.status));
      const total = section.columns.reduce((n, c) => n + COLUMN_WEIGHT[c.role], 0) + (hasStatus ? COLUMN_WEIGHT.status : 0);
      return {
        ...empty,
        table: {
          heading: section.heading ?? null,
          columns: section.columns.map((c) => ({ heading: c.heading, width: Math.round((COLUMN_WEIGHT[c.role] / total) * 100) })),
          hasStatus,
          span: section.columns.length + (hasStatus ? 1 : 0),
          groups: section.groups.map((g) => ({
            heading: g.heading ?? null,
            rows: g.rows.map((r) => ({ cells: r.cells, status: r.status ? ROW_STATUS_LABELS[r.status] : '' })),
          })),
        },
      };
    }
  }
}

/** The template's context for a memo and its report; every generated number in the organisation's numerals. */
export function documentView(model: MemoRenderModel) {
  const numerals = model.organization.numerals;
  const { memo, report } = model.document;
  return {
    draft: model.draft,
    emblem: dataUrl(model.organization.emblem),
    urgency: memo.urgency && memo.urgency !== 'none' ? URGENCY_LABELS[memo.urgency] : null,
    memo: { ...memo, phone: memo.phone ?? null, via: memo.via ?? null },
    documentNumber: memo.documentNumber ?? '',
    memoDate: memo.date ? formatThaiDate(memo.date, numerals) : '',
    attachments: memo.attachments?.length
      ? memo.attachments.map((text, i) => ({ label: memo.attachments!.length > 1 ? withNumerals(`${i + 1}.`, numerals) : '', text }))
      : null,
    author: { name: model.author.displayName, position: model.author.position, signature: dataUrl(model.author.signature) },
    reviews: model.reviews.map((r) => ({
      heading: r.heading,
      reached: r.comment !== null,
      comment: r.comment ?? '',
      signerName: r.signerName ?? '',
      signerPosition: r.signerPosition ?? '',
      actingFor: r.actingFor,
      signature: dataUrl(r.signature),
      date: r.date ? formatThaiDate(r.date, numerals) : '',
    })),
    report: { title: report.title, subtitle: report.subtitle ?? null, issuer: report.issuer ?? null, signer: report.signer ?? null },
    sections: report.sections.map((s) => sectionView(s, numerals)),
  };
}
