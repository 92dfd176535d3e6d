import { Module } from '@nestjs/common';
import { PagesModule } from '../web/pages.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { PublicSiteController } from './public-site.controller';
import { PublicSiteService } from './public-site.service';
import { PublicationController } from './publication.controller';
import { PublicationService } from './publication.service';

@Module({
  imports: [WorkflowModule, PagesModule],
  controllers: [PublicationController, PublicSiteController],
  providers: [PublicationService, PublicSiteService],
  exports: [PublicationService],
})
export class PublicationModule {}
