import { extraWords, lineBreakOpportunities, markLineBreaks } from './thai-breaks';
import { sharedWordList } from './thai-words';

/** The text with a | at every place a line may break. */
function marked(text: string, extra: string[] = []): string {
  const breaks = lineBreakOpportunities(text, sharedWordList(), extraWords(extra));
  let out = '';
  let last = 0;
  for (const at of breaks) {
    out += `${text.slice(last, at)}|`;
    last = at;
  }
  return out + text.slice(last);
}

describe('Thai line-break opportunities', () => {
  test.each(['หน่วยงาน', 'ดำเนินการ', 'ผู้รับผิดชอบ', 'ผู้บริหาร', 'เจ้าหน้าที่', 'ตัวชี้วัด', 'ข้อเสนอแนะ', 'กำหนดเวลา', 'ประโยชน์', 'สุราษฎร์ธานี', 'มุกดาหาร'])(
    '%s is never broken, alone or among other words',
    (word) => {
      expect(marked(word)).toBe(word);
      const around = marked(`การ${word}ของประชาชน`);
      expect(around.replace(/\|/g, '')).toBe(`การ${word}ของประชาชน`);
      expect(around).toContain(`|${word}|`);
    },
  );

  test('breaks fall between words, after spaces and after a slash', () => {
    expect(marked('หน่วยงานดำเนินการตามมาตรการ')).toBe('หน่วยงาน|ดำเนินการ|ตาม|มาตรการ');
    expect(marked('มาตรการ/โครงการ/กิจกรรม')).toBe('มาตรการ|/|โครงการ|/|กิจกรรม'.replace(/\|\//g, '/'));
    expect(marked('ปี ๒๕๖๘ ITA')).toBe('ปี |๒๕๖๘ |ITA');
    expect(marked('เรียน\u00a0\u00a0นายก')).toBe('เรียน\u00a0\u00a0นายก');
  });

  test('an abbreviation stays with the number it names: พ.ศ. ๒๕๖๙, ม. 5', () => {
    expect(marked('ประจำปี พ.ศ. ๒๕๖๙ ของ')).toBe('ประจำปี |พ.ศ. ๒๕๖๙ |ของ');
    expect(marked('บ้านนา ม. 5 ตำบล')).toBe('บ้าน|นา |ม. 5 |ตำบล');
    expect(marked('พ.ศ. นี้')).toBe('พ.ศ. |นี้');
  });

  test('never inside a grapheme cluster, never before a following vowel or after a leading one', () => {
    const text = 'ก่อนเข้าร่วมโครงการเพื่อเพิ่มประสิทธิภาพ';
    const breaks = lineBreakOpportunities(text, sharedWordList());
    const clusters = new Set([...new Intl.Segmenter('th', { granularity: 'grapheme' }).segment(text)].map((s) => s.index));
    for (const at of breaks) {
      expect(clusters.has(at)).toBe(true);
      expect(text[at]).not.toMatch(/[ะาำๆฯ]/);
      expect(text[at - 1]).not.toMatch(/[เแโใไ]/);
    }
    expect(breaks.length).toBeGreaterThan(3);
  });

  test('an organisation’s own words are kept whole', () => {
    expect(marked('ตำบลบ้านส้องวังหิน')).toContain('|');
    expect(marked('บ้านส้องวังหิน', ['บ้านส้องวังหิน'])).toBe('บ้านส้องวังหิน');
  });

  test('unknown text is not broken unless it is too long to fit a line', () => {
    expect(marked('ฆฆฆฆ')).toBe('ฆฆฆฆ');
    expect(marked('ฆฆฆฆ'.repeat(10)).replace(/\|/g, '')).toBe('ฆฆฆฆ'.repeat(10));
  });

  test('HTML: a <wbr> at each opportunity, across inline tags, never inside kept phrases or the head', () => {
    const trie = sharedWordList();
    const html = '<html><head><title>หน่วยงานดำเนินการ</title><style>p{}</style></head><body><p>หน่วยงาน<strong>ดำเนินการ</strong>ตาม &amp; ต่อ</p><h1><span class="phrase">ผู้รับผิดชอบโครงการ</span> <span class="phrase">ผู้บริหาร</span></h1></body></html>';
    const { html: out, marked: count } = markLineBreaks(html, trie);
    expect(out).toContain('<title>หน่วยงานดำเนินการ</title>');
    expect(out).toContain('<p>หน่วยงาน<wbr><strong>ดำเนินการ<wbr></strong>ตาม <wbr>&amp; <wbr>ต่อ</p>');
    expect(out).toContain('<span class="phrase">ผู้รับผิดชอบโครงการ</span> <wbr><span class="phrase">ผู้บริหาร</span>');
    expect(count).toBe(5);
  });
});

describe('unknown words', () => {
  test('a name not in the list is not split after a word it starts with', () => {
    expect(marked('นางสุจิน สาศรีสุข')).not.toMatch(/สุจิ\|น/);
  });
});
