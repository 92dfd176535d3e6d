import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../auth/auth-context';
import { Auth, ForOperators } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { ParseIdPipe } from '../common/id.pipe';
import { ApiPage } from '../common/pagination';
import { CreatePlatformOrganizationDto, InviteAdminDto, ListPlatformOrganizationsQuery, UpdatePlatformOrganizationDto } from './platform-organization.dto';
import { PlatformOrganizationsService } from './platform-organizations.service';

/** An import file: up to 10 MB (7,850 organisations are about 1.5 MB). */
export const IMPORT_UPLOAD_LIMITS = { limits: { fileSize: 10 * 1024 * 1024, files: 1 } };

/** The platform operator's API: organisations, never their documents. Members of organisations get 403. */
@ApiTags('platform')
@ForOperators()
@Controller('api/platform/organizations')
export class PlatformController {
  constructor(private readonly organizations: PlatformOrganizationsService) {}

  /** Profiles with counts of people, memos and publications, by province, district and name; `q` matches the name, DLA code, slug or province. */
  @Get()
  @ApiPage({ type: 'object', description: 'An organisation: its profile and `counts` (people, memos, publications)' })
  list(@Auth() auth: AuthContext, @Query() query: ListPlatformOrganizationsQuery) {
    return this.organizations.list(auth, query);
  }

  /** With its first admin, who is invited: `admin.delivery.link` is set (once) when the invitation was not mailed. */
  @Post()
  create(@Auth() auth: AuthContext, @Body() body: CreatePlatformOrganizationDto) {
    return this.organizations.create(auth, body);
  }

  /**
   * CSV, UTF-8 with or without BOM, Thai or English headers (docs/organization-import.md). `dryRun=true` answers per
   * line what would happen; otherwise all lines are imported or none, and lines whose DLA code exists are left alone.
   */
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiQuery({ name: 'dryRun', required: false, enum: ['true', 'false'] })
  @UseInterceptors(FileInterceptor('file', IMPORT_UPLOAD_LIMITS))
  import(@Auth() auth: AuthContext, @UploadedFile() file: Express.Multer.File | undefined, @Query('dryRun') dryRun: unknown) {
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') throw DomainError.field('dryRun', 'isBoolean', 'ต้องเป็น true หรือ false', 'must be true or false');
    if (!file?.size) throw DomainError.field('file', 'required', 'กรุณาแนบไฟล์ CSV', 'Attach the CSV file');
    return this.organizations.import(auth, file.buffer, dryRun === 'true');
  }

  @Get(':id')
  get(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return this.organizations.get(auth, id);
  }

  @Patch(':id')
  update(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Body() body: UpdatePlatformOrganizationDto) {
    return this.organizations.update(auth, id, body);
  }

  /** Nobody of it can sign in any more, its sessions end, its public pages answer 410; nothing is deleted. */
  @Post(':id/suspend')
  @HttpCode(200)
  suspend(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return this.organizations.suspend(auth, id);
  }

  @Post(':id/unsuspend')
  @HttpCode(200)
  unsuspend(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return this.organizations.unsuspend(auth, id);
  }

  /** Invites an admin (e.g. the first of an imported organisation): `delivery.link` is set (once) when not mailed. */
  @Post(':id/admins')
  inviteAdmin(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Body() body: InviteAdminDto) {
    return this.organizations.inviteAdmin(auth, id, body);
  }

  /** A password-reset link for one of the organisation's admins: mailed, or in `link` (once) without SMTP. */
  @Post(':id/admins/:userId/password-reset')
  @HttpCode(200)
  resetAdmin(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Param('userId', ParseIdPipe) userId: string) {
    return this.organizations.resetAdminPassword(auth, id, userId);
  }
}
