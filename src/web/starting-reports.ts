import type { ReportContent, ReportKind } from '../reports/document-format';
import { IMPLEMENTATION_COLUMNS } from '../reports/plan-conversion';

const TITLES: Record<ReportKind, (year: number) => string> = {
  measures: (y) => `มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ${y}`,
  implementation: (y) => `รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ${y}`,
  other: (y) => `เอกสารประจำปีงบประมาณ พ.ศ. ${y}`,
};

/** A starting report for each kind, with the column set the seeds use. */
export function templateReport(kind: ReportKind, fiscalYear: number): ReportContent {
  const base = { kind, title: TITLES[kind](fiscalYear), fiscalYear, period: 'full_year' as const };
  if (kind === 'measures') {
    return { ...base, sections: [{ type: 'narrative', body: '<p>ตามที่สำนักงาน ป.ป.ช. ได้แจ้งผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) …</p>' }, { type: 'issue', number: 1, title: 'ประเด็นที่ต้องพัฒนา', steps: [] }] };
  }
  if (kind === 'implementation') {
    return {
      ...base,
      sections: [
        { type: 'narrative', body: '<p>ได้ดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส โดยมีผลการดำเนินการดังนี้</p>' },
        {
          type: 'measures_table',
          columnSet: 'implementation_results',
          columns: IMPLEMENTATION_COLUMNS.map((column) => ({ ...column })),
          groups: [{ rows: [{ cells: IMPLEMENTATION_COLUMNS.map(() => '') }] }],
        },
      ],
    };
  }
  return { ...base, sections: [{ type: 'narrative', body: '<p></p>' }] };
}
