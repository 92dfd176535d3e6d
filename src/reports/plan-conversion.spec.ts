import seed000 from '../../test/fixtures/seed-000-measures.json';
import seed003 from '../../test/fixtures/seed-003-memo-implementation.json';
import type { KasianDocument, MeasuresTableSection } from './document-format';
import { implementationReportFromPlan, reportForNextYear } from './plan-conversion';

const tables = (sections: KasianDocument['report']['sections']) =>
  sections.filter((s): s is MeasuresTableSection => s.type === 'measures_table');

describe('implementationReportFromPlan', () => {
  test('issue blocks of a measures report become rows with empty result columns', () => {
    const plan = (seed000 as unknown as KasianDocument).report;
    const report = implementationReportFromPlan(plan, 'half_year');
    expect(report.kind).toBe('implementation');
    expect(report.period).toBe('half_year');
    expect(report.planReference).toBe(plan.title);
    const [table] = tables(report.sections);
    const rows = table.groups[0].rows;
    const issues = plan.sections.filter((s) => s.type === 'issue');
    expect(rows).toHaveLength(issues.length);
    expect(table.columns.map((c) => c.role)).toEqual(['measure', 'steps', 'period', 'responsible', 'result', 'outcome']);
    const first = issues[0] as { measure: string; steps: string[] };
    expect(rows[0].cells[0]).toContain(first.measure);
    expect(rows[0].cells[1].match(/<li>/g)).toHaveLength(first.steps.length);
    expect(rows.every((r) => r.cells[4] === '' && r.cells[5] === '')).toBe(true);
  });

  test('plan tables keep their plan columns and get empty result cells', () => {
    const plan = (seed003 as unknown as KasianDocument).report;
    const [planTable] = tables(plan.sections);
    const report = implementationReportFromPlan({ ...plan, sections: [planTable] }, 'full_year');
    const [table] = tables(report.sections);
    expect(table.columns.map((c) => c.heading)).toEqual([...planTable.columns.map((c) => c.heading), 'ผลการดำเนินการ', 'ผลลัพธ์หรือผลสัมฤทธิ์ในการดำเนินการ']);
    expect(table.groups[0].rows).toHaveLength(planTable.groups[0].rows.length);
    expect(table.groups[0].rows[3].cells.slice(0, 4)).toEqual(planTable.groups[0].rows[3].cells);
  });
});

describe('reportForNextYear', () => {
  test('moves to the next fiscal year without touching the original', () => {
    const original = (seed003 as unknown as KasianDocument).report;
    const copy = reportForNextYear(original);
    expect(copy.fiscalYear).toBe(original.fiscalYear + 1);
    expect(copy.sections).toEqual(original.sections);
    expect(copy.sections).not.toBe(original.sections);
  });
});
