import { Module, OnModuleInit } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { MemosModule } from '../memos/memos.module';
import { OutboxModule } from '../outbox/outbox.module';
import { OutboxHandlers } from '../outbox/outbox-worker';
import { PreviewService } from './preview.service';
import { RenderJob } from './render-job';
import { RenderModelBuilder } from './render-model-builder';
import { PagesModule } from '../web/pages.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { PublicSiteController } from './public-site.controller';
import { PublicSiteService } from './public-site.service';
import { PublicationController } from './publication.controller';
import { CertificatesService } from './certificates.service';
import { ItaItemsService } from './ita-items.service';
import { PublicationService } from './publication.service';
import { PublishedFiles } from './published-files';

@Module({
  imports: [WorkflowModule, OutboxModule, MemosModule, PagesModule, OrganizationsModule],
  controllers: [PublicationController, PublicSiteController],
  providers: [PublicationService, CertificatesService, ItaItemsService, PublicSiteService, PublishedFiles, RenderModelBuilder, RenderJob, PreviewService],
  exports: [PublicationService, CertificatesService, ItaItemsService, PreviewService],
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
