import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { DomainError } from '../common/domain-error';
import { MEMO_NOT_FOUND } from '../memos/memo-access';
import { MemoRepository } from '../memos/memo.repository';
import { RendererService } from '../rendering/renderer.service';
import { FileStorage } from '../storage/file-storage';
import { RenderedDocument } from './rendered-document.entity';
import { RenderModelBuilder } from './render-model-builder';

/** The PDF a person sees in the app: the final file once rendered, otherwise a fresh preview marked ร่าง. */
@Injectable()
export class PreviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly builder: RenderModelBuilder,
    private readonly renderer: RendererService,
    private readonly storage: FileStorage,
    private readonly memos: MemoRepository,
  ) {}

  async pdf(auth: AuthContext, memoId: string): Promise<Buffer> {
    const memo = await this.memos.visibleTo(auth, memoId);
    if (!memo) throw DomainError.notFound(MEMO_NOT_FOUND);
    const rendered = await this.dataSource.getRepository(RenderedDocument).findOneBy({ memoId, round: memo.round });
    if (rendered && memo.status !== 'approved') return this.storage.read(rendered.storageKey);
    return (await this.renderer.pdf(await this.builder.build(memoId))).pdf;
  }
}
