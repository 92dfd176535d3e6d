import { Module, OnModuleInit } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { OutboxHandlers } from '../workflow/outbox-worker';
import { MailModule } from './mail.module';
import { NotifyHandler } from './notify-handler';

@Module({
  imports: [WorkflowModule, MailModule],
  providers: [NotifyHandler],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly notify: NotifyHandler,
  ) {}

  onModuleInit(): void {
    this.handlers.register('notify', (job) => this.notify.handle(job));
  }
}
