import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MemoRepository } from '../memos/memo.repository';
import { RendererService } from '../rendering/renderer.service';
import { FileStorage } from '../storage/file-storage';
import type { OutboxJob } from '../outbox/outbox-job.entity';
import { WorkflowService } from '../workflow/workflow.service';
import { RenderedDocument } from './rendered-document.entity';
import { RenderModelBuilder } from './render-model-builder';

/**
 * The `render` outbox job, queued by APPROVE: renders the final PDF (no watermark, every comment and signature),
 * stores it, records its SHA-256, size, pages and template version, and moves the memo to ready-to-publish — the
 * record and the state change in one transaction. A crash anywhere before commit leaves the job to be retried.
 */
@Injectable()
export class RenderJob {
  private readonly logger = new Logger('Render');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly builder: RenderModelBuilder,
    private readonly renderer: RendererService,
    private readonly storage: FileStorage,
    private readonly workflow: WorkflowService,
    private readonly memos: MemoRepository,
  ) {}

  async handle(job: OutboxJob): Promise<void> {
    const { memoId, round } = job.payload as { memoId: string; round: number };
    const memo = await this.memos.byId(memoId);
    if (!memo || memo.status !== 'approved' || memo.round !== round) return;
    const existing = await this.dataSource.getRepository(RenderedDocument).findOneBy({ memoId, round });
    if (existing && (await this.storage.size(existing.storageKey)) === existing.size) {
      await this.workflow.markRendered(memoId, async () => undefined);
      return;
    }
    const started = Date.now();
    const rendered = await this.renderer.pdf(await this.builder.build(memoId));
    const storageKey = `rendered/${memo.organizationId}/${memoId}-${round}.pdf`;
    await this.storage.put(storageKey, rendered.pdf);
    await this.workflow.markRendered(memoId, async (manager) => {
      if (existing) await manager.delete(RenderedDocument, { id: existing.id });
      await manager.insert(RenderedDocument, {
        id: randomUUID(),
        organizationId: memo.organizationId,
        memoId,
        round,
        storageKey,
        sha256: createHash('sha256').update(rendered.pdf).digest('hex'),
        size: rendered.pdf.length,
        pages: rendered.pages,
        templateVersion: rendered.templateVersion,
        createdAt: new Date(),
      });
    });
    this.logger.log({ memoId, pages: rendered.pages, bytes: rendered.pdf.length, ms: Date.now() - started }, 'rendered');
  }
}
