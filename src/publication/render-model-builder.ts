import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MemoRepository } from '../memos/memo.repository';
import { Organization } from '../identity/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { DOCUMENT_FORMAT, DOCUMENT_FORMAT_VERSION, type MemoContent } from '../reports/document-format';
import { Report } from '../reports/report.entity';
import type { MemoRenderModel, RenderImage } from '../rendering/render-model';
import { User } from '../identity/user.entity';
import { MemoReview } from '../workflow/memo-review.entity';

const FINAL_STATES = new Set(['approved', 'ready', 'published', 'withdrawn']);

function image(data: Buffer | null | undefined, type: string | null | undefined): RenderImage | null {
  return data && (type === 'image/png' || type === 'image/jpeg') ? { type, data } : null;
}

/**
 * Gathers what the renderer needs for one memo from the database: the organisation (numerals, emblem), the memo and
 * its report, the author's signature block, and one comment block per step of the route (empty for steps not
 * reached). The renderer itself never touches the database.
 */
@Injectable()
export class RenderModelBuilder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly memos: MemoRepository,
  ) {}

  async build(memoId: string): Promise<MemoRenderModel> {
    const memo = await this.memos.byId(memoId);
    if (!memo) throw new Error(`no memo ${memoId}`);
    const [organization, report, author, reviews] = await Promise.all([
      this.dataSource.getRepository(Organization).findOneOrFail({ where: { id: memo.organizationId }, select: { id: true, name: true, shortName: true, numerals: true, emblem: true, emblemType: true, words: true } }),
      this.dataSource.getRepository(Report).findOneByOrFail({ id: memoId }),
      this.dataSource.getRepository(User).findOneOrFail({
        where: { id: memo.authorId },
        relations: { position: true },
        select: { id: true, honorific: true, fullName: true, signature: true, signatureType: true, position: { id: true, title: true } },
      }),
      this.dataSource.getRepository(MemoReview).find({
        where: { memoId, round: memo.round },
        order: { ordinal: 'ASC', signedAt: 'DESC' },
        select: { id: true, ordinal: true, heading: true, comment: true, signerName: true, signerPosition: true, actingFor: true, signature: true, signatureType: true, signedAt: true, action: true },
      }),
    ]);
    const memoContent: MemoContent = { ...memo.content, ...(memo.documentNumber ? { documentNumber: memo.documentNumber } : {}) } as MemoContent;
    // A draft has no route of its own yet: its preview shows the organisation's current one.
    const route = memo.route ?? (await this.organizations.getRoute(memo.organizationId)).map((p) => ({ positionId: p.id, title: p.title, shortTitle: p.shortTitle }));
    const submitted = memo.status !== 'draft';
    return {
      organization: {
        name: organization.name,
        shortName: organization.shortName,
        numerals: organization.numerals,
        emblem: image(organization.emblem, organization.emblemType),
        words: organization.words ?? [],
      },
      document: { format: DOCUMENT_FORMAT, version: DOCUMENT_FORMAT_VERSION, report: report.content, memo: memoContent },
      author: { displayName: author.displayName, position: memoContent.signer.position || author.position?.title || '', signature: submitted ? image(author.signature, author.signatureType) : null },
      reviews: route.map((step, ordinal) => {
        const review = reviews.find((r) => r.ordinal === ordinal && (r.action === 'FORWARD' || r.action === 'APPROVE'));
        return review
          ? {
              heading: review.heading,
              comment: review.comment,
              signerName: review.signerName,
              signerPosition: review.signerPosition,
              actingFor: review.actingFor,
              signature: image(review.signature, review.signatureType),
              date: review.signedAt.toISOString(),
            }
          : { heading: `ความเห็น${step.shortTitle}`, comment: null, signerName: null, signerPosition: step.title, actingFor: null, signature: null, date: null };
      }),
      draft: !FINAL_STATES.has(memo.status),
    };
  }
}
