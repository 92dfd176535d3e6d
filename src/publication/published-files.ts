import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Organization } from '../identity/organization.entity';
import type { StoredFile } from '../storage/send-stored-file';
import { Publication } from './publication.entity';

/** What serving a published PDF needs, without the database. */
export interface PublishedFile extends StoredFile {
  filename: string;
}

const CAPACITY = 2000;

/**
 * Published PDFs by public URL (`org/year/slug`), so that they keep being served while the database is out: filled
 * at start with the most recent publications and on every PDF served. The database stays the authority: it is asked
 * first, and this answers only when it cannot. A document withdrawn by another Kasian process during an outage is
 * served from here until the database is back.
 */
@Injectable()
export class PublishedFiles implements OnApplicationBootstrap {
  private readonly logger = new Logger('PublishedFiles');
  private readonly files = new Map<string, PublishedFile>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  static keyOf(organizationSlug: string, year: string | number, slug: string): string {
    return `${organizationSlug}/${year}/${slug}`;
  }

  get(key: string): PublishedFile | undefined {
    const file = this.files.get(key);
    if (file) this.remember(key, file);
    return file;
  }

  /** Most recently used last; the oldest goes when full. */
  remember(key: string, file: PublishedFile): void {
    this.files.delete(key);
    this.files.set(key, file);
    if (this.files.size > CAPACITY) this.files.delete(this.files.keys().next().value!);
  }

  forget(key: string): void {
    this.files.delete(key);
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      const publications = await this.dataSource.getRepository(Publication).find({
        where: { status: In(['current', 'superseded']) },
        order: { publishedAt: 'DESC' },
        take: CAPACITY,
      });
      const organizationIds = [...new Set(publications.map((p) => p.organizationId))];
      const organizations = organizationIds.length ? await this.dataSource.getRepository(Organization).findBy({ id: In(organizationIds) }) : [];
      const slugOf = new Map(organizations.map((o) => [o.id, o.slug]));
      for (const p of publications.reverse()) {
        const slug = slugOf.get(p.organizationId);
        if (slug) this.remember(PublishedFiles.keyOf(slug, p.fiscalYear, p.slug), publishedFileOf(slug, p));
      }
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'published PDFs not indexed at start: they are served from the database only');
    }
  }
}

export function publishedFileOf(organizationSlug: string, publication: Publication): PublishedFile {
  return {
    storageKey: publication.storageKey,
    sha256: publication.sha256,
    size: publication.size,
    lastModified: publication.publishedAt,
    filename: `${organizationSlug}-${publication.fiscalYear}-${publication.slug}.pdf`,
  };
}
