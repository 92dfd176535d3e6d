import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
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
