import { Global, Module } from '@nestjs/common';
import { RendererService } from './renderer.service';

/** Global: one renderer, hence one Chromium, per process. */
@Global()
@Module({
  providers: [RendererService],
  exports: [RendererService],
})
export class RenderingModule {}
