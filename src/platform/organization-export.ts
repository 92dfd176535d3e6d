import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { PassThrough, Readable, Transform, type Writable } from 'node:stream';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { ZipFile } from 'yazl';
import type { AuthContext } from '../auth/auth-context';
import { requireOperator, requireRole } from '../auth/access';
import { DomainError } from '../common/domain-error';
import { Memo } from '../memos/memo.entity';
import { Organization } from '../identity/organization.entity';
import { Position } from '../identity/position.entity';
import { RouteStep } from '../organizations/route-step.entity';
import { ItaItem } from '../organizations/ita-item.entity';
import { OrganizationCertificate } from '../organizations/organization-certificate.entity';
import { Publication } from '../publication/publication.entity';
import { RenderedDocument } from '../publication/rendered-document.entity';
import { Report } from '../reports/report.entity';
import { FileStorage } from '../storage/file-storage';
import { User } from '../identity/user.entity';
import { toUserView } from '../identity/user-view';
import { ActingAssignment } from '../organizations/acting-assignment.entity';
import { AuditEvent } from '../workflow/audit-event.entity';
import { MemoReview } from '../workflow/memo-review.entity';

export const EXPORT_FORMAT = 'kasian-organization-export';
export const EXPORT_VERSION = 1;
/** Rows read per query while a JSON list is written. */
const PAGE = 500;

interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

const extension = (type: string | null) => (type === 'image/jpeg' ? 'jpg' : 'png');

/**
 * Everything of one organisation, so that it can always leave with its records: its profile, people (no password
 * hashes), positions, route, acting orders, ITA items, every document (report + memo) with its reviews, signatures
 * and audit trail, the rendered and the published PDFs — as one zip of JSON and PDF files with `manifest.json`
 * listing each file's size and SHA-256.
 *
 * Streamed: entries are written to the response as they are read — lists page through the database, PDFs come from
 * the file store chunk by chunk, one document's JSON is in memory at a time — never the whole archive. The manifest is the last entry, once every hash is known.
 * Not in the export: the certificate's private key and passphrase, sessions, tokens and links.
 */
@Injectable()
export class OrganizationExport {
  private readonly logger = new Logger('Export');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: FileStorage,
  ) {}

  /** The admin's own organisation, or (for the operator) any organisation by id. */
  async organizationFor(auth: AuthContext, id?: string): Promise<Organization> {
    if (id === undefined) requireRole(auth, 'admin');
    else requireOperator(auth);
    const organization = await this.dataSource.getRepository(Organization).findOneBy({ id: id ?? auth.organizationId });
    if (!organization) throw DomainError.notFound({ th: 'ไม่พบหน่วยงานนี้', en: 'Organisation not found' });
    return organization;
  }

  fileName(organization: Organization, at = new Date()): string {
    return `kasian-${organization.slug}-${at.toISOString().slice(0, 10)}.zip`;
  }

  /** Writes the zip to `out`; resolves when the last byte is handed to it. */
  async write(organization: Organization, out: Writable): Promise<void> {
    const zip = new ZipFile();
    const manifest: ManifestEntry[] = [];
    const finished = new Promise<void>((resolve, reject) => {
      zip.outputStream.on('error', reject);
      out.on('error', reject);
      out.on('finish', resolve);
      out.on('close', resolve);
    });
    zip.outputStream.pipe(out);
    // One entry at a time: the next one's source is opened only when the last has been written (yazl would otherwise
    // have every source flowing into its buffers at once).
    const add = (path: string, source: Buffer | (() => AsyncIterable<Buffer | string>)): Promise<void> => {
      const hash = createHash('sha256');
      let size = 0;
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      const done = new Promise<void>((resolve, reject) => {
        counted.on('end', () => {
          manifest.push({ path, size, sha256: hash.digest('hex') });
          resolve();
        });
        counted.on('error', reject);
      });
      const readable = Buffer.isBuffer(source) ? Readable.from([source]) : Readable.from(source());
      readable.on('error', (error) => counted.destroy(error));
      // PDFs and images are compressed already.
      zip.addReadStream(readable.pipe(counted).pipe(new PassThrough()), path, { mtime: new Date(), compress: path.endsWith('.json') });
      return done;
    };
    const id = organization.id;
    try {
      await add('organization.json', Buffer.from(JSON.stringify(await this.profile(organization), null, 2)));
      if (organization.emblemType) {
        const row = await this.dataSource.getRepository(Organization).findOneOrFail({ where: { id }, select: { id: true, emblem: true, emblemType: true } });
        if (row.emblem) await add(`emblem.${extension(row.emblemType)}`, row.emblem);
      }
      const people = await this.dataSource.getRepository(User).find({ where: { organizationId: id }, relations: { position: true }, order: { fullName: 'ASC' } });
      await add('people.json', Buffer.from(JSON.stringify(people.map(toUserView), null, 2)));
      for (const person of people.filter((p) => p.signatureType)) {
        await add(`people/${person.username}-signature.${extension(person.signatureType)}`, () => this.signatureOf(User, person.id));
      }
      await add('audit.json', () => this.jsonList(AuditEvent, id, { memoId: 'ASC', seq: 'ASC' }));
      const memoIds = (await this.dataSource.getRepository(Memo).find({ where: { organizationId: id }, select: { id: true }, order: { createdAt: 'ASC' } })).map((m) => m.id);
      for (const memoId of memoIds) {
        await add(`documents/${memoId}/document.json`, async function* (this: OrganizationExport) {
          yield JSON.stringify(await this.document(memoId), null, 2);
        }.bind(this));
        const reviews = await this.dataSource.getRepository(MemoReview).find({ where: { memoId }, order: { round: 'ASC', ordinal: 'ASC' } });
        for (const review of reviews.filter((r) => r.signatureType)) {
          await add(`documents/${memoId}/reviews/round-${review.round}-step-${review.ordinal + 1}-signature.${extension(review.signatureType)}`, () => this.signatureOf(MemoReview, review.id));
        }
        const rendered = await this.dataSource.getRepository(RenderedDocument).find({ where: { memoId }, order: { round: 'ASC' } });
        for (const pdf of rendered) await add(`documents/${memoId}/rendered-round-${pdf.round}.pdf`, () => this.file(pdf.storageKey));
      }
      const publications = await this.dataSource.getRepository(Publication).find({ where: { organizationId: id }, order: { fiscalYear: 'ASC', publishedAt: 'ASC' } });
      await add('publications.json', Buffer.from(JSON.stringify(publications.map((p) => ({ ...p, file: this.publicationPath(p) })), null, 2)));
      for (const publication of publications) await add(this.publicationPath(publication), () => this.file(publication.storageKey));
      const body = {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt: new Date().toISOString(),
        organization: { id, name: organization.name, slug: organization.slug, dlaCode: organization.dlaCode },
        files: manifest.sort((a, b) => a.path.localeCompare(b.path)),
      };
      zip.addBuffer(Buffer.from(JSON.stringify(body, null, 2)), 'manifest.json', { mtime: new Date() });
      zip.end();
    } catch (error) {
      // Headers are gone already: the download ends short, so the archive is unreadable rather than quietly partial.
      this.logger.error({ err: error, organizationId: id }, 'export failed');
      zip.outputStream.unpipe(out);
      out.destroy(error as Error);
      throw error;
    }
    await finished;
  }

  private publicationPath(p: Publication): string {
    return `publications/${p.fiscalYear}/${p.slug}-${p.id.slice(0, 8)}.pdf`;
  }

  private async profile(organization: Organization) {
    const id = organization.id;
    const [positions, route, acting, itaItems, certificate] = await Promise.all([
      this.dataSource.getRepository(Position).find({ where: { organizationId: id }, order: { title: 'ASC' } }),
      this.dataSource.getRepository(RouteStep).find({ where: { organizationId: id }, order: { ordinal: 'ASC' } }),
      this.dataSource.getRepository(ActingAssignment).find({ where: { organizationId: id } }),
      this.dataSource.getRepository(ItaItem).find({ where: { organizationId: id }, order: { fiscalYear: 'ASC', code: 'ASC' } }),
      this.dataSource.getRepository(OrganizationCertificate).findOneBy({ organizationId: id }),
    ]);
    return {
      organization,
      positions,
      route: route.map((s) => ({ ordinal: s.ordinal, positionId: s.positionId })),
      actingAssignments: acting,
      itaItems,
      certificate: certificate ? { subject: certificate.subject, notAfter: certificate.notAfter, selfSigned: certificate.selfSigned, createdAt: certificate.createdAt } : null,
    };
  }

  /** A document: the report (its structured content) and its memo, with the reviews (signatures are files beside it). */
  private async document(memoId: string) {
    const [report, memo, reviews, audit] = await Promise.all([
      this.dataSource.getRepository(Report).findOneBy({ id: memoId }),
      this.dataSource.getRepository(Memo).findOneByOrFail({ id: memoId }),
      this.dataSource.getRepository(MemoReview).find({ where: { memoId }, order: { round: 'ASC', ordinal: 'ASC' } }),
      this.dataSource.getRepository(AuditEvent).find({ where: { memoId }, order: { seq: 'ASC' } }),
    ]);
    return { report, memo, reviews, audit };
  }

  /** A JSON list of every row of the organisation, written a page of rows at a time. */
  private async *jsonList<T extends ObjectLiteral>(entity: EntityTarget<T>, organizationId: string, order: Record<string, 'ASC' | 'DESC'>): AsyncIterable<string> {
    yield '[';
    let first = true;
    for (let skip = 0; ; skip += PAGE) {
      const rows = await this.dataSource.getRepository(entity).find({ where: { organizationId } as never, order: order as never, skip, take: PAGE });
      for (const row of rows) {
        yield `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
        first = false;
      }
      if (rows.length < PAGE) break;
    }
    yield '\n]\n';
  }

  private async *signatureOf(entity: typeof User | typeof MemoReview, id: string): AsyncIterable<Buffer> {
    const row = await this.dataSource.getRepository<{ id: string; signature: Buffer | null }>(entity).findOne({ where: { id }, select: { id: true, signature: true } });
    if (row?.signature) yield row.signature;
  }

  /** Straight from the store (a local file or an S3 object), chunk by chunk. */
  private async *file(key: string): AsyncIterable<Buffer> {
    yield* await this.storage.open(key);
  }
}
