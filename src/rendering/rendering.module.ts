import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RendererHealthIndicator, RendererService } from './renderer.service';

/** Global: one renderer, hence one Chromium, per process. */
@Global()
@Module({
  imports: [TerminusModule],
  providers: [RendererService, RendererHealthIndicator],
  exports: [RendererService, RendererHealthIndicator],
})
export class RenderingModule {}
