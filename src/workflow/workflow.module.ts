import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ActingAssignmentsService } from './acting-assignments.service';
import { MemoHistoryService } from './memo-history.service';
import { OutboxNudge } from './outbox-nudge';
import { OutboxHandlers, OutboxWorker } from './outbox-worker';
import { ScheduledJobs } from './scheduled-jobs';
import { WorkflowController } from './workflow.controller';
import { WorkflowService } from './workflow.service';
import { Idempotency } from './idempotency';

@Module({
  imports: [OrganizationsModule],
  controllers: [WorkflowController],
  providers: [WorkflowService, Idempotency, MemoHistoryService, ActingAssignmentsService, OutboxNudge, OutboxHandlers, OutboxWorker, ScheduledJobs],
  exports: [WorkflowService, Idempotency, MemoHistoryService, ActingAssignmentsService, OutboxHandlers, OutboxWorker, ScheduledJobs],
})
export class WorkflowModule {}
