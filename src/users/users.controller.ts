import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/id.pipe';
import { ApiPage, PageQuery } from '../common/pagination';
import { imageResponse } from '../common/image-response';
import { IMAGE_UPLOAD_LIMITS } from '../common/upload-limits';
import { readImageUpload } from '../common/image-upload';
import { CreateUserDto, UpdateUserDto } from './user.dto';
import { UsersService } from './users.service';

const imageBody = { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } };

@ApiTags('people')
@Controller('api/people')
export class UsersController {
  constructor(private readonly usersService: UsersService) {}

  /** By name. */
  @Get()
  @ApiPage()
  list(@Auth() auth: AuthContext, @Query() page: PageQuery) {
    return this.usersService.list(auth, page);
  }

  @Post()
  create(@Auth() auth: AuthContext, @Body() body: CreateUserDto) {
    return this.usersService.create(auth, body);
  }

  @Get(':id')
  get(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return this.usersService.get(auth, id);
  }

  /** Admins only; a new password ends the person's sessions; deactivating ends them and frees the person's position. */
  @Patch(':id')
  update(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Body() body: UpdateUserDto) {
    return this.usersService.update(auth, id, body);
  }

  /** Admins only: a one-time link to set a new password, mailed to the person, or in `link` (once) without SMTP. */
  @Post(':id/password-reset')
  @HttpCode(200)
  passwordReset(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return this.usersService.issuePasswordLink(auth, id);
  }

  /** PNG or JPEG up to 1 MB; one's own, or anyone's of the organisation for admins. */
  @Put(':id/signature')
  @HttpCode(204)
  @ApiConsumes('multipart/form-data')
  @ApiBody(imageBody)
  @UseInterceptors(FileInterceptor('file', IMAGE_UPLOAD_LIMITS))
  async setSignature(
    @Auth() auth: AuthContext,
    @Param('id', ParseIdPipe) id: string,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<void> {
    await this.usersService.setSignature(auth, id, readImageUpload(file, 'file'));
  }

  @Get(':id/signature')
  async getSignature(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return imageResponse(await this.usersService.getSignature(auth, id));
  }
}
