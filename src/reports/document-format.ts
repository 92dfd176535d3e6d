/**
 * The Kasian document format, version 1: one report and its covering memo. The JSON Schema in
 * `docs/document-format.schema.json` is the contract for import/export; these types mirror it.
 * Rich text fields hold allowlisted HTML (see `rich-text.ts`).
 */
export const DOCUMENT_FORMAT = 'kasian.document';
export const DOCUMENT_FORMAT_VERSION = 1;

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

export interface NarrativeSection {
  type: 'narrative';
  heading?: string;
  body: RichText;
}

export interface ItaScore {
  score: number;
  previousScore?: number;
}

export interface ItaResultsSection {
  type: 'ita_results';
  heading?: string;
  assessmentYear: number;
  previousYear?: number;
  overall: ItaScore & { result?: string };
  tools?: (ItaScore & { code: string; label: string })[];
  indicators?: (ItaScore & { number: number; name: string; tool?: string })[];
  note?: RichText;
}

export interface IssueSection {
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

export interface TableColumn {
  heading: string;
  role: ColumnRole;
  /** Percent of the table width, 5–90; absent: from the content. */
  width?: number;
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

export interface MeasuresTableSection {
  type: 'measures_table';
  heading?: string;
  columnSet: ColumnSet;
  columns: TableColumn[];
  groups: TableGroup[];
}

export type ReportSection = NarrativeSection | ItaResultsSection | IssueSection | MeasuresTableSection;

export interface ReportContent {
  kind: ReportKind;
  title: string;
  subtitle?: string;
  issuer?: string;
  fiscalYear: number;
  period: ReportPeriod;
  planReference?: string;
  sections: ReportSection[];
  signer?: { label: string; name: string; position: string };
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
  version: typeof DOCUMENT_FORMAT_VERSION;
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
