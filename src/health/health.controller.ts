import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { sameSecret } from '../common/tokens';
import { limitsConfig, type LimitsConfig } from '../config/configuration';
import { Readiness } from './readiness';

/**
 * Liveness and readiness. Anyone gets up/down; the details (what failed, Chromium's version and pid, free space)
 * only the operator, with `Authorization: Bearer $HEALTH_TOKEN`.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly readiness: Readiness,
    @Inject(limitsConfig.KEY) private readonly limits: LimitsConfig,
  ) {}

  /** Liveness: the process answers. It asks nothing of the database, so an outage does not get Kasian restarted. */
  @Get()
  @ApiOkResponse({ description: '{"status":"up"}' })
  live(@Res() response: Response) {
    response.setHeader('Cache-Control', 'no-store');
    response.json({ status: 'up' });
  }

  /** Readiness: 200 when the database answers, files can be stored (with room to spare) and the renderer prints; 503 otherwise. */
  @Get('ready')
  @ApiOkResponse({ description: '{"status":"up"}; with the health token also `checks`' })
  @ApiServiceUnavailableResponse({ description: '{"status":"down"}' })
  async ready(@Req() request: Request, @Res() response: Response) {
    const report = await this.readiness.report();
    response.status(report.up ? 200 : 503).setHeader('Cache-Control', 'no-store');
    if (!report.up) response.setHeader('Retry-After', '10');
    response.json({ status: report.up ? 'up' : 'down', ...(this.mayReadDetails(request) ? { checks: report.checks } : {}) });
  }

  private mayReadDetails(request: Request): boolean {
    const token = this.limits.healthToken;
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.get('authorization') ?? '')?.[1];
    return Boolean(token && bearer && sameSecret(bearer, token));
  }
}
