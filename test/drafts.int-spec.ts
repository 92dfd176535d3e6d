import { DataSource } from 'typeorm';
import { postSignInForm, rawGet, type HttpClient } from './support/http-client';
import { newDraft, send, signInAll, type People } from './support/journey';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

type Json = any;

const BLANK_HEADING = 'report.sections.0.columns.1.heading';

/**
 * The editor's autosave (PUT /api/reports/:id/draft) keeps typing that breaks the format's rules, answers the
 * problems with each field's Thai name, and SUBMIT refuses the document until the typing is fixed — on both databases.
 */
describe.each(DIALECTS)('drafts kept while invalid, enforced at SUBMIT, on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;
  let other: HttpClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    org = await seedOrganization(t, 'drafts');
    p = await signInAll(t, org);
    const second = await seedOrganization(t, 'drafts2');
    other = (await signInAll(t, second)).author;
  });
  afterAll(() => t?.close());

  async function current(id: string): Promise<{ report: Json; memo: Json; version: number }> {
    const body = (await p.author.get(`/api/reports/${id}`)).body;
    const { documentNumber: _n, ...memo } = body.memo;
    return { report: body.report, memo, version: body.version };
  }

  /** The document with column 2 of its first table renamed to `heading` and a cell typed. */
  function typed(doc: { report: Json; memo: Json }, heading: string, cell: string): { report: Json; memo: Json } {
    const next = structuredClone(doc);
    next.report.sections[0].columns[1].heading = heading;
    next.report.sections[0].groups[0].rows[0].cells[0] = cell;
    return next;
  }

  const stored = async (id: string) =>
    (await t.app.get(DataSource).query(`SELECT draft FROM reports WHERE id = ?`, [id]))[0].draft as string | null;

  test('an invalid draft is stored as typed and answered with its problems; the stored document stays the last valid one', async () => {
    const id = await newDraft(p.author);
    const before = await current(id);
    const exported = (await p.author.get(`/api/reports/${id}/export`)).text;

    const saved = await p.author.put(`/api/reports/${id}/draft`, { ...typed(before, '', '<p>พิมพ์ไว้ก่อน</p><p>บรรทัดสอง</p>'), version: before.version });
    expect(saved.status).toBe(200);
    expect(saved.body.savedAs).toBe('draft');
    expect(saved.body.version).toBe(before.version + 1);
    expect(saved.body.problems).toEqual([
      {
        field: BLANK_HEADING,
        rule: 'minLength',
        message: 'ต้องไม่เว้นว่าง',
        messageEn: 'must not be empty',
        label: 'ส่วนที่ 1 (ตารางมาตรการ) › คอลัมน์ที่ 2 › หัวคอลัมน์',
        labelEn: 'section 1 (measures table) › column 2 › heading',
      },
    ]);

    // The working copy is what was typed; the document (previews, exports, search) is still the last valid one.
    const copy = (await p.author.get(`/api/reports/${id}/draft`)).body;
    expect(copy.pending).toBe(true);
    expect(copy.version).toBe(before.version + 1);
    expect(copy.report.sections[0].columns[1].heading).toBe('');
    expect(copy.report.sections[0].groups[0].rows[0].cells[0]).toBe('<p>พิมพ์ไว้ก่อน</p><p>บรรทัดสอง</p>');
    expect(copy.problems.map((f: Json) => f.field)).toEqual([BLANK_HEADING]);
    expect((await p.author.get(`/api/reports/${id}/export`)).text).toBe(exported);
    expect((await p.author.get(`/api/reports?q=${encodeURIComponent('พิมพ์ไว้ก่อน')}`)).body.items).toEqual([]);

    // Typing that breaks several rules at once, including the shape (a score typed as text), is kept too.
    const worse = typed(before, '', '<p>ต่อ</p>');
    worse.report.fiscalYear = '๒๕๖x';
    worse.memo.subject = 'ก'.repeat(300);
    const again = await p.author.put(`/api/reports/${id}/draft`, { ...worse, version: saved.body.version });
    expect(again.status).toBe(200);
    expect(again.body.problems.map((f: Json) => [f.field, f.label])).toEqual(
      expect.arrayContaining([
        ['memo.subject', 'บันทึกข้อความ › เรื่อง'],
        ['report.fiscalYear', 'รายงาน › ปีงบประมาณ'],
        [BLANK_HEADING, 'ส่วนที่ 1 (ตารางมาตรการ) › คอลัมน์ที่ 2 › หัวคอลัมน์'],
      ]),
    );
    expect(JSON.parse((await stored(id))!).report.fiscalYear).toBe('๒๕๖x');
    expect((await p.author.get(`/api/reports/${id}`)).body.subject).toBe(before.memo.subject);
  });

  test('SUBMIT refuses an invalid draft with its fields and changes nothing; fixed, the draft becomes the document and SUBMIT goes through', async () => {
    const id = await newDraft(p.author);
    const before = await current(id);
    const saved = await p.author.put(`/api/reports/${id}/draft`, { ...typed(before, '', '<p>ช่องที่พิมพ์</p>'), version: before.version });
    expect(saved.body.savedAs).toBe('draft');

    const refused = await send(p.author, id, { event: 'SUBMIT' });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(refused.body.message).toContain('เสนอแฟ้มไม่ได้');
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: BLANK_HEADING, message: 'ต้องไม่เว้นว่าง', label: 'ส่วนที่ 1 (ตารางมาตรการ) › คอลัมน์ที่ 2 › หัวคอลัมน์' })]);
    const after = (await p.author.get(`/api/reports/${id}`)).body;
    expect(after).toMatchObject({ status: 'draft', documentNumber: null, version: saved.body.version });
    expect((await p.author.get(`/api/memos/${id}/timeline`)).body.events).toEqual([]);

    const fixed = await p.author.put(`/api/reports/${id}/draft`, { ...typed(before, 'ขั้นตอนที่แก้แล้ว', '<p>ช่องที่พิมพ์</p>'), version: saved.body.version });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ savedAs: 'document', problems: [] });
    expect(await stored(id)).toBeNull();
    expect((await p.author.get(`/api/reports/${id}/draft`)).body).toMatchObject({ pending: false, problems: [] });
    const document = (await p.author.get(`/api/reports/${id}`)).body;
    expect(document.report.sections[0].columns[1].heading).toBe('ขั้นตอนที่แก้แล้ว');
    expect(document.report.sections[0].groups[0].rows[0].cells[0]).toBe('<p>ช่องที่พิมพ์</p>');
    // Now the document, it is found by search like any other.
    expect((await p.author.get(`/api/reports?q=${encodeURIComponent('ช่องที่พิมพ์')}`)).body.items.map((i: Json) => i.id)).toContain(id);

    const submitted = await send(p.author, id, { event: 'SUBMIT' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.to).toBe('in_review');
    // Submitted, the document takes no more drafts.
    const late = await p.author.put(`/api/reports/${id}/draft`, { ...typed(before, '', ''), version: submitted.body.version });
    expect(late.status).toBe(409);
  });

  test('RESUBMIT of a returned memo is refused the same way', async () => {
    const id = await newDraft(p.author);
    await send(p.author, id, { event: 'SUBMIT' });
    await send(p.deputy, id, { event: 'RETURN', reason: 'แก้หัวคอลัมน์' });
    const doc = await current(id);
    const saved = await p.author.put(`/api/reports/${id}/draft`, { ...typed(doc, '', '<p>แก้</p>'), version: doc.version });
    expect(saved.body.savedAs).toBe('draft');
    const refused = await send(p.author, id, { event: 'RESUBMIT' });
    expect(refused.status).toBe(400);
    expect(refused.body.fields.map((f: Json) => f.field)).toEqual([BLANK_HEADING]);
    expect((await p.author.get(`/api/reports/${id}`)).body.status).toBe('returned');
  });

  test('a draft saved on an old version answers 409; a whole valid PUT replaces a pending draft', async () => {
    const id = await newDraft(p.author);
    const before = await current(id);
    const first = await p.author.put(`/api/reports/${id}/draft`, { ...typed(before, '', 'ก'), version: before.version });
    const stale = await p.author.put(`/api/reports/${id}/draft`, { ...typed(before, '', 'ข'), version: before.version });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(JSON.parse((await stored(id))!).report.sections[0].groups[0].rows[0].cells[0]).toBe('ก');

    const replaced = await p.author.put(`/api/reports/${id}`, { ...before, version: first.body.version });
    expect(replaced.status).toBe(200);
    expect(await stored(id)).toBeNull();
    expect((await send(p.author, id, { event: 'SUBMIT' })).status).toBe(200);
  });

  test("the memo page lists a pending draft's problems with links into the editor; its SUBMIT form is refused with them", async () => {
    const id = await newDraft(p.author);
    const before = await current(id);
    await p.author.put(`/api/reports/${id}/draft`, { ...typed(before, '', '<p>ก</p>'), version: before.version });
    const login = await postSignInForm(t.baseUrl, { username: org.users.author.username, password: org.users.author.password });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const page = await rawGet(t.baseUrl, `/memos/${id}`, { cookie });
    const link = `<a href="/memos/${id}/edit#field=${encodeURIComponent(BLANK_HEADING)}">ส่วนที่ 1 (ตารางมาตรการ) › คอลัมน์ที่ 2 › หัวคอลัมน์</a>: ต้องไม่เว้นว่าง`;
    expect(page.text).toContain('ช่องที่ต้องแก้ไขก่อนเสนอแฟ้ม (1 ช่อง)');
    expect(page.text).toContain(link);
    const editor = await rawGet(t.baseUrl, `/memos/${id}/edit`, { cookie });
    expect(editor.text).toContain('"pending":true');
    expect(editor.text).toContain('id="editor-submit"');

    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const refused = await fetch(`${t.baseUrl}/memos/${id}/act`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, event: 'SUBMIT', version: String(before.version + 1) }).toString(),
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('เสนอแฟ้มไม่ได้ เพราะเอกสารยังมีช่องที่ต้องแก้ไข 1 ช่อง');
    expect(html).toContain(link);
    expect(html).not.toContain(`>${BLANK_HEADING}<`);
    expect((await p.author.get(`/api/reports/${id}`)).body.status).toBe('draft');
    // A draft that keeps every rule lists nothing of the kind.
    expect((await rawGet(t.baseUrl, `/memos/${(await newDraft(p.author))}`, { cookie })).text).not.toContain('ช่องที่ต้องแก้ไขก่อนเสนอแฟ้ม');
  });

  test('only the author and admins save or read the working copy; other organisations do not see it', async () => {
    const id = await newDraft(p.author);
    const before = await current(id);
    expect((await p.admin.get(`/api/reports/${id}/draft`)).status).toBe(200);
    expect((await p.deputy.put(`/api/reports/${id}/draft`, { ...typed(before, '', 'x'), version: before.version })).status).toBe(404);
    expect((await other.put(`/api/reports/${id}/draft`, { ...typed(before, '', 'x'), version: before.version })).status).toBe(404);
    expect((await other.get(`/api/reports/${id}/draft`)).status).toBe(404);
    expect(await stored(id)).toBeNull();
  });
});
