import { PDFDocument } from 'pdf-lib';

/**
 * One PDF from several, in order: the memo and its report are printed as two documents so that each numbers its
 * own pages ("- ๒ -" from the report's own second page) — Chromium 156 ignores `counter-reset: page` and
 * `counter-set` on elements and in named @page rules, so one print cannot restart the numbering. The title is the
 * first document's.
 */
export async function joinPdfs(parts: Buffer[]): Promise<Buffer> {
  if (parts.length === 1) return parts[0];
  const sources = await Promise.all(parts.map((part) => PDFDocument.load(part, { updateMetadata: false })));
  const joined = await PDFDocument.create({ updateMetadata: false });
  for (const source of sources) {
    for (const page of await joined.copyPages(source, source.getPageIndices())) joined.addPage(page);
  }
  const info = sources[0];
  joined.setTitle(info.getTitle() ?? '');
  joined.setProducer(info.getProducer() ?? '');
  joined.setCreator(info.getCreator() ?? '');
  const created = info.getCreationDate();
  if (created) joined.setCreationDate(created);
  joined.setModificationDate(info.getModificationDate() ?? created ?? new Date());
  return Buffer.from(await joined.save());
}
