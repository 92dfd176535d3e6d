import schema from '../../docs/document-format.schema.json';
import type { MemoContent, ReportContent } from '../reports/document-format';

/** The document format's limit for a line such as ผ่าน (`shortText`), in code points: read from the schema itself. */
const LINE_MAX = schema.$defs.shortText.maxLength;

export interface MemoContext {
  organization: { name: string; phone: string | null };
  author: { displayName: string; positionTitle: string | null; unit: string | null };
  /** The reviewing positions in order (ปลัด, then นายก …); empty when no route is set yet. */
  route: { title: string; shortTitle: string }[];
}

/**
 * What a new memo says unless the author writes otherwise, in the form of the seeds' memo:
 * ส่วนราชการ from the author's unit and the organisation, เรียน the last reviewer, ผ่าน the ones before,
 * the usual three paragraphs, and the author's signature block.
 */
export function defaultMemo(report: Pick<ReportContent, 'title'>, context: MemoContext): MemoContent {
  const { organization, author, route } = context;
  const unit = author.unit ? `${author.unit} ${organization.name}` : organization.name;
  const final = route.at(-1);
  const via = route.slice(0, -1).map((step) => step.shortTitle);
  return {
    issuingUnit: unit,
    ...(organization.phone ? { phone: organization.phone } : {}),
    subject: report.title,
    addressee: final?.title ?? 'นายก' + organization.name,
    ...(via.length > 0 ? { via: fitted(via.join(' และ '), LINE_MAX) } : {}),
    urgency: 'none',
    body: [
      `ตามที่${organization.name} ได้จัดทำ${report.title} นั้น`,
      `ในการนี้ ${author.unit ?? organization.name} ได้ดำเนินการเรียบร้อยแล้ว รายละเอียดตามเอกสารที่แนบมาพร้อมนี้ เห็นควรประกาศบนเว็บไซต์ของ${organization.name}ต่อไป`,
      'จึงเรียนมาเพื่อโปรดทราบ และพิจารณา',
    ],
    signer: { name: author.displayName, position: author.positionTitle ?? '' },
  };
}

/**
 * A default never fails the format's own limits: a route of many steps with long short titles would otherwise make
 * every new document answer 400. Cut with "…" where the author will see it and can write the line shorter.
 */
function fitted(text: string, max: number): string {
  const characters = Array.from(text);
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}
