import { Module } from '@nestjs/common';
import { MemosModule } from '../memos/memos.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { ReportSearch } from './report-search';

@Module({
  imports: [OrganizationsModule, WorkflowModule, MemosModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportSearch],
  exports: [ReportsService, ReportSearch],
})
export class ReportsModule {}
