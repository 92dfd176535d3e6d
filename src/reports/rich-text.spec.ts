import { visibleLength, richTextToPlain, sanitizeRichText } from './rich-text';

describe('sanitizeRichText', () => {
  test.each([
    ['<p>ก</p><script>alert(1)</script>', '<script>'],
    ['<p onclick="alert(1)">ก</p>', 'onclick='],
    ['<img src="x" onerror="alert(1)">', '<img>'],
    ['<iframe src="file:///etc/passwd"></iframe>', '<iframe>'],
    ['<style>@import url(http://x)</style>', '<style>'],
    ['<a href="javascript:alert(1)">ก</a>', 'href="javascript:alert(1)"'],
    ['<svg><circle/></svg>', '<svg>'],
  ])('refuses %s', (input, reason) => {
    expect(sanitizeRichText(input).refused).toBe(reason);
  });

  test('keeps the allowlist, drops harmless formatting silently', () => {
    const input = '<p style="color:red"><span lang="th">๑. <strong>ตัวหนา</strong> <u>ขีดเส้นใต้</u></span></p><ol class="plain x"><li>ก</li></ol><ul><li>ข<br>ค</li></ul>';
    expect(sanitizeRichText(input)).toEqual({
      html: '<p>๑. <strong>ตัวหนา</strong> <u>ขีดเส้นใต้</u></p><ol class="plain"><li>ก</li></ol><ul><li>ข<br />ค</li></ul>',
      refused: null,
    });
  });

  test('is idempotent, so export → import → export is stable', () => {
    const once = sanitizeRichText('<p>A &amp; B &lt; C "q" ๑</p><p>x<br/>y</p>').html;
    expect(sanitizeRichText(once).html).toBe(once);
  });

  test('escapes text that looks like markup', () => {
    expect(sanitizeRichText('1 < 2 & 3 > 2').html).toBe('1 &lt; 2 &amp; 3 &gt; 2');
  });
});

describe('richTextToPlain', () => {
  test('joins paragraphs and list items with spaces and decodes entities', () => {
    expect(richTextToPlain('<p>ก&amp;ข</p><ol><li>หนึ่ง</li><li>สอง</li></ol>')).toBe('ก&ข หนึ่ง สอง');
  });
});

describe('visibleLength', () => {
  test('counts what a reader sees: no tags, an entity as one character, white space runs as one', () => {
    expect(visibleLength('<p><strong>กขค</strong></p><p>ง &amp; จ</p>')).toBe(9);
    expect(visibleLength('<ol><li>ก</li></ol>')).toBe(1);
  });
});
