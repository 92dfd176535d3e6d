import { createHash, randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { Memo } from '../../src/memos/memo.entity';
import { RenderedDocument } from '../../src/publication/rendered-document.entity';
import { FileStorage } from '../../src/storage/file-storage';
import { WorkflowService } from '../../src/workflow/workflow.service';
import seed003 from '../fixtures/seed-003-memo-implementation.json';
import { HttpClient } from './http-client';
import type { SeededOrganization, TestApp } from './test-app';

export const PNG_SIGNATURE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export type People = Record<'author' | 'deputy' | 'mayor' | 'webmaster' | 'admin', HttpClient>;

/** Signs in every person of a seeded organisation; reviewers get a stored signature. */
export async function signInAll(t: TestApp, org: SeededOrganization): Promise<People> {
  const people = {} as People;
  for (const key of ['author', 'deputy', 'mayor', 'webmaster', 'admin'] as const) {
    const client = new HttpClient(t.baseUrl);
    const res = await client.login(org.users[key].username, org.users[key].password);
    if (res.status !== 200) throw new Error(`login ${key}: ${res.status}`);
    people[key] = client;
  }
  for (const key of ['deputy', 'mayor'] as const) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG_SIGNATURE)], { type: 'image/png' }), 'signature.png');
    const res = await people[key].put(`/api/people/${org.users[key].id}/signature`, form);
    if (res.status !== 204) throw new Error(`signature ${key}: ${res.status}`);
  }
  return people;
}

/** A new draft from the 003 seed (the memo of อบต.พร่อน and its report). */
export async function newDraft(author: HttpClient, subject?: string): Promise<string> {
  const document = structuredClone(seed003) as any;
  if (subject) document.memo.subject = subject;
  const res = await author.post('/api/reports/import', document);
  if (res.status !== 201) throw new Error(`import: ${res.status} ${res.text}`);
  return res.body.id as string;
}

export function send(client: HttpClient, memoId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return client.post(`/api/memos/${memoId}/transitions`, body, headers);
}

/**
 * Stands in for the render job: a small PDF of `pages` pages, stored and recorded the way the job records its own,
 * and the memo moved to ready-to-publish (test/journey.e2e and the scale-out test cover the real rendering). Start
 * the app with OUTBOX_ENABLED=false, so that the real render job does not race it.
 */
export async function attachStandInPdf(t: TestApp, organizationId: string, memoId: string, pages = 2): Promise<Buffer> {
  const document = await PDFDocument.create();
  for (let i = 0; i < pages; i++) document.addPage([595, 842]);
  const pdf = Buffer.from(await document.save());
  // Not the render job's own key: should the job run too, it cannot overwrite the stand-in.
  const key = `rendered/${organizationId}/${memoId}-stand-in.pdf`;
  await t.app.get(FileStorage).put(key, pdf);
  const ok = await t.app.get(WorkflowService).markRendered(memoId, async (manager) => {
    // The round the memo was approved in, as the render job's payload carries it (a resubmitted memo is past round 1).
    const { round } = await manager.findOneOrFail(Memo, { where: { id: memoId }, select: { id: true, round: true } });
    await manager.insert(RenderedDocument, {
      id: randomUUID(), organizationId, memoId, round, storageKey: key,
      sha256: createHash('sha256').update(pdf).digest('hex'), size: pdf.length, pages, templateVersion: 'test', createdAt: new Date(),
    });
  });
  if (!ok) throw new Error(`memo ${memoId} was not approved`);
  return pdf;
}

/** A document taken from new draft through SUBMIT, FORWARD and APPROVE by the seeded people. */
export async function approvedMemo(p: People, subject?: string): Promise<string> {
  const id = await newDraft(p.author, subject);
  for (const [client, body] of [
    [p.author, { event: 'SUBMIT' }],
    [p.deputy, { event: 'FORWARD', comment: 'ทราบ เห็นควรนำเสนอนายก อบต.' }],
    [p.mayor, { event: 'APPROVE', comment: 'ทราบ อนุมัติ ให้ประกาศบนเว็บไซต์' }],
  ] as const) {
    const res = await send(client, id, body);
    if (res.status !== 200) throw new Error(`${body.event}: ${res.status} ${res.text}`);
  }
  return id;
}

/** An approved memo (`approvedMemo`) with its PDF stood in (`attachStandInPdf`): ready for the webmaster to publish. */
export async function approvedAndRendered(t: TestApp, org: SeededOrganization, people: People, subject?: string): Promise<string> {
  const id = await approvedMemo(people, subject);
  await attachStandInPdf(t, org.organizationId, id, 1);
  return id;
}
