import { crc32, deflateSync } from 'node:zlib';
import type { KasianDocument } from '../../src/reports/document-format';
import type { MemoRenderModel, Numerals, RenderImage, ReviewBlock } from '../../src/rendering/render-model';
import seed000 from '../fixtures/seed-000-measures.json';
import seed002 from '../fixtures/seed-002-implementation.json';
import seed003 from '../fixtures/seed-003-memo-implementation.json';

/** The three transcribed seeds (test/fixtures), by their number. */
export const SEED_DOCUMENTS = {
  '000': seed000 as unknown as KasianDocument,
  '002': seed002 as unknown as KasianDocument,
  '003': seed003 as unknown as KasianDocument,
};
export type SeedName = keyof typeof SEED_DOCUMENTS;

/** A PNG drawn in code (no binary fixtures): a dark diagonal stroke on transparent ground, like a signature. */
export function strokePng(width = 240, height = 80): RenderImage {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const rows = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const onStroke = Math.abs(y - (height - 1) * (1 - x / width)) < 3 || Math.abs(y - height / 2 - 10 * Math.sin(x / 12)) < 2;
      if (onStroke) rows.set([20, 20, 90, 255], y * (1 + width * 4) + 1 + x * 4);
    }
  }
  const data = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return { type: 'image/png', data };
}

export const DEPUTY_REVIEW: ReviewBlock = {
  heading: 'ความเห็นปลัด อบต.',
  comment: 'ทราบ เห็นควรนำเสนอนายก อบต. พิจารณา',
  signerName: 'นางอรทัย ทองคุปต์',
  signerPosition: 'ปลัดองค์การบริหารส่วนตำบลพร่อน',
  actingFor: null,
  signature: null,
  date: '2023-04-05T10:00:00+07:00',
};

export const MAYOR_REVIEW: ReviewBlock = {
  heading: 'ความเห็นนายก อบต.พร่อน',
  comment: 'ทราบ อนุมัติ ให้ประกาศบนเว็บไซต์',
  signerName: 'นายกาหลง แดงสุวรรณ',
  signerPosition: 'นายกองค์การบริหารส่วนตำบลพร่อน',
  actingFor: null,
  signature: null,
  date: '2023-04-07T10:00:00+07:00',
};

/** The mayor's step before it is reached: what a draft or a memo still with the deputy shows. */
export const MAYOR_NOT_REACHED: ReviewBlock = {
  heading: 'ความเห็นนายก อบต.พร่อน',
  comment: null,
  signerName: null,
  signerPosition: 'นายกองค์การบริหารส่วนตำบลพร่อน',
  actingFor: null,
  signature: null,
  date: null,
};

/**
 * A seed as อบต.พร่อน's memo (seed 003's organisation and people): written by นางสุจิน สาศรีสุข, commented by the
 * ปลัด and approved by the นายก unless `approved` is false. The seed's own memo text is kept; a document number is
 * added when the seed has none (drafts get theirs at submission).
 */
export function seedMemoModel(
  name: SeedName,
  options: { numerals?: Numerals; draft?: boolean; approved?: boolean; signatures?: boolean } = {},
): MemoRenderModel {
  const document = structuredClone(SEED_DOCUMENTS[name]);
  document.memo.documentNumber ??= 'นธ ๗๗๒๐๑/๑๒๓';
  document.memo.date ??= '2023-04-04';
  const signature = options.signatures ? strokePng() : null;
  return {
    organization: { name: 'องค์การบริหารส่วนตำบลพร่อน', shortName: 'อบต.พร่อน', numerals: options.numerals ?? 'thai', emblem: null },
    document,
    author: { displayName: 'นางสุจิน สาศรีสุข', position: 'หัวหน้าสำนักปลัด', signature },
    reviews: [
      { ...DEPUTY_REVIEW, signature },
      options.approved === false ? MAYOR_NOT_REACHED : { ...MAYOR_REVIEW, signature },
    ],
    draft: options.draft ?? false,
  };
}

/**
 * Everything the seeds do not exercise: urgency, phone, attachments, an acting signer, the emblem, an ITA table with
 * the previous year and indicators, and an indicator-grouped table with a status per row.
 */
export function featureModel(numerals: Numerals = 'thai'): MemoRenderModel {
  const model = seedMemoModel('003', { numerals, signatures: true });
  model.organization.emblem = strokePng(120, 130);
  Object.assign(model.document.memo, {
    urgency: 'very_urgent',
    phone: '๐ ๔๒๒๑ ๐๐๐๐',
    attachments: ['รายงานผลการดำเนินการ จำนวน ๑ ชุด', 'แบบสรุปผลการประเมิน ITA จำนวน ๑ ฉบับ'],
  });
  model.reviews[0] = {
    ...model.reviews[0],
    signerName: 'นายสมชาย ใจดี',
    signerPosition: 'รองปลัดองค์การบริหารส่วนตำบลพร่อน',
    actingFor: 'รักษาราชการแทน ปลัดองค์การบริหารส่วนตำบลพร่อน ตามคำสั่งที่ ๑๒/๒๕๖๖',
  };
  model.document.report = {
    kind: 'implementation',
    title: 'รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส รอบ ๖ เดือน',
    subtitle: 'ประจำปีงบประมาณ พ.ศ. ๒๕๖๘',
    issuer: 'องค์การบริหารส่วนตำบลพร่อน\nอำเภอเมืองนครพนม จังหวัดนครพนม',
    fiscalYear: 2568,
    period: 'half_year',
    sections: [
      {
        type: 'ita_results',
        heading: 'ผลการประเมิน ITA',
        assessmentYear: 2567,
        previousYear: 2566,
        overall: { score: 91.2, previousScore: 88.45, result: 'ผ่าน' },
        tools: [
          { code: 'IIT', label: 'แบบวัดการรับรู้ผู้มีส่วนได้ส่วนเสียภายใน (IIT)', score: 95, previousScore: 93.1 },
          { code: 'EIT', label: 'แบบวัดการรับรู้ผู้มีส่วนได้ส่วนเสียภายนอก (EIT)', score: 89.33, previousScore: 87 },
          { code: 'OIT', label: 'แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)', score: 90, previousScore: 85.5 },
        ],
        indicators: [
          { number: 9, name: 'การเปิดเผยข้อมูล', tool: 'OIT', score: 81, previousScore: 78.25 },
          { number: 10, name: 'การป้องกันการทุจริต', tool: 'OIT', score: 100, previousScore: 92.5 },
        ],
      },
      {
        type: 'measures_table',
        heading: 'ผลการดำเนินการตามมาตรการ',
        columnSet: 'indicator_status',
        columns: [
          { heading: 'มาตรการ', role: 'measure' },
          { heading: 'ผลการดำเนินการ', role: 'result' },
          { heading: 'ข้อเสนอแนะ', role: 'suggestion' },
        ],
        groups: [
          {
            heading: 'ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล เครื่องมือ OIT',
            rows: [
              { cells: ['เผยแพร่ข้อมูลพื้นฐานบนเว็บไซต์', '<ul><li>ปรับปรุงหน้าเว็บไซต์</li><li>เพิ่มช่องทางติดต่อ</li></ul>', ''], status: 'done' },
              { cells: ['รายงานการกำกับติดตามการใช้จ่ายงบประมาณ', '<ol><li>รวบรวมข้อมูล</li><li>จัดทำรายงาน</li></ol>', 'เร่งรัดให้ทันรอบ ๖ เดือน'], status: 'in_progress' },
            ],
          },
          {
            heading: 'ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต เครื่องมือ OIT',
            rows: [{ cells: ['ประกาศเจตจำนงสุจริตของผู้บริหาร', '<p><strong>ดำเนินการ</strong> ประกาศเมื่อ <u>๑ ตุลาคม ๒๕๖๗</u></p>', ''], status: 'done' }],
          },
        ],
      },
    ],
    signer: { label: 'ผู้รายงาน', name: 'นางสุจิน สาศรีสุข', position: 'หัวหน้าสำนักปลัด' },
  };
  return model;
}
