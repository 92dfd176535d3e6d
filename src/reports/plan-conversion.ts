import type {
  ColumnRole,
  IssueSection,
  MeasuresTableSection,
  ReportContent,
  ReportPeriod,
  ReportSection,
  TableColumn,
} from './document-format';

/** Columns that describe the plan: copied into an implementation report. The others hold results. */
export const PLAN_ROLES: ReadonlySet<ColumnRole> = new Set(['measure', 'steps', 'period', 'responsible', 'monitoring']);

const RESULT_COLUMNS: TableColumn[] = [
  { heading: 'ผลการดำเนินการ', role: 'result' },
  { heading: 'ผลลัพธ์หรือผลสัมฤทธิ์ในการดำเนินการ', role: 'outcome' },
];

/** The columns of an implementation report's table (the plan's four, then the results): also a new report's start. */
export const IMPLEMENTATION_COLUMNS: readonly TableColumn[] = [
  { heading: 'มาตรการ/โครงการ/กิจกรรม', role: 'measure' },
  { heading: 'ขั้นตอน/วิธีการปฏิบัติ', role: 'steps' },
  { heading: 'ระยะเวลาในการดำเนินการ', role: 'period' },
  { heading: 'ผู้รับผิดชอบ', role: 'responsible' },
  ...RESULT_COLUMNS,
];

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const paragraph = (text: string | undefined) => (text ? `<p>${escapeHtml(text)}</p>` : '');

/** A plan table with its result columns emptied (or added when the plan had none). */
function tableFromPlanTable(table: MeasuresTableSection): MeasuresTableSection {
  const keep = table.columns.map((column) => PLAN_ROLES.has(column.role));
  const planColumns = table.columns.filter((_, i) => keep[i]);
  const resultColumns = table.columns.filter((_, i) => !keep[i] && table.columns[i].role !== 'status');
  const added = resultColumns.length > 0 ? resultColumns : RESULT_COLUMNS;
  return {
    type: 'measures_table',
    ...(table.heading ? { heading: table.heading } : {}),
    columnSet: table.columnSet === 'plan_monitoring' ? 'implementation_results' : table.columnSet,
    columns: [...planColumns, ...added],
    groups: table.groups.map((group) => ({
      ...(group.heading ? { heading: group.heading } : {}),
      rows: group.rows.map((row) => ({
        cells: [...row.cells.filter((_, i) => keep[i]), ...added.map(() => '')],
      })),
    })),
  };
}

/** One table row per issue of a measures report (ประเด็นที่ n → its measure, steps, period, responsible unit). */
function tableFromIssues(issues: IssueSection[]): MeasuresTableSection {
  return {
    type: 'measures_table',
    columnSet: 'implementation_results',
    columns: IMPLEMENTATION_COLUMNS.map((column) => ({ ...column })),
    groups: [
      {
        rows: issues.map((issue) => ({
          cells: [
            paragraph(issue.measure ?? issue.title),
            issue.steps?.length ? `<ol>${issue.steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>` : '',
            paragraph(issue.period),
            paragraph(issue.responsible),
            '',
            '',
          ],
        })),
      },
    ],
  };
}

/**
 * A new implementation report for a plan: the plan's measures (tables and issue blocks) with empty result columns.
 * Narrative and scores are not copied: they describe the plan, not its results.
 */
export function implementationReportFromPlan(plan: ReportContent, period: ReportPeriod): ReportContent {
  const tables: ReportSection[] = plan.sections
    .filter((s): s is MeasuresTableSection => s.type === 'measures_table')
    .map(tableFromPlanTable);
  const issues = plan.sections.filter((s): s is IssueSection => s.type === 'issue');
  if (issues.length > 0) tables.unshift(tableFromIssues(issues));
  const round = period === 'half_year' ? ' รอบ ๖ เดือน' : '';
  return {
    kind: 'implementation',
    title: `รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ${plan.fiscalYear}${round}`,
    ...(plan.issuer ? { issuer: plan.issuer } : {}),
    fiscalYear: plan.fiscalYear,
    period,
    planReference: plan.title,
    sections: [
      {
        type: 'narrative',
        body: paragraph(`ตามที่ได้จัดทำ${plan.title} นั้น ได้ดำเนินการตามมาตรการดังกล่าว โดยมีผลการดำเนินการดังนี้`),
      },
      ...tables,
    ],
    ...(plan.signer ? { signer: plan.signer } : {}),
  };
}

/** Last year's report as a starting point for this year: same content, next fiscal year. */
export function reportForNextYear(report: ReportContent): ReportContent {
  return { ...structuredClone(report), fiscalYear: report.fiscalYear + 1 };
}
