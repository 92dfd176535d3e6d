import type { KasianDocument, ReportContent } from '../reports/document-format';

/**
 * What the renderer is given: plain data, already read and authorised by its caller. The renderer never reads a
 * database, a file chosen by a user, or the network.
 */

export type Numerals = 'thai' | 'arabic';

/** An image handed over as bytes (emblem, signatures); it becomes a data: URL in the page. */
export interface RenderImage {
  type: 'image/png' | 'image/jpeg';
  data: Buffer;
}

export interface RenderOrganization {
  name: string;
  shortName: string;
  /** The digits Kasian writes in everything it generates (dates, page and step numbers, scores). */
  numerals: Numerals;
  /** The Garuda emblem printed top-left on the memo. */
  emblem: RenderImage | null;
  /**
   * The organisation's own words (place names, names of its units) that a line must not break inside, beside the
   * shared Thai word list (thai-words.ts).
   */
  words?: string[];
}

export interface MemoAuthor {
  /** With the honorific, e.g. "นางสุจิน สาศรีสุข". */
  displayName: string;
  position: string;
  signature: RenderImage | null;
}

/** One ความเห็น block: a step of the route, reached (comment, signature, date) or not yet (dotted lines). */
export interface ReviewBlock {
  /** e.g. "ความเห็นปลัด อบต." */
  heading: string;
  /** The comment or order; null while the step has not been reached. */
  comment: string | null;
  signerName: string | null;
  signerPosition: string | null;
  /** e.g. "รักษาราชการแทน ปลัดองค์การบริหารส่วนตำบลพร่อน ตามคำสั่งที่ ๑๒/๒๕๖๘" */
  actingFor: string | null;
  signature: RenderImage | null;
  /** ISO 8601 date or date-time of signing. */
  date: string | null;
}

/** The covering memo (บันทึกข้อความ) followed by its report, in one PDF. */
export interface MemoRenderModel {
  organization: RenderOrganization;
  document: KasianDocument;
  author: MemoAuthor;
  /** One per step of the route, in order. */
  reviews: ReviewBlock[];
  /** Not yet approved: a diagonal ร่าง on every page. */
  draft: boolean;
}

/** A report on its own, without a memo (previews of a report being written). */
export interface ReportRenderModel {
  organization: RenderOrganization;
  report: ReportContent;
  draft: boolean;
}
