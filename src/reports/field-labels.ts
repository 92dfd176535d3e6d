import type { BilingualMessage } from '../common/domain-error';

/**
 * Names a field of a document the way the editor shows it, from the dotted path in a validation problem:
 * `report.sections.1.columns.5.heading` → "ส่วนที่ 2 (ตารางมาตรการ) › คอลัมน์ที่ 6 › หัวคอลัมน์". People read these
 * names beside the problem; they never see the path.
 */
interface Node {
  th: string;
  en: string;
  /** For one item of a list: what kind it is, shown after its number ("ส่วนที่ 2 (ตารางมาตรการ)"). */
  kind?: { th: string; en: string };
  fields?: Record<string, Node>;
  /** For a list: what one item is called ("คอลัมน์" → "คอลัมน์ที่ 6"), given the item itself. */
  item?: (value: unknown) => Node;
}

const leaf = (th: string, en: string): Node => ({ th, en });
const list = (th: string, en: string, item: Node): Node => ({ th, en, item: () => item });

const SCORE_FIELDS = { score: leaf('คะแนน', 'score'), previousScore: leaf('คะแนนปีก่อน', 'previous score') };

const COLUMN: Node = {
  th: 'คอลัมน์',
  en: 'column',
  fields: { heading: leaf('หัวคอลัมน์', 'heading'), role: leaf('บทบาท', 'role'), width: leaf('ความกว้าง', 'width'), align: leaf('การจัดแนว', 'alignment') },
};
const ROW: Node = { th: 'แถว', en: 'row', fields: { cells: list('จำนวนช่อง', 'cells', leaf('คอลัมน์', 'column')), status: leaf('สถานะ', 'status') } };
const GROUP: Node = { th: 'กลุ่ม', en: 'group', fields: { heading: leaf('หัวกลุ่ม (ตัวชี้วัด)', 'group heading'), rows: list('แถวของกลุ่ม', 'rows', ROW) } };

const SECTIONS: Record<string, Node> = {
  narrative: { th: 'ข้อความ', en: 'text', fields: { heading: leaf('หัวข้อ', 'heading'), body: leaf('ข้อความ', 'text') } },
  ita_results: {
    th: 'ผลคะแนน ITA',
    en: 'ITA results',
    fields: {
      heading: leaf('หัวข้อ', 'heading'),
      assessmentYear: leaf('ปีที่ประเมิน', 'assessment year'),
      previousYear: leaf('ปีก่อนหน้า', 'previous year'),
      overall: { th: 'คะแนนรวม', en: 'overall', fields: { ...SCORE_FIELDS, result: leaf('ผลการประเมิน', 'result') } },
      tools: list('คะแนนรายเครื่องมือ', 'tool scores', {
        th: 'คะแนนรายเครื่องมือ แถว',
        en: 'tool row',
        fields: { code: leaf('รหัส', 'code'), label: leaf('ชื่อที่แสดง', 'label'), ...SCORE_FIELDS },
      }),
      indicators: list('คะแนนรายตัวชี้วัด', 'indicator scores', {
        th: 'คะแนนรายตัวชี้วัด แถว',
        en: 'indicator row',
        fields: { number: leaf('ตัวชี้วัดที่', 'number'), name: leaf('ชื่อตัวชี้วัด', 'name'), tool: leaf('เครื่องมือ', 'tool'), ...SCORE_FIELDS },
      }),
      note: leaf('หมายเหตุใต้ตาราง', 'note'),
    },
  },
  ita_scores: {
    th: 'คะแนน ITA รายเครื่องมือ',
    en: 'ITA scores per tool',
    fields: {
      heading: leaf('หัวข้อ', 'heading'),
      years: list('ปีของคะแนน', 'years', leaf('ปี คอลัมน์', 'year column')),
      tools: list('เครื่องมือ', 'tools', {
        th: 'เครื่องมือ',
        en: 'tool',
        fields: {
          code: leaf('รหัส', 'code'),
          name: leaf('ชื่อเครื่องมือ', 'name'),
          indicators: list('ตัวชี้วัด', 'indicators', { th: 'ตัวชี้วัด แถว', en: 'indicator row', fields: { name: leaf('ชื่อตัวชี้วัด', 'name'), scores: list('คะแนน', 'scores', leaf('คะแนน ปี', 'score, year')) } }),
          average: list('ค่าเฉลี่ย', 'average', leaf('ค่าเฉลี่ย ปี', 'average, year')),
          averageLabel: leaf('ข้อความบรรทัดค่าเฉลี่ย', 'average label'),
        },
      }),
      overall: { th: 'บรรทัดรวม', en: 'overall line', fields: { label: leaf('ข้อความ', 'label'), scores: list('คะแนน', 'scores', leaf('คะแนน ปี', 'score, year')) } },
      note: leaf('หมายเหตุใต้ตาราง', 'note'),
    },
  },
  issue: {
    th: 'ประเด็น',
    en: 'issue',
    fields: {
      number: leaf('ประเด็นที่', 'number'),
      title: leaf('ชื่อประเด็น', 'title'),
      sourceQuestion: leaf('ข้อคำถามที่นำมาวิเคราะห์', 'source question'),
      facts: leaf('ข้อเท็จจริง', 'facts'),
      measure: leaf('มาตรการ/โครงการ/กิจกรรม', 'measure'),
      responsible: leaf('ผู้รับผิดชอบ', 'responsible'),
      steps: list('ขั้นตอนหรือวิธีการปฏิบัติ', 'steps', leaf('ขั้นตอน', 'step')),
      period: leaf('ระยะเวลา', 'period'),
    },
  },
  measures_table: {
    th: 'ตารางมาตรการ',
    en: 'measures table',
    fields: {
      heading: leaf('หัวตาราง', 'table heading'),
      columnSet: leaf('ชุดคอลัมน์', 'column set'),
      columns: list('คอลัมน์', 'columns', COLUMN),
      groups: list('กลุ่มและแถวของตาราง', 'groups and rows', GROUP),
    },
  },
};

function section(value: unknown): Node {
  const type = value && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
  const kind = typeof type === 'string' ? SECTIONS[type] : undefined;
  // A section whose kind is not known yet (typed wrong, or still being built) is named by any kind's field names.
  const fields = kind?.fields ?? Object.assign({}, ...Object.values(SECTIONS).map((known) => known.fields));
  return { th: 'ส่วน', en: 'section', kind, fields: { type: leaf('ชนิดของส่วน', 'type'), ...fields } };
}

const SIGNER_FIELDS = { name: leaf('ชื่อ', 'name'), position: leaf('ตำแหน่ง', 'position') };

const DOCUMENT: Node = {
  th: 'เอกสาร',
  en: 'document',
  fields: {
    memo: {
      th: 'บันทึกข้อความ',
      en: 'memo',
      fields: {
        issuingUnit: leaf('ส่วนราชการ', 'issuing unit'),
        phone: leaf('โทร.', 'phone'),
        documentNumber: leaf('เลขที่หนังสือ', 'document number'),
        date: leaf('วันที่', 'date'),
        subject: leaf('เรื่อง', 'subject'),
        addressee: leaf('เรียน', 'addressee'),
        via: leaf('ผ่าน', 'via'),
        urgency: leaf('ชั้นความเร็ว', 'urgency'),
        body: list('ข้อความ', 'body', leaf('ย่อหน้า', 'paragraph')),
        attachments: list('สิ่งที่ส่งมาด้วย', 'attachments', leaf('สิ่งที่ส่งมาด้วย รายการ', 'attachment')),
        signer: { th: 'ผู้ลงนาม', en: 'signer', fields: SIGNER_FIELDS },
      },
    },
    report: {
      th: 'รายงาน',
      en: 'report',
      fields: {
        kind: leaf('ชนิดรายงาน', 'kind'),
        title: leaf('ชื่อรายงาน', 'title'),
        subtitle: leaf('ชื่อรอง', 'subtitle'),
        issuer: leaf('หน่วยงาน (บรรทัดใต้ชื่อ)', 'issuer'),
        fiscalYear: leaf('ปีงบประมาณ', 'fiscal year'),
        period: leaf('รอบการรายงาน', 'period'),
        planReference: leaf('อ้างอิงแผน', 'plan reference'),
        sections: { th: 'ส่วนของรายงาน', en: 'sections', item: section },
        signer: { th: 'ผู้รายงาน', en: 'report signer', fields: { label: leaf('คำหน้าชื่อ', 'label'), ...SIGNER_FIELDS } },
      },
    },
  },
};

/** `document` is the working copy the path points into (it tells which kind each section is); it may be partial. */
export function fieldLabel(path: string, document: unknown): BilingualMessage {
  const th: string[] = [];
  const en: string[] = [];
  let node: Node | undefined = DOCUMENT;
  let value: unknown = document;
  const segments = path === '(document)' ? [] : path.split('.');
  segments.forEach((key, i) => {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    const index = /^\d+$/.test(key) ? Number(key) + 1 : null;
    if (node?.item && index !== null) {
      node = node.item(value);
      th.push(`${node.th}ที่ ${index}${node.kind ? ` (${node.kind.th})` : ''}`);
      en.push(`${node.en} ${index}${node.kind ? ` (${node.kind.en})` : ''}`);
      return;
    }
    node = node?.fields?.[key];
    // A list's own name gives way to its item's: "คอลัมน์ที่ 6", not "คอลัมน์ › คอลัมน์ที่ 6".
    if (node?.item && /^\d+$/.test(segments[i + 1] ?? '')) return;
    th.push(node?.th ?? key);
    en.push(node?.en ?? key);
  });
  // Sections say where they are: "ส่วนที่ 2 (ตารางมาตรการ) › …", without "รายงาน" before it.
  if (segments[0] === 'report' && segments[1] === 'sections' && th.length > 1) {
    th.shift();
    en.shift();
  }
  return th.length ? { th: th.join(' › '), en: en.join(' › ') } : { th: DOCUMENT.th, en: DOCUMENT.en };
}
