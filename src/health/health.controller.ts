import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { RendererHealthIndicator } from '../rendering/renderer.service';
import { OutboxHealthIndicator, StorageHealthIndicator } from './deployment.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly renderer: RendererHealthIndicator,
    private readonly storage: StorageHealthIndicator,
    private readonly outbox: OutboxHealthIndicator,
  ) {}

  /**
   * 200 when the database answers, the renderer can start Chromium and the file store answers; 503 otherwise.
   * `outbox` reports this process's role and the jobs waiting for a worker (docs/operations.md).
   */
  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 3000 }),
      () => this.renderer.check('renderer'),
      () => this.storage.check('storage'),
      () => this.outbox.check('outbox'),
    ]);
  }
}
