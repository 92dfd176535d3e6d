import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { workConfig, type WorkConfig } from '../config/configuration';
import { isDatabaseUnavailable } from '../database/database-errors';
import { DatabaseOutage } from '../database/database-outage';
import { OutboxNudge } from './outbox-nudge';
import { OutboxRunner, type JobHandler } from './outbox-runner';
import { ScheduledJobs } from './scheduled-jobs';

/** Where modules register what runs their outbox jobs (notify, render …). */
@Injectable()
export class OutboxHandlers {
  readonly handlers: Record<string, JobHandler> = {};

  register(kind: string, handler: JobHandler): void {
    this.handlers[kind] = handler;
  }
}

/** This process's outbox worker: polls, is woken by committed transitions, enqueues scheduled jobs as they fall due, stops cleanly at shutdown. */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private runner: OutboxRunner | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: OutboxHandlers,
    private readonly nudge: OutboxNudge,
    private readonly schedule: ScheduledJobs,
    @Inject(workConfig.KEY) private readonly config: WorkConfig,
    private readonly outage: DatabaseOutage,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.outboxEnabled) return;
    this.registry.register('scheduled', this.schedule.handle);
    this.runner = new OutboxRunner(this.dataSource, this.registry.handlers, {
      leaseMs: this.config.outboxLeaseMs,
      onError: (job, error) => this.logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, err: String(error) }, 'outbox job failed'),
    });
    this.nudge.on('poke', this.onPoke);
    this.running = this.loop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.nudge.off('poke', this.onPoke);
    this.wake?.();
    await this.running;
  }

  /** Runs every due job now (used by tests and the CLI). */
  drain(): Promise<number> {
    return (this.runner ?? new OutboxRunner(this.dataSource, this.registry.handlers)).drain();
  }

  private readonly onPoke = () => this.wake?.();

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.schedule.enqueueDue();
        const ran = await this.runner!.runOnce();
        if (ran > 0) continue;
      } catch (error) {
        // An outage is logged once, by the tracker, not once per poll.
        if (isDatabaseUnavailable(error)) this.outage.report(error);
        else if (!this.stopped) this.logger.error({ err: String(error) }, 'outbox poll failed');
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.config.outboxPollMs);
      });
      clearTimeout(this.timer);
      this.wake = undefined;
    }
  }
}
