import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';

/** The line an operator finds at the end of a process's log: it was asked to stop, and by what. */
@Injectable()
export class LifecycleLog implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Kasian');

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log({ event: 'shutdown', signal: signal ?? null, pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }, `Kasian stopping${signal ? ` (${signal})` : ''}`);
  }
}
