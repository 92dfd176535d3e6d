import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/id.pipe';
import { ApiPage, PageQuery } from '../common/pagination';
import { imageResponse } from '../common/image-response';
import { IMAGE_UPLOAD_LIMITS } from '../common/upload-limits';
import { readImageUpload } from '../common/image-upload';
import { CreatePositionDto, SetRouteDto, UpdateOrganizationDto, UpdatePositionDto } from './organization.dto';
import { OrganizationsService } from './organizations.service';
import { SetupChecklist } from './setup-checklist';

const imageBody = { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } };

@ApiTags('organisation')
@Controller('api')
export class OrganizationsController {
  constructor(
    private readonly organizationsService: OrganizationsService,
    private readonly checklist: SetupChecklist,
  ) {}

  /** Admins: what is left to do before the organisation's people can work, each line computed from the data. */
  @Get('organization/checklist')
  setupChecklist(@Auth() auth: AuthContext) {
    return this.checklist.of(auth);
  }

  /** The signed-in person's organisation. */
  @Get('organization')
  mine(@Auth() auth: AuthContext) {
    return this.organizationsService.get(auth);
  }

  /** Any other organisation's id answers 404. */
  @Get('organizations/:id')
  get(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return this.organizationsService.get(auth, id);
  }

  @Patch('organization')
  update(@Auth() auth: AuthContext, @Body() body: UpdateOrganizationDto) {
    return this.organizationsService.update(auth, body);
  }

  /** The Garuda emblem printed top-left on memos: PNG or JPEG up to 1 MB. */
  @Put('organization/emblem')
  @HttpCode(204)
  @ApiConsumes('multipart/form-data')
  @ApiBody(imageBody)
  @UseInterceptors(FileInterceptor('file', IMAGE_UPLOAD_LIMITS))
  async setEmblem(@Auth() auth: AuthContext, @UploadedFile() file: Express.Multer.File | undefined): Promise<void> {
    await this.organizationsService.setEmblem(auth, readImageUpload(file, 'file'));
  }

  @Get('organization/emblem')
  async getEmblem(@Auth() auth: AuthContext) {
    return imageResponse(await this.organizationsService.getEmblem(auth));
  }

  /** By title. */
  @Get('positions')
  @ApiPage()
  listPositions(@Auth() auth: AuthContext, @Query() page: PageQuery) {
    return this.organizationsService.listPositions(auth, page);
  }

  @Get('positions/:id')
  getPosition(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return this.organizationsService.getPosition(auth, id);
  }

  @Post('positions')
  createPosition(@Auth() auth: AuthContext, @Body() body: CreatePositionDto) {
    return this.organizationsService.createPosition(auth, body);
  }

  @Patch('positions/:id')
  updatePosition(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Body() body: UpdatePositionDto) {
    return this.organizationsService.updatePosition(auth, id, body);
  }

  @Delete('positions/:id')
  @HttpCode(204)
  deletePosition(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.organizationsService.deletePosition(auth, id);
  }

  /** The approval route: reviewing positions in order. */
  @Get('route')
  getRoute(@Auth() auth: AuthContext) {
    return this.organizationsService.getRoute(auth.organizationId);
  }

  @Put('route')
  setRoute(@Auth() auth: AuthContext, @Body() body: SetRouteDto) {
    return this.organizationsService.setRoute(auth, body.positionIds);
  }
}
