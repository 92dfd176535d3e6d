import { documentReference } from '../memos/document-reference';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { appConfig, type AppConfig } from '../config/configuration';
import type { Memo } from '../memos/memo.entity';
import { MemoRepository } from '../memos/memo.repository';
import { MEMO_STATUS_LABELS } from '../memos/memo-status';
import { User } from '../identity/user.entity';
import { actingPositionHolders } from '../organizations/acting';
import type { OutboxJob } from '../outbox/outbox-job.entity';
import { Mailer } from '../mail/mailer';
import { isPeopleNotice, type PeopleNotice } from '../outbox/people-notice';

/**
 * The `notify` outbox job: tells the people concerned by a transition, by e-mail (or the log), with a link to the
 * memo. Recipients are resolved when the job runs: whoever holds or acts for the step at that moment.
 */
@Injectable()
export class NotifyHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly memos: MemoRepository,
  ) {}

  async handle(job: OutboxJob): Promise<void> {
    if (isPeopleNotice(job.payload)) return this.tellPeople(job, job.payload);
    const { memoId, audience } = job.payload as { memoId: string; audience: string };
    const memo = await this.memos.byId(memoId);
    if (!memo) return;
    const recipients = await this.recipients(memo, audience);
    const link = `${this.config.publicUrl}/memos/${memo.id}`;
    for (const person of recipients) {
      if (!person.email) continue;
      await this.mailer.send({
        to: person.email,
        subject: `[เกษียน] ${memo.subject}`,
        text: [
          `เรียน ${person.displayName}`,
          '',
          audience === 'current_step'
            ? `มีบันทึกข้อความรอการพิจารณาของท่าน: ${memo.subject}`
            : audience === 'webmasters'
              ? `เอกสารพร้อมเผยแพร่บนเว็บไซต์: ${memo.subject}`
              : `บันทึกข้อความของท่าน "${memo.subject}" มีความเคลื่อนไหว: ${MEMO_STATUS_LABELS[memo.status]}`,
          memo.documentNumber ? `ที่ ${documentReference(memo.documentNumber, memo.registerYear)}` : '',
          '',
          `เปิดดูได้ที่ ${link}`,
        ].join('\n'),
        messageId: `<${job.dedupeKey.replace(/[^A-Za-z0-9.-]/g, '.')}.${person.id}@kasian>`,
      });
    }
  }

  private async tellPeople(job: OutboxJob, notice: PeopleNotice): Promise<void> {
    const people = notice.userIds.length ? await this.dataSource.getRepository(User).findBy({ id: In(notice.userIds), organizationId: job.organizationId }) : [];
    for (const person of people) {
      if (!person.email) continue;
      await this.mailer.send({
        to: person.email,
        subject: `[เกษียน] ${notice.subject}`,
        text: [`เรียน ${person.displayName}`, '', notice.text, '', `เข้าสู่ระบบได้ที่ ${this.config.publicUrl}/login`].join('\n'),
        messageId: `<${job.dedupeKey.replace(/[^A-Za-z0-9.-]/g, '.')}.${person.id}@kasian>`,
      });
    }
  }

  private async recipients(memo: Memo, audience: string): Promise<User[]> {
    const users = this.dataSource.getRepository(User);
    if (audience === 'author') return users.findBy({ id: memo.authorId, active: true });
    if (audience === 'webmasters') {
      return (await users.findBy({ organizationId: memo.organizationId, active: true })).filter((u) => u.roles.includes('webmaster'));
    }
    if (audience === 'current_step' && memo.currentPositionId) {
      const holders = await users.findBy({ positionId: memo.currentPositionId, active: true });
      const acting = await actingPositionHolders(this.dataSource.manager, memo.organizationId, memo.currentPositionId);
      const extra = acting.length ? await users.findBy({ id: In(acting), active: true }) : [];
      return [...holders, ...extra.filter((u) => !holders.some((h) => h.id === u.id))];
    }
    return [];
  }
}
