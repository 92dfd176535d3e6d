import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Renderer } from './renderer';
import { renderingSettings } from './rendering.config';

/** The process's renderer (one Chromium, closed at shutdown). */
@Injectable()
export class RendererService extends Renderer implements OnApplicationShutdown {
  constructor() {
    super(renderingSettings());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

/** /health: the renderer can start Chromium and answer. */
@Injectable()
export class RendererHealthIndicator {
  constructor(
    private readonly renderer: RendererService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'renderer') {
    const indicator = this.indicators.check(key);
    const health = await this.renderer.pool.health();
    return health.ok ? indicator.up({ chromium: health.version, ...this.renderer.pool.stats() }) : indicator.down({ error: health.error });
  }
}
