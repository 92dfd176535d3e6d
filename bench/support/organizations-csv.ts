/**
 * A realistic import file of Thai local administrative organisations: as many lines as asked (7,850 is the country),
 * in the mix of kinds the country has (about two thirds อบต., most of the rest เทศบาลตำบล, a few hundred เทศบาลเมือง,
 * some thirty เทศบาลนคร), spread over the 76 provinces with several districts each, with seven-digit DLA codes, letter
 * codes in Thai digits and web slugs. Deterministic: the same count gives the same file.
 */
const PROVINCES: [string, string][] = [
  ['กระบี่', 'กบ'], ['กาญจนบุรี', 'กจ'], ['กาฬสินธุ์', 'กส'], ['กำแพงเพชร', 'กพ'], ['ขอนแก่น', 'ขก'], ['จันทบุรี', 'จบ'], ['ฉะเชิงเทรา', 'ฉช'],
  ['ชลบุรี', 'ชบ'], ['ชัยนาท', 'ชน'], ['ชัยภูมิ', 'ชย'], ['ชุมพร', 'ชพ'], ['เชียงราย', 'ชร'], ['เชียงใหม่', 'ชม'], ['ตรัง', 'ตง'], ['ตราด', 'ตร'],
  ['ตาก', 'ตก'], ['นครนายก', 'นย'], ['นครปฐม', 'นฐ'], ['นครพนม', 'นพ'], ['นครราชสีมา', 'นม'], ['นครศรีธรรมราช', 'นศ'], ['นครสวรรค์', 'นว'],
  ['นนทบุรี', 'นบ'], ['นราธิวาส', 'นธ'], ['น่าน', 'นน'], ['บึงกาฬ', 'บก'], ['บุรีรัมย์', 'บร'], ['ปทุมธานี', 'ปท'], ['ประจวบคีรีขันธ์', 'ปข'],
  ['ปราจีนบุรี', 'ปจ'], ['ปัตตานี', 'ปน'], ['พระนครศรีอยุธยา', 'อย'], ['พะเยา', 'พย'], ['พังงา', 'พง'], ['พัทลุง', 'พท'], ['พิจิตร', 'พจ'],
  ['พิษณุโลก', 'พล'], ['เพชรบุรี', 'พบ'], ['เพชรบูรณ์', 'พช'], ['แพร่', 'พร'], ['ภูเก็ต', 'ภก'], ['มหาสารคาม', 'มค'], ['มุกดาหาร', 'มห'],
  ['แม่ฮ่องสอน', 'มส'], ['ยโสธร', 'ยส'], ['ยะลา', 'ยล'], ['ร้อยเอ็ด', 'รอ'], ['ระนอง', 'รน'], ['ระยอง', 'รย'], ['ราชบุรี', 'รบ'], ['ลพบุรี', 'ลบ'],
  ['ลำปาง', 'ลป'], ['ลำพูน', 'ลพ'], ['เลย', 'ลย'], ['ศรีสะเกษ', 'ศก'], ['สกลนคร', 'สน'], ['สงขลา', 'สข'], ['สตูล', 'สต'], ['สมุทรปราการ', 'สป'],
  ['สมุทรสงคราม', 'สส'], ['สมุทรสาคร', 'สค'], ['สระแก้ว', 'สก'], ['สระบุรี', 'สบ'], ['สิงห์บุรี', 'สห'], ['สุโขทัย', 'สท'], ['สุพรรณบุรี', 'สพ'],
  ['สุราษฎร์ธานี', 'สฎ'], ['สุรินทร์', 'สร'], ['หนองคาย', 'นค'], ['หนองบัวลำภู', 'นภ'], ['อ่างทอง', 'อท'], ['อำนาจเจริญ', 'อจ'], ['อุดรธานี', 'อด'],
  ['อุตรดิตถ์', 'อต'], ['อุทัยธานี', 'อน'], ['อุบลราชธานี', 'อบ'],
];
const PLACE_PARTS = ['หนอง', 'บ้าน', 'ห้วย', 'โคก', 'นา', 'ดอน', 'วัง', 'ท่า', 'บาง', 'เขา', 'ทุ่ง', 'ป่า', 'สระ', 'โนน', 'คลอง', 'แม่'];
const PLACE_ENDS = ['แก', 'ใหญ่', 'น้อย', 'ทอง', 'งาม', 'สวรรค์', 'พัฒนา', 'เจริญ', 'ไผ่', 'บัว', 'จิก', 'ยาง', 'ขาม', 'ตาล', 'โพธิ์', 'ช้าง', 'หลวง', 'กลาง', 'ใต้', 'เหนือ'];
const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const thaiDigits = (n: number | string) => String(n).replace(/\d/g, (d) => THAI_DIGITS[Number(d)]);

export interface CsvOptions {
  count: number;
  /** Thai headers (and Thai kind words) instead of English ones. */
  thai?: boolean;
  /** Start with a UTF-8 byte order mark, as Excel's "CSV UTF-8" does. */
  bom?: boolean;
}

export interface GeneratedLine {
  dlaCode: string;
  name: string;
  kind: 'sao' | 'subdistrict_municipality' | 'town_municipality' | 'city_municipality';
  province: string;
  district: string;
  letterCode: string;
  slug: string;
}

const KIND_PREFIX = { sao: 'องค์การบริหารส่วนตำบล', subdistrict_municipality: 'เทศบาลตำบล', town_municipality: 'เทศบาลเมือง', city_municipality: 'เทศบาลนคร' } as const;
const KIND_SHORT = { sao: 'อบต.', subdistrict_municipality: 'ทต.', town_municipality: 'ทม.', city_municipality: 'ทน.' } as const;

export function organizationLines(count: number): GeneratedLine[] {
  const lines: GeneratedLine[] = [];
  for (let i = 0; i < count; i++) {
    const [province, letters] = PROVINCES[i % PROVINCES.length];
    const provinceNumber = (i % PROVINCES.length) + 10;
    const districtNumber = Math.floor(i / PROVINCES.length) % 18 + 1;
    const serial = Math.floor(i / (PROVINCES.length * 18)) + 1;
    const kind: GeneratedLine['kind'] = i % 1000 < 4 ? 'city_municipality' : i % 1000 < 30 ? 'town_municipality' : i % 1000 < 310 ? 'subdistrict_municipality' : 'sao';
    const place = `${PLACE_PARTS[i % PLACE_PARTS.length]}${PLACE_ENDS[Math.floor(i / PLACE_PARTS.length) % PLACE_ENDS.length]}${serial > 1 ? thaiDigits(serial) : ''}`;
    const dlaCode = `${kind === 'sao' ? 6 : 5}${provinceNumber}${String(districtNumber).padStart(2, '0')}${String(serial).padStart(2, '0')}`;
    lines.push({
      dlaCode,
      name: `${KIND_PREFIX[kind]}${place}`,
      kind,
      province,
      district: `${PLACE_PARTS[(i + 5) % PLACE_PARTS.length]}${PLACE_ENDS[districtNumber % PLACE_ENDS.length]}`,
      letterCode: `${letters} ${thaiDigits(`7${provinceNumber}${String(districtNumber).padStart(2, '0')}`)}`,
      slug: `lao-${dlaCode}`,
    });
  }
  return lines;
}

const quote = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function organizationsCsv(options: CsvOptions, lines = organizationLines(options.count)): string {
  const header = options.thai
    ? ['รหัส อปท.', 'ชื่อ อปท.', 'ประเภท', 'จังหวัด', 'อำเภอ', 'รหัสหนังสือ', 'ชื่อในที่อยู่เว็บ']
    : ['dla_code', 'name', 'kind', 'province', 'district', 'letter_code', 'slug'];
  const rows = lines.map((l) => [l.dlaCode, l.name, options.thai ? KIND_SHORT[l.kind] : l.kind, l.province, l.district, l.letterCode, l.slug].map(quote).join(','));
  return (options.bom ? '\ufeff' : '') + [header.join(','), ...rows].join('\r\n') + '\r\n';
}
