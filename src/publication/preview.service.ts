import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { DomainError } from '../common/domain-error';
import { canSeeMemo, MEMO_NOT_FOUND } from '../memos/memo-access';
import { Memo } from '../memos/memo.entity';
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
  ) {}

  async pdf(auth: AuthContext, memoId: string): Promise<Buffer> {
    const memo = await this.dataSource.getRepository(Memo).findOneBy({ id: memoId });
    if (!memo || !canSeeMemo(auth, memo)) throw DomainError.notFound(MEMO_NOT_FOUND);
    const rendered = await this.dataSource.getRepository(RenderedDocument).findOneBy({ memoId, round: memo.round });
    if (rendered && memo.status !== 'approved') return this.storage.read(rendered.storageKey);
    return (await this.renderer.pdf(await this.builder.build(memoId))).pdf;
  }
}
