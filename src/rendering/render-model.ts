import type { KasianDocument } from '../reports/document-format';

/** An image handed to the renderer as bytes (emblem, signatures); it becomes a data: URL in the page. */
export interface RenderImage {
  type: 'image/png' | 'image/jpeg';
  data: Buffer;
}

/** One ความเห็น block of the memo: a route step, reached (comment and signature) or not yet (dotted lines). */
export interface ReviewBlock {
  heading: string;
  comment: string | null;
  signerName: string | null;
  signerPosition: string | null;
  /** e.g. "รักษาราชการแทน ปลัดองค์การบริหารส่วนตำบลพร่อน (คำสั่ง … ที่ ๑๒/๒๕๖๘)" */
  actingFor: string | null;
  signature: RenderImage | null;
  /** ISO date-time of signing. */
  date: string | null;
}

/** Everything the memo + report PDF shows. Plain data: the renderer never reads a database. */
export interface MemoRenderModel {
  organization: { name: string; shortName: string; numerals: 'thai' | 'arabic'; emblem: RenderImage | null };
  document: KasianDocument;
  author: { displayName: string; position: string; signature: RenderImage | null };
  reviews: ReviewBlock[];
  /** A preview of a memo not yet approved: diagonal ร่าง watermark on every page. */
  draft: boolean;
}
