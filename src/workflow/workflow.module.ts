import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { MemoHistoryService } from './memo-history.service';
import { MemosModule } from '../memos/memos.module';
import { OutboxModule } from '../outbox/outbox.module';
import { WorkflowController } from './workflow.controller';
import { WorkflowService } from './workflow.service';
import { Idempotency } from './idempotency';

@Module({
  imports: [OrganizationsModule, OutboxModule, MemosModule],
  controllers: [WorkflowController],
  providers: [WorkflowService, Idempotency, MemoHistoryService],
  exports: [WorkflowService, Idempotency, MemoHistoryService],
})
export class WorkflowModule {}
