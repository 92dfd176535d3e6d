import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthContext } from '../auth/auth-context';
import { Auth, ForOperators } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/id.pipe';
import type { Organization } from '../identity/organization.entity';
import { OrganizationExport } from './organization-export';

/** Everything of one organisation as a zip of JSON and PDF with a SHA-256 manifest, streamed as it is read. */
@ApiTags('export')
@Controller('api')
export class ExportController {
  constructor(private readonly exporter: OrganizationExport) {}

  /** Admins: their own organisation. */
  @Get('organization/export')
  @ApiProduces('application/zip')
  async own(@Auth() auth: AuthContext, @Res() response: Response) {
    await this.send(await this.exporter.organizationFor(auth), response);
  }

  /** The platform operator: any organisation. */
  @Get('platform/organizations/:id/export')
  @ForOperators()
  @ApiProduces('application/zip')
  async any(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Res() response: Response) {
    await this.send(await this.exporter.organizationFor(auth, id), response);
  }

  private async send(organization: Organization, response: Response): Promise<void> {
    response.status(200);
    response.setHeader('Content-Type', 'application/zip');
    response.setHeader('Content-Disposition', `attachment; filename="${this.exporter.fileName(organization)}"`);
    response.setHeader('Cache-Control', 'no-store');
    await this.exporter.write(organization, response);
  }
}
