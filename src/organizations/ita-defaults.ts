import type { ReportKind } from '../reports/document-format';

/** The OIT items of 2563–2567 that Kasian's documents answer; admins add others and later years' renumbering. */
export const DEFAULT_ITA_ITEMS: { fiscalYear: number; code: string; title: string; reportKind: ReportKind }[] = [2563, 2564, 2565, 2566, 2567].flatMap(
  (fiscalYear) => [
    { fiscalYear, code: 'O42', title: 'มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน', reportKind: 'measures' as const },
    { fiscalYear, code: 'O43', title: 'การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน', reportKind: 'implementation' as const },
  ],
);
