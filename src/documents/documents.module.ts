import { Module } from '@nestjs/common';
import { MemosModule } from '../memos/memos.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { ReportSearch } from '../reports/report-search';

@Module({
  imports: [OrganizationsModule, WorkflowModule, MemosModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, ReportSearch],
  exports: [DocumentsService, ReportSearch],
})
export class DocumentsModule {}
