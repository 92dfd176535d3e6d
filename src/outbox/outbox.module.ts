import { Module } from '@nestjs/common';
import { OutboxNudge } from './outbox-nudge';
import { OutboxHandlers, OutboxWorker } from './outbox-worker';
import { ScheduledJobs } from './scheduled-jobs';

/** The outbox: jobs written with a state change and run after it commits. Modules register their handlers with OutboxHandlers. */
@Module({
  providers: [OutboxNudge, OutboxHandlers, OutboxWorker, ScheduledJobs],
  exports: [OutboxNudge, OutboxHandlers, OutboxWorker, ScheduledJobs],
})
export class OutboxModule {}
