/**
 * The Kasian document format, version 2: one report and its covering memo. The JSON Schema in
 * `docs/document-format.schema.json` is the contract for import/export (version 1, a subset, is
 * `docs/document-format-v1.schema.json`); these types mirror it. Rich text fields hold allowlisted HTML (see
 * `rich-text.ts`). Fields marked "v2" are new in version 2; a document using none of them is exported as version 1.
 */
export const DOCUMENT_FORMAT = 'kasian.document';
export const DOCUMENT_FORMAT_VERSION = 2;
export const DOCUMENT_FORMAT_VERSIONS = [1, 2] as const;
export type DocumentFormatVersion = (typeof DOCUMENT_FORMAT_VERSIONS)[number];

export type ReportKind = 'measures' | 'implementation' | 'other';
export type ReportPeriod = 'full_year' | 'half_year';
export type Urgency = 'none' | 'urgent' | 'very_urgent' | 'most_urgent';
export type RowStatus = 'done' | 'in_progress' | 'not_started';
export type ColumnSet = 'plan_monitoring' | 'implementation_results' | 'results_success' | 'indicator_status' | 'custom';
export type ColumnRole =
  | 'measure'
  | 'steps'
  | 'period'
  | 'responsible'
  | 'monitoring'
  | 'result'
  | 'outcome'
  | 'success'
  | 'status'
  | 'suggestion'
  | 'other';

/** Allowlisted HTML. */
export type RichText = string;

/** v2: digits of the numbers Kasian prints for this document (page numbers, scores, years, step numbers). */
export type Digits = 'inherit' | 'thai' | 'arabic';
/** v2: how a section's pages are turned; `auto` lets its content decide (wide tables go landscape). */
export type SectionOrientation = 'auto' | 'portrait' | 'landscape';

/** v2: where a section goes on paper. */
export interface SectionLayout {
  /** Start the section on a new page. */
  pageBreakBefore?: boolean;
  orientation?: SectionOrientation;
}

export interface NarrativeSection extends SectionLayout {
  type: 'narrative';
  heading?: string;
  body: RichText;
}

export interface ItaScore {
  score: number;
  previousScore?: number;
}

export interface ItaResultsSection extends SectionLayout {
  type: 'ita_results';
  heading?: string;
  assessmentYear: number;
  previousYear?: number;
  overall: ItaScore & { result?: string };
  tools?: (ItaScore & { code: string; label: string })[];
  indicators?: (ItaScore & { number: number; name: string; tool?: string })[];
  note?: RichText;
}

export interface IssueSection extends SectionLayout {
  type: 'issue';
  number: number;
  title: string;
  sourceQuestion?: RichText;
  facts?: RichText;
  measure?: string;
  responsible?: string;
  steps?: string[];
  period?: string;
}

/** A table column. v2 adds `width` and `align` (the editor builds on exactly this shape). */
export interface TableColumn {
  heading: string;
  role: ColumnRole;
  /** v2: percent of the table width, 5–90; absent = from the content. */
  width?: number;
  /** v2: alignment of the column's cells (scores centred). */
  align?: 'start' | 'center' | 'end';
}

export interface TableRow {
  cells: RichText[];
  status?: RowStatus;
}

export interface TableGroup {
  heading?: string;
  rows: TableRow[];
}

export interface MeasuresTableSection extends SectionLayout {
  type: 'measures_table';
  heading?: string;
  columnSet: ColumnSet;
  columns: TableColumn[];
  groups: TableGroup[];
}

/**
 * v2: ITA scores laid out per tool, as LAOs print them: a table for each tool (IIT, EIT, OIT) with the columns
 * เครื่องมือ | ตัวชี้วัด | ปี ๒๕๖๔ …, the tool named once for its rows, and an average line below. No overall row.
 */
export interface ItaToolScores {
  /** e.g. "IIT" */
  code?: string;
  /** e.g. "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)" */
  name: string;
  indicators: { name: string; scores: (number | null)[] }[];
  /** The average line, one per year; absent = the mean of the indicators' scores. */
  average?: (number | null)[];
  /** Label of the average line; default "ค่าเฉลี่ย". */
  averageLabel?: string;
}

export interface ItaScoresSection extends SectionLayout {
  type: 'ita_scores';
  heading?: string;
  /** Buddhist-era years, one score column each, e.g. [2564] or [2566, 2567]. */
  years: number[];
  /** One table per tool (default), or all tools in one table. */
  layout?: 'table_per_tool' | 'single_table';
  tools: ItaToolScores[];
  /** An overall line under everything, when the document has one. */
  overall?: { label: string; scores: (number | null)[] };
  note?: RichText;
}

export type ReportSection = NarrativeSection | ItaResultsSection | ItaScoresSection | IssueSection | MeasuresTableSection;

/** v2: the report's closing signer as a line to sign on: "ลงชื่อ ........ ผู้รายงาน", (name), ตำแหน่ง …. */
export interface ReportSigner {
  /** e.g. ผู้รายงาน */
  label: string;
  name: string;
  position: string;
  /** v2: print "ลงชื่อ" and a dotted line to sign on before the label. */
  signatureLine?: boolean;
}

export interface ReportContent {
  kind: ReportKind;
  /** Lines of the title are separated by "\n" (v2: the author's own line breaks). */
  title: string;
  subtitle?: string;
  issuer?: string;
  fiscalYear: number;
  period: ReportPeriod;
  planReference?: string;
  sections: ReportSection[];
  signer?: ReportSigner;
  /** v2: the digits this document prints its numbers in; `inherit` (or absent) = the organisation's setting. */
  digits?: Digits;
}

export interface MemoContent {
  issuingUnit: string;
  phone?: string;
  documentNumber?: string;
  /** ISO 8601 date (Gregorian); shown in the Buddhist era. */
  date?: string;
  subject: string;
  addressee: string;
  via?: string;
  urgency?: Urgency;
  body: string[];
  attachments?: string[];
  signer: { name: string; position: string };
}

export interface KasianDocument {
  format: typeof DOCUMENT_FORMAT;
  version: DocumentFormatVersion;
  report: ReportContent;
  memo: MemoContent;
}

export const ROW_STATUS_LABELS: Record<RowStatus, string> = {
  done: 'ดำเนินการแล้ว',
  in_progress: 'อยู่ระหว่างดำเนินการ',
  not_started: 'ยังไม่ดำเนินการ',
};

export const URGENCY_LABELS: Record<Urgency, string> = {
  none: '',
  urgent: 'ด่วน',
  very_urgent: 'ด่วนมาก',
  most_urgent: 'ด่วนที่สุด',
};
