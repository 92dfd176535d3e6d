import { Module, OnModuleInit } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { MemosModule } from '../memos/memos.module';
import { OutboxModule } from '../outbox/outbox.module';
import { OutboxHandlers } from '../outbox/outbox-worker';
import { PreviewService } from './preview.service';
import { RenderJob } from './render-job';
import { RenderModelBuilder } from './render-model-builder';
import { WorkflowModule } from '../workflow/workflow.module';
import { PublicSiteService } from './public-site.service';
import { PublicVerifyController } from './public-verify.controller';
import { PublicationController } from './publication.controller';
import { CertificatesService } from './certificates.service';
import { ItaItemsService } from './ita-items.service';
import { PublicationService } from './publication.service';
import { PublishedFiles } from './published-files';

@Module({
  imports: [WorkflowModule, OutboxModule, MemosModule, OrganizationsModule],
  controllers: [PublicationController, PublicVerifyController],
  providers: [PublicationService, CertificatesService, ItaItemsService, PublicSiteService, PublishedFiles, RenderModelBuilder, RenderJob, PreviewService],
  exports: [PublicationService, CertificatesService, ItaItemsService, PreviewService, PublicSiteService, PublishedFiles],
})
export class PublicationModule implements OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly renderJob: RenderJob,
  ) {}

  onModuleInit(): void {
    this.handlers.register('render', (job) => this.renderJob.handle(job));
  }
}
