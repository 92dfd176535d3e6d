import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Renderer } from './renderer';
import { renderingSettings, type RenderingSettings } from './rendering.config';

/** The process's renderer: one Chromium, launched at start-up in production, closed at shutdown. */
@Injectable()
export class RendererService extends Renderer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Rendering');
  private readonly settings: RenderingSettings;

  constructor() {
    const settings = renderingSettings();
    super(settings);
    this.settings = settings;
  }

  onModuleInit(): void {
    // In the background: a missing Chromium must not stop the rest of Kasian from starting; /health reports it.
    if (this.settings.warmUp) this.start().catch((error: Error) => this.logger.error(`Chromium did not start: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

/** For /health: up when the last print worked or a probe print works now (ChromiumPool.health). */
@Injectable()
export class RendererHealthIndicator {
  constructor(
    private readonly renderer: RendererService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'renderer') {
    const indicator = this.indicators.check(key);
    const { up, error, version, pid, pages, busy, queued, jobs, launches, deadlineMisses, replacements } = await this.renderer.health();
    const details = { chromium: version, pid, pages, busy, queued, jobs, launches, deadlineMisses, replacements };
    return up ? indicator.up(details) : indicator.down({ ...details, error });
  }
}
