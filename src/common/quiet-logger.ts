import { Inject, Injectable } from '@nestjs/common';
import { Logger, PinoLogger, Params, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';

const STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RouterExplorer', 'RoutesResolver']);

/** Nest's logger through pino, without the one-line-per-route start-up chatter. */
@Injectable()
export class QuietLogger extends Logger {
  constructor(logger: PinoLogger, @Inject(PARAMS_PROVIDER_TOKEN) params: Params) {
    super(logger, params);
  }

  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) return;
    super.log(message, ...rest);
  }
}
