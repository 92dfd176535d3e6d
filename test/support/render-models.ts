import seed000 from '../fixtures/seed-000-measures.json';
import seed002 from '../fixtures/seed-002-implementation.json';
import seed003 from '../fixtures/seed-003-memo-implementation.json';
import type { KasianDocument } from '../../src/reports/document-format';
import type { MemoRenderModel } from '../../src/rendering/render-model';

export const SEEDS: Record<string, KasianDocument> = {
  '000': seed000 as unknown as KasianDocument,
  '002': seed002 as unknown as KasianDocument,
  '003': seed003 as unknown as KasianDocument,
};

/** The render model of a seed as อบต.พร่อน's memo, reviewed by its ปลัด and approved by its นายก (as in seed 003). */
export function seedModel(name: keyof typeof SEEDS | string, options: { numerals?: 'thai' | 'arabic'; draft?: boolean; approved?: boolean } = {}): MemoRenderModel {
  const document = structuredClone(SEEDS[name]);
  document.memo.documentNumber ??= 'นธ ๗๗๒๐๑/๑๒';
  document.memo.date ??= '2023-04-04';
  const approved = options.approved ?? true;
  return {
    organization: { name: 'องค์การบริหารส่วนตำบลพร่อน', shortName: 'อบต.พร่อน', numerals: options.numerals ?? 'thai', emblem: null },
    document,
    author: { displayName: 'นางสุจิน สาศรีสุข', position: 'หัวหน้าสำนักปลัด', signature: null },
    reviews: [
      { heading: 'ความเห็นปลัด อบต.', comment: 'ทราบ เห็นควรนำเสนอนายก อบต. พิจารณา', signerName: 'นางอรทัย ทองคุปต์', signerPosition: 'ปลัดองค์การบริหารส่วนตำบลพร่อน', actingFor: null, signature: null, date: '2023-04-05T03:00:00Z' },
      approved
        ? { heading: 'ความเห็นนายก อบต.พร่อน', comment: 'ทราบ อนุมัติ ให้ประกาศบนเว็บไซต์', signerName: 'นายกาหลง แดงสุวรรณ', signerPosition: 'นายกองค์การบริหารส่วนตำบลพร่อน', actingFor: null, signature: null, date: '2023-04-07T03:00:00Z' }
        : { heading: 'ความเห็นนายก อบต.พร่อน', comment: null, signerName: null, signerPosition: 'นายกองค์การบริหารส่วนตำบลพร่อน', actingFor: null, signature: null, date: null },
    ],
    draft: options.draft ?? false,
  };
}
