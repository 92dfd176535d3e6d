import { DataSource } from 'typeorm';
import { organizationsCsv } from '../bench/support/organizations-csv';
import { PAGE_SIZE, SEARCH_PAGE_SIZE } from '../src/common/pagination';
import type { HttpClient } from './support/http-client';
import { approvedMemo, attachStandInPdf, newDraft, send, signInAll, type People } from './support/journey';
import { signedInOperator } from './support/operator';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

/**
 * No endpoint returns an unbounded list: the test walks the OpenAPI description, calls every GET as each person,
 * and every answer that is a list (an array, or an object with `items`, also one level down) must be a page that
 * takes `limit` (capped) and `cursor`, and whose cursors walk the whole list once, forwards and back.
 */

/** Arrays that are not lists of a collection, each bounded by validation: checked here, not exempted blindly. */
const BOUNDED_ARRAYS: Record<string, string> = {
  '/api/route': 'the approval route: at most 10 steps (SetRouteDto)',
};

interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: { default?: number; maximum?: number; enum?: string[] } }[];
  responses?: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }>;
}

/** Every object with an `items` array in the answer: the answer itself, or its members (the inbox's sections). */
function pagesIn(body: unknown): { path: string; page: { items: unknown[]; next?: string | null; previous?: string | null } }[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const record = body as Record<string, unknown>;
  if (Array.isArray(record.items)) return [{ path: '', page: record as { items: unknown[] } }];
  return Object.entries(record).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value) && Array.isArray((value as { items?: unknown }).items)
      ? [{ path: key, page: value as { items: unknown[]; next?: string | null } }]
      : [],
  );
}

/** An href as a browser reads it from the page. */
const hrefOf = (html: string, rel: 'next' | 'prev') => {
  const found = html.match(new RegExp(`<a rel="${rel}" href="([^"]+)"`));
  return found ? found[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=') : null;
};

describe.each(DIALECTS)('bounded lists (%s)', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;
  let operator: HttpClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(dialect, { OUTBOX_ENABLED: 'false' });
    org = await seedOrganization(t, `bl${dialect.slice(0, 2)}`);
    p = await signInAll(t, org);
    // At least two of everything that is listed, so that a page of one has a next.
    const approved = [await approvedMemo(p, 'เรื่องที่หนึ่ง'), await approvedMemo(p, 'เรื่องที่สอง'), await approvedMemo(p, 'เรื่องที่สาม'), await approvedMemo(p, 'เรื่องที่สี่')];
    for (const id of approved) await attachStandInPdf(t, org.organizationId, id);
    for (const id of approved.slice(0, 2)) expect((await p.webmaster.post(`/api/memos/${id}/publish`, {})).status).toBe(200);
    for (const subject of ['รอปลัดหนึ่ง', 'รอปลัดสอง']) expect((await send(p.author, await newDraft(p.author, subject), { event: 'SUBMIT' })).status).toBe(200);
    await newDraft(p.author, 'ร่างหนึ่ง');
    await newDraft(p.author, 'ร่างสอง');
    for (const name of ['สคริปต์หนึ่ง', 'สคริปต์สอง']) {
      for (const who of ['admin', 'author', 'deputy', 'webmaster'] as const) expect((await p[who].post('/api/auth/tokens', { name })).status).toBe(201);
    }
    for (const [startsOn, endsOn] of [['2025-01-01', '2025-01-05'], ['2025-02-01', '2025-02-05']]) {
      const res = await p.admin.post('/api/acting-assignments', { positionId: org.positions.mayor, userId: org.users.deputy.id, kind: 'acting', orderNumber: `คำสั่ง ${startsOn}`, startsOn, endsOn });
      expect(res.status).toBe(201);
    }
    // Two pending invitations (no SMTP here: each link is handed back), and a second organisation for the operator.
    for (const [i, name] of ['ผู้ได้รับเชิญหนึ่ง', 'ผู้ได้รับเชิญสอง'].entries()) {
      expect((await p.admin.post('/api/invitations', { fullName: name, email: `invited${i}@bl.go.th`, roles: ['reviewer'] })).status).toBe(201);
    }
    operator = await signedInOperator(t);
    const second = await operator.post('/api/platform/organizations', {
      name: 'องค์การบริหารส่วนตำบลที่สอง', kind: 'sao', province: 'นราธิวาส', district: 'ตากใบ', dlaCode: `69${dialect.length}0199`,
      letterCode: 'นธ ๙๙๙๐๑', slug: `bl2${dialect.slice(0, 2)}`, numerals: 'thai', adminFullName: 'ผู้ดูแล ที่สอง', adminEmail: `admin@bl2${dialect.slice(0, 2)}.go.th`,
    });
    expect(second.status).toBe(201);
    ids.memo = approved[0];
    ids.review = (await p.author.get(`/api/memos/${approved[0]}/reviews`)).body.items[0].id;
    ids.sha256 = (await p.webmaster.get('/api/publications')).body.items[0].sha256;
  });
  afterAll(() => t.close());

  /** A concrete path for an OpenAPI path, or the reason the test cannot fill it (which fails it). */
  function concrete(path: string, operation: Operation): string[] {
    const ofId = (): string[] | undefined =>
      path.startsWith('/api/people/') ? [org.users.deputy.id]
      : path.startsWith('/api/positions/') ? [org.positions.author]
      : path.startsWith('/api/organizations/') || path.startsWith('/api/platform/organizations/') ? [org.organizationId]
      : path.startsWith('/api/memos/') || path.startsWith('/api/reports/') ? [ids.memo]
      : undefined;
    let paths = [path];
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in !== 'path') continue;
      const choices =
        parameter.schema?.enum ??
        (parameter.name === 'reviewId' ? [ids.review] : parameter.name === 'id' ? ofId() : undefined);
      if (!choices) throw new Error(`the test does not know a value for {${parameter.name}} in ${path}: add one`);
      paths = paths.flatMap((p) => choices.map((choice) => p.replace(`{${parameter.name}}`, choice)));
    }
    const required = (operation.parameters ?? []).filter((q) => q.in === 'query' && q.required);
    const query = required.map((q) => {
      if (q.name !== 'sha256') throw new Error(`the test does not know a value for ?${q.name} of ${path}: add one`);
      return `sha256=${ids.sha256}`;
    });
    return paths.map((p) => (query.length ? `${p}?${query.join('&')}` : p));
  }

  test('every GET of the OpenAPI description that answers a list pages it: limit capped, cursor walks it once', async () => {
    const description = (await p.admin.get('/api/openapi.json')).body as { paths: Record<string, { get?: Operation }> };
    const clients = [...Object.entries(p), ['operator', operator]] as [string, HttpClient][];
    const lists = new Set<string>();
    const problems: string[] = [];
    for (const [path, item] of Object.entries(description.paths)) {
      const operation = item.get;
      if (!operation) continue;
      const parameter = (name: string) => (operation.parameters ?? []).find((q) => q.in === 'query' && q.name === name);
      for (const url of concrete(path, operation)) {
        for (const [who, client] of clients) {
          const res = await client.get(url);
          if (res.status !== 200 || typeof res.body !== 'object' || res.body === null) continue;
          const at = `GET ${url} as ${who}`;
          if (Array.isArray(res.body)) {
            if (!BOUNDED_ARRAYS[path]) problems.push(`${at}: answers a bare array; a list answers { items, next, previous }`);
            continue;
          }
          const pages = pagesIn(res.body);
          if (pages.length === 0) continue;
          lists.add(path);
          const limit = parameter('limit');
          if (!limit) {
            problems.push(`${at}: a list without a limit parameter in the OpenAPI description`);
            continue;
          }
          if (limit.schema?.maximum !== PAGE_SIZE.max || limit.schema?.default !== PAGE_SIZE.default) problems.push(`${at}: limit is not described as capped at ${PAGE_SIZE.max}, default ${PAGE_SIZE.default}`);
          const declared = operation.responses?.['200']?.content?.['application/json']?.schema?.properties ?? {};
          for (const { path: member } of pages) if (!(member ? member in declared : 'items' in declared)) problems.push(`${at}: the page${member ? ` ${member}` : ''} is not in the described response`);
          for (const { path: member, page } of pages) if (page.items.length > PAGE_SIZE.default) problems.push(`${at}: ${page.items.length} items${member ? ` in ${member}` : ''} without a limit`);
          const join = url.includes('?') ? '&' : '?';
          const tooMany = await client.get(`${url}${join}limit=100000`);
          if (tooMany.status !== 400 || tooMany.body.fields?.[0]?.field !== 'limit' || !tooMany.body.fields[0].message || !tooMany.body.fields[0].messageEn) {
            problems.push(`${at}: limit=100000 answered ${tooMany.status} ${tooMany.text.slice(0, 120)}`);
          }
          const one = await client.get(`${url}${join}limit=1`);
          for (const { path: member, page } of pagesIn(one.body)) if (page.items.length > 1) problems.push(`${at}: limit=1 gave ${page.items.length} items${member ? ` in ${member}` : ''}`);
          if (pages[0].path !== '') continue;
          // A page of its own: its cursors walk the whole list, forwards and back, each item once, in the same order.
          if (!parameter('cursor')) problems.push(`${at}: a page without a cursor parameter`);
          const whole = (await client.get(`${url}${join}limit=${PAGE_SIZE.max}`)).body.items.map((i: unknown) => JSON.stringify(i));
          const walked: string[] = [];
          let last = one.body;
          walked.push(...last.items.map((i: unknown) => JSON.stringify(i)));
          while (last.next && walked.length <= whole.length) {
            last = (await client.get(`${url}${join}limit=1&cursor=${encodeURIComponent(last.next)}`)).body;
            walked.push(...last.items.map((i: unknown) => JSON.stringify(i)));
          }
          if (JSON.stringify(walked) !== JSON.stringify(whole)) problems.push(`${at}: walking next with limit=1 gave ${walked.length} items, the list has ${whole.length}`);
          const back: string[] = [...last.items.map((i: unknown) => JSON.stringify(i))];
          while (last.previous && back.length <= whole.length) {
            last = (await client.get(`${url}${join}limit=1&cursor=${encodeURIComponent(last.previous)}`)).body;
            back.unshift(...last.items.map((i: unknown) => JSON.stringify(i)));
          }
          if (JSON.stringify(back) !== JSON.stringify(whole)) problems.push(`${at}: walking previous back gave ${back.length} items, the list has ${whole.length}`);
          const bad = await client.get(`${url}${join}cursor=not-a-cursor`);
          if (bad.status !== 400 || bad.body.fields?.[0]?.field !== 'cursor' || !/cursor/.test(bad.body.fields[0].message)) problems.push(`${at}: a bad cursor answered ${bad.status}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The walk found the lists there are (so that a change to the description cannot make it find none).
    expect([...lists].sort()).toEqual(
      expect.arrayContaining([
        '/api/acting-assignments', '/api/auth/tokens', '/api/inbox', '/api/inbox/{section}', '/api/invitations', '/api/ita-items', '/api/memos/{id}/reviews',
        '/api/people', '/api/platform/organizations', '/api/positions', '/api/publications', '/api/publications/queue', '/api/reports',
      ]),
    );
  });

  test('the one bounded array stays bounded: a route of 11 steps is refused', async () => {
    const positions = (await p.admin.get('/api/positions')).body.items.map((x: { id: string }) => x.id);
    const res = await p.admin.put('/api/route', { positionIds: Array.from({ length: 11 }, (_, i) => positions[i % positions.length]) });
    expect(res.status).toBe(400);
    expect(res.body.fields[0]).toMatchObject({ field: 'positionIds' });
  });

  test("a cursor of one list is refused by another, and by a search of the same list", async () => {
    const people = (await p.admin.get('/api/people?limit=1')).body;
    const asReports = await p.admin.get(`/api/reports?cursor=${encodeURIComponent(people.next)}`);
    expect(asReports.status).toBe(400);
    expect(asReports.body.fields[0]).toMatchObject({ field: 'cursor', message: expect.stringContaining('ตัวชี้หน้า'), messageEn: expect.stringContaining('cursor') });
    const documents = (await p.admin.get('/api/reports?limit=1')).body;
    expect((await p.admin.get(`/api/reports?q=${encodeURIComponent('เรื่อง')}&cursor=${encodeURIComponent(documents.next)}`)).status).toBe(400);
  });

  test('a search pages by rank, then newest: the pages together are the whole result, once each', async () => {
    const q = encodeURIComponent('รอปลัด');
    const whole = (await p.author.get(`/api/reports?q=${q}`)).body.items.map((i: { id: string }) => i.id);
    expect(whole).toHaveLength(2);
    const first = (await p.author.get(`/api/reports?q=${q}&limit=1`)).body;
    const second = (await p.author.get(`/api/reports?q=${q}&limit=1&cursor=${encodeURIComponent(first.next)}`)).body;
    expect([...first.items, ...second.items].map((i: { id: string }) => i.id)).toEqual(whole);
    expect(second.next).toBeNull();
  });

  if (dialect === 'sqlite') {
    test('the document list page pages by 50 with next and previous links; the API stops at its default', async () => {
      const dataSource = t.app.get(DataSource);
      // 60 more drafts, copied in SQL from one made through the API (making each through the API would take long).
      const [source] = await dataSource.query("SELECT id FROM memos WHERE subject = 'ร่างหนึ่ง'");
      for (let i = 0; i < 60; i++) {
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        await dataSource.query(
          `INSERT INTO reports (id, organization_id, author_id, kind, title, fiscal_year, period, plan_id, content, search_text, created_at, updated_at)
           SELECT ?, organization_id, author_id, kind, title, fiscal_year, period, plan_id, content, search_text, created_at, datetime(updated_at, '-' || ? || ' minutes') FROM reports WHERE id = ?`,
          [id, i + 1, source.id],
        );
        await dataSource.query(
          `INSERT INTO memos (id, organization_id, author_id, status, version, document_number, register_year, subject, content, created_at, updated_at, round)
           SELECT ?, organization_id, author_id, status, version, NULL, NULL, 'สำเนาร่างที่ ' || ?, content, created_at, updated_at, round FROM memos WHERE id = ?`,
          [id, i + 1, source.id],
        );
      }
      const api = (await p.admin.get('/api/reports')).body;
      expect(api.items).toHaveLength(PAGE_SIZE.default);
      expect(api.next).toEqual(expect.any(String));
      // A search (all 61 hold the phrase in their text) pages by its own, smaller size, on the API and the page.
      const q = encodeURIComponent('ร่างหนึ่ง');
      const searched = (await p.admin.get(`/api/reports?q=${q}`)).body;
      expect(searched.items).toHaveLength(SEARCH_PAGE_SIZE);
      expect(searched.next).toEqual(expect.any(String));
      expect((await p.admin.get(`/api/reports?q=${q}&limit=61`)).body.items).toHaveLength(61);
      const searchPage = await p.admin.get(`/memos?q=${q}`);
      expect(searchPage.text.match(/<li><a href="\/memos\//g)).toHaveLength(SEARCH_PAGE_SIZE);
      expect(hrefOf(searchPage.text, 'next')).toContain(`q=${q}`);

      const first = await p.admin.get('/memos');
      expect(first.status).toBe(200);
      expect(first.text.match(/<li><a href="\/memos\//g)).toHaveLength(50);
      expect(first.text).not.toContain('rel="prev"');
      const next = hrefOf(first.text, 'next')!;
      const second = await p.admin.get(next);
      const total = (await p.admin.get('/api/reports?limit=200')).body.items.length;
      expect(second.text.match(/<li><a href="\/memos\//g)).toHaveLength(total - 50);
      expect(second.text).not.toContain('rel="next"');
      const previous = hrefOf(second.text, 'prev')!;
      const again = await p.admin.get(previous);
      const linksOf = (html: string) => html.match(/<li><a href="\/memos\/[^"]+"/g);
      expect(linksOf(again.text)).toEqual(linksOf(first.text));

      // The home page's drafts: 20 at a time, the link keeps to its section.
      const home = await p.author.get('/');
      const more = hrefOf(home.text, 'next')!;
      expect(more).toMatch(/^\/\?myDrafts=[^&]+#myDrafts$/);
      const drafts = await p.author.get(more);
      expect(drafts.status).toBe(200);
      expect(hrefOf(drafts.text, 'prev')).toMatch(/^\/\?myDrafts=/);
    });

    test("the operator's organisations and the admin's invitations page by 50 on their pages, with a next page link while there is more", async () => {
      const csv = new FormData();
      csv.append('file', new Blob([organizationsCsv({ count: 60 })], { type: 'text/csv' }), 'organizations.csv');
      expect((await operator.post('/api/platform/organizations/import', csv)).status).toBe(200);
      const organizations = (await operator.get('/api/platform/organizations?limit=200')).body.items.length;
      expect(organizations).toBeGreaterThan(50);
      const rowsOf = (html: string) => html.match(/<td><a href="\/platform\/organizations\/[^"]+">/g) ?? [];
      const first = await operator.get('/platform');
      expect(first.status).toBe(200);
      expect(first.text).toContain(`ทั้งหมด ${organizations} หน่วยงาน`);
      expect(rowsOf(first.text)).toHaveLength(50);
      expect(first.text).toContain('หน้าถัดไป');
      const second = await operator.get(hrefOf(first.text, 'next')!);
      expect(rowsOf(second.text)).toHaveLength(organizations - 50);
      expect(second.text).not.toContain('rel="next"');
      expect(new Set([...rowsOf(first.text), ...rowsOf(second.text)]).size).toBe(organizations);

      for (let i = 0; i < 50; i++) expect((await p.admin.post('/api/invitations', { fullName: `ผู้ได้รับเชิญ ${i}`, email: `page${i}@bl.go.th`, roles: ['author'] })).status).toBe(201);
      const invitations = (await p.admin.get('/api/invitations?limit=200')).body.items.length;
      expect(invitations).toBeGreaterThan(50);
      const invitationsOf = (html: string) => html.match(/action="\/admin\/invitations\/[^"/]+\/resend"/g) ?? [];
      const admin = await p.admin.get('/admin');
      expect(invitationsOf(admin.text)).toHaveLength(50);
      // The page has a pager per list: this one's link names its own cursor and comes back to its section.
      const next = /<a rel="next" href="(\/admin\?invitations(?:=|&#x3D;)[^"#]+#invitations)">หน้าถัดไป/.exec(admin.text)?.[1].replace(/&#x3D;/g, '=');
      expect(next).toEqual(expect.any(String));
      const rest = await p.admin.get(next!);
      expect(invitationsOf(rest.text)).toHaveLength(invitations - 50);
      expect(new Set([...invitationsOf(admin.text), ...invitationsOf(rest.text)]).size).toBe(invitations);
      expect(rest.text).toMatch(/<a rel="prev" href="\/admin\?invitations(=|&#x3D;)/);

      // People: the 50 invited above have not joined and are not listed there (their names sort before อุดม …); the page
      // is still 50 of those who have.
      for (let i = 0; i < 50; i++) {
        const person = { honorific: 'นาย', fullName: `อุดม ${String(i).padStart(2, '0')}`, username: `staff${i}`, password: 'a-long-password-of-theirs', roles: ['author'] };
        expect((await p.admin.post('/api/people', person)).status).toBe(201);
      }
      const everyone = (await p.admin.get('/api/people?limit=200')).body.items as { id: string; pending: boolean }[];
      const joined = everyone.filter((person) => !person.pending).map((person) => person.id);
      expect(joined.length).toBeGreaterThan(50);
      expect(everyone.length - joined.length).toBeGreaterThanOrEqual(50);
      const peopleOf = (html: string) => [...html.matchAll(/<a href="\/admin\/people\/([^"/]+)" aria-label="แก้ไข/g)].map((m) => m[1]);
      const withPeople = await p.admin.get('/admin');
      const firstPeople = peopleOf(withPeople.text);
      expect(firstPeople).toHaveLength(50);
      const peopleNext = /<a rel="next" href="(\/admin\?people(?:=|&#x3D;)[^"#]+#people)">หน้าถัดไป/.exec(withPeople.text)?.[1].replace(/&#x3D;/g, '=');
      expect(peopleNext).toEqual(expect.any(String));
      const morePeople = peopleOf((await p.admin.get(peopleNext!)).text);
      expect([...firstPeople, ...morePeople].sort()).toEqual([...joined].sort());
    });

    test('the public organisation page shows one fiscal year at a time, with a selector; an unknown year is not found', async () => {
      const slug = `bl${dialect.slice(0, 2)}`;
      const page = await fetch(`${t.baseUrl}/p/${slug}`);
      const html = await page.text();
      expect(page.status).toBe(200);
      const years = [...html.matchAll(/<a href="\/p\/[^"?]+\?year(?:=|&#x3D;)(\d{4})"( aria-current="page")?>/g)];
      expect(years.length).toBeGreaterThan(0);
      expect(years[0][2]).toBe(' aria-current="page"');
      expect((await fetch(`${t.baseUrl}/p/${slug}?year=${years[0][1]}`)).status).toBe(200);
      expect((await fetch(`${t.baseUrl}/p/${slug}?year=2501`)).status).toBe(404);
    });
  }
});
