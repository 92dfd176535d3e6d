import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { limitsConfig, workConfig, type LimitsConfig, type WorkConfig } from '../config/configuration';
import { RendererService } from '../rendering/renderer.service';
import { FileStorage } from '../storage/file-storage';
import { outboxBacklog } from './deployment.health';

export interface CheckResult {
  up: boolean;
  /** For the operator only. */
  details: Record<string, unknown>;
}

export interface ReadinessReport {
  up: boolean;
  /** `outbox` is reported, never failed on. */
  checks: Record<'database' | 'storage' | 'renderer' | 'outbox', CheckResult>;
}

class CheckTimedOut extends Error {}

/**
 * Whether this process can do its work now: the database answers, files can be stored, the renderer prints; and,
 * reported without failing on it, the outbox backlog (a web process speaks for the workers, which have no listener).
 */
@Injectable()
export class Readiness {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: FileStorage,
    private readonly renderer: RendererService,
    @Inject(limitsConfig.KEY) private readonly limits: LimitsConfig,
    @Inject(workConfig.KEY) private readonly work: WorkConfig,
  ) {}

  async report(): Promise<ReadinessReport> {
    // Within the health deadline, leaving time to answer.
    const budget = Math.max(50, Math.floor(this.limits.healthTimeoutMs * 0.8));
    const [database, storage, renderer, outbox] = await Promise.all([
      this.bounded(budget, () => this.database()),
      this.bounded(budget, () => this.files()),
      this.bounded(budget, () => this.rendering()),
      this.bounded(budget, async () => ({ up: true, details: await outboxBacklog(this.dataSource, this.work) })),
    ]);
    return { up: database.up && storage.up && renderer.up, checks: { database, storage, renderer, outbox: { ...outbox, up: true } } };
  }

  private async database(): Promise<CheckResult> {
    const started = Date.now();
    await this.dataSource.query('SELECT 1');
    return { up: true, details: { type: this.dataSource.options.type, ms: Date.now() - started } };
  }

  private async files(): Promise<CheckResult> {
    const { writable, freeBytes, location, error } = await this.storage.readiness();
    const minFreeBytes = this.limits.storageMinFreeBytes;
    const roomy = freeBytes === null || freeBytes >= minFreeBytes;
    return {
      up: writable && roomy,
      details: { kind: this.storage.kind, location, writable, freeBytes, minFreeBytes, ...(error ? { error } : {}), ...(writable && !roomy ? { error: `less than ${minFreeBytes} bytes free in ${location}` } : {}) },
    };
  }

  /** The renderer's own answer (the Chromium pool decides what "able to print" means). */
  private async rendering(): Promise<CheckResult> {
    const { up, ...details } = await this.renderer.health();
    return { up, details };
  }

  private async bounded(ms: number, check: () => Promise<CheckResult>): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        check(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new CheckTimedOut(`no answer within ${ms} ms`)), ms);
        }),
      ]);
    } catch (error) {
      return { up: false, details: { error: String((error as Error)?.message ?? error) } };
    } finally {
      clearTimeout(timer);
    }
  }
}
