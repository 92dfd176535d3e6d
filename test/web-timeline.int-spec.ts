import { HttpClient } from './support/http-client';
import { newDraft, send, signInAll, type People } from './support/journey';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

/** The timeline picture and the side-by-side review screen, over real HTTP. */
describe.each(DIALECTS)('timeline picture and review screen on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;
  let outsider: HttpClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    org = await seedOrganization(t, 'tline');
    p = await signInAll(t, org);
    const other = await seedOrganization(t, 'tother');
    outsider = new HttpClient(t.baseUrl);
    expect((await outsider.login(other.users.admin.username, other.users.admin.password)).status).toBe(200);
  });
  afterAll(() => t.close());

  const picture = (html: string) => /<svg [^>]*role="img"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';

  test('a memo returned and resubmitted: the picture names every actor, the return reason and both rounds', async () => {
    const id = await newDraft(p.author, 'บันทึกสำหรับภาพเส้นทาง');
    const reason = 'กรุณาแนบผลการดำเนินการของมาตรการที่ ๒ <ให้ครบ>';
    const steps: [People[keyof People], Record<string, string>][] = [
      [p.author, { event: 'SUBMIT' }],
      [p.deputy, { event: 'FORWARD', comment: 'ทราบ เห็นควรนำเสนอ' }],
      [p.mayor, { event: 'RETURN', reason }],
      [p.author, { event: 'RESUBMIT' }],
      [p.deputy, { event: 'FORWARD', comment: 'ทราบ' }],
      [p.mayor, { event: 'APPROVE', comment: 'อนุมัติ' }],
    ];
    for (const [who, body] of steps) expect((await send(who, id, body)).status).toBe(200);

    const page = await p.author.get(`/memos/${id}/timeline`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<link rel="stylesheet" href="/assets/timeline.css">');
    const svg = picture(page.text);
    expect(svg).toContain('<title id=');
    expect(svg).toMatch(/aria-labelledby="tl-[^" ]+-title tl-[^" ]+-desc"/);
    for (const name of ['นางtline ผู้จัดทำ', 'นางtline ปลัด', 'นายtline นายก']) expect(svg).toContain(`>${name}<`);
    // The reason is user input: drawn escaped, and said again in the text alternative.
    expect(svg).toContain('กรุณาแนบผลการดำเนินการของมาตรการที่ ๒ &lt;ให้ครบ&gt;');
    expect(svg).not.toContain('<ให้ครบ>');
    expect(svg).toContain('>รอบที่ ๒ (เสนอแฟ้มอีกครั้ง)<');
    expect(svg).toContain('class="tl-return"');
    // Round one ends at the นายก's return; round two reaches every step and waits for publication.
    expect([...svg.matchAll(/<g class="tl-step ([a-z ]+)">/g)].map((m) => m[1])).toEqual(['done', 'done', 'returned', 'done', 'done', 'done', 'current']);
    // The event list stays below as the text version.
    expect(page.text.indexOf('เหตุการณ์ (ฉบับข้อความ)')).toBeGreaterThan(page.text.indexOf('</svg>'));
    expect(page.text).toContain('“กรุณาแนบผลการดำเนินการของมาตรการที่ ๒ &lt;ให้ครบ&gt;”');
  });

  test('another organisation’s user gets 404 for the timeline', async () => {
    const id = await newDraft(p.author, 'บันทึกภายในองค์กร');
    await send(p.author, id, { event: 'SUBMIT' });
    const res = await outsider.get(`/memos/${id}/timeline`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('บันทึกภายในองค์กร');
  });

  test('the reviewer’s memo page frames the draft preview beside the form; CSP and X-Frame-Options allow it from this origin only', async () => {
    const id = await newDraft(p.author, 'บันทึกสำหรับหน้าพิจารณา');
    await send(p.author, id, { event: 'SUBMIT' });
    const review = await p.deputy.get(`/memos/${id}`);
    expect(review.status).toBe(200);
    expect(review.text).toMatch(new RegExp(`<iframe src="/memos/${id}/preview\\.pdf#navpanes=0&amp;view=FitH" loading="lazy" title="[^"]+"></iframe>`));
    expect(review.text).toContain('<link rel="stylesheet" href="/assets/review.css">');
    expect(review.text).toContain(`<a href="/memos/${id}/preview.pdf" target="_blank" rel="noopener">ดูเอกสาร PDF</a>`);
    const csp = review.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toMatch(/frame-src [^;]*(\*|https?:)/);

    const preview = await p.deputy.get(`/memos/${id}/preview.pdf`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('application/pdf');
    expect(preview.headers.get('x-frame-options')).toBe('SAMEORIGIN');

    // Whoever has nothing to review does not get a frame (each view of it renders a PDF).
    expect((await p.author.get(`/memos/${id}`)).text).not.toContain('<iframe');
  });
});
