import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { DomainError } from '../common/domain-error';
import { limitsConfig, type LimitsConfig } from '../config/configuration';
import { MEMO_NOT_FOUND } from '../memos/memo-access';
import { MemoRepository } from '../memos/memo.repository';
import { RendererService } from '../rendering/renderer.service';
import { FileStorage } from '../storage/file-storage';
import { RenderedDocument } from './rendered-document.entity';
import { RenderModelBuilder } from './render-model-builder';

/** What a preview keeps of the request deadline for its print, once it has its place (a print takes ≈ 0.3–1 s). */
const PRINT_MARGIN_MS = 2000;

/** The PDF a person sees in the app: the final file once rendered, otherwise a fresh preview marked ร่าง. */
@Injectable()
export class PreviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly builder: RenderModelBuilder,
    private readonly renderer: RendererService,
    private readonly storage: FileStorage,
    private readonly memos: MemoRepository,
    @Inject(limitsConfig.KEY) private readonly limits: LimitsConfig,
  ) {}

  async pdf(auth: AuthContext, memoId: string): Promise<Buffer> {
    const memo = await this.memos.visibleTo(auth, memoId);
    if (!memo) throw DomainError.notFound(MEMO_NOT_FOUND);
    const rendered = await this.dataSource.getRepository(RenderedDocument).findOneBy({ memoId, round: memo.round });
    if (rendered && memo.status !== 'approved') return this.storage.read(rendered.storageKey);
    // Someone is waiting: a place among the pages printing by two seconds before their request's deadline, or 503
    // (with Retry-After) rather than a print for nobody after the request has already been answered.
    const placeBy = Date.now() + Math.max(1000, this.limits.requestTimeoutMs - PRINT_MARGIN_MS);
    return (await this.renderer.pdf(await this.builder.build(memoId), { placeBy })).pdf;
  }
}
