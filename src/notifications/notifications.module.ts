import { Module, OnModuleInit } from '@nestjs/common';
import { MemosModule } from '../memos/memos.module';
import { OutboxModule } from '../outbox/outbox.module';
import { OutboxHandlers } from '../outbox/outbox-worker';
import { MailModule } from '../mail/mail.module';
import { NotifyHandler } from './notify-handler';

@Module({
  imports: [OutboxModule, MailModule, MemosModule],
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
