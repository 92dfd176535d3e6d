import { Body, Controller, Get, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthContext } from '../auth/auth-context';
import { Auth, WebPage } from '../auth/auth.decorators';
import { ChangePasswordDto, PASSWORD_MIN_LENGTH } from '../auth/auth.dto';
import { AuthService } from '../auth/auth.service';
import { DomainError } from '../common/domain-error';
import { formRefusal, sendRefusedForm } from './form-refusal';
import { validateInput } from '../common/validation';
import { readImageUpload } from '../common/image-upload';
import { IMAGE_UPLOAD_LIMITS } from '../common/upload-limits';
import { UsersService } from '../users/users.service';
import { PageRenderer } from './page-renderer';
import { WebContext } from './web-context';

/** Each person's profile: their signature and password. */
@ApiExcludeController()
@WebPage()
@Controller('profile')
export class ProfilePagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly context: WebContext,
    private readonly users: UsersService,
    private readonly authService: AuthService,
  ) {}

  @Get()
  async profile(@Auth() auth: AuthContext, @Query('done') done: string | undefined, @Res() response: Response) {
    response.type('html').send(await this.profilePage(auth, done === 'signature' ? 'บันทึกลายมือชื่อแล้ว' : done === 'password' ? 'เปลี่ยนรหัสผ่านแล้ว' : null, null));
  }

  @Post('signature')
  @UseInterceptors(FileInterceptor('file', IMAGE_UPLOAD_LIMITS))
  async signature(@Auth() auth: AuthContext, @UploadedFile() file: Express.Multer.File | undefined, @Res() response: Response) {
    try {
      await this.users.setSignature(auth, auth.userId, readImageUpload(file, 'file'));
      response.redirect(303, '/profile?done=signature');
    } catch (caught) {
      const error = formRefusal(caught);
      sendRefusedForm(response, error, await this.profilePage(auth, null, error.userMessage.th));
    }
  }

  @Post('password')
  async password(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Res() response: Response) {
    try {
      const { currentPassword = '', newPassword = '' } = body;
      if (typeof newPassword === 'string' && newPassword.length < PASSWORD_MIN_LENGTH) {
        throw DomainError.field('newPassword', 'minLength', `รหัสผ่านใหม่ต้องยาวอย่างน้อย ${PASSWORD_MIN_LENGTH} ตัวอักษร`, `at least ${PASSWORD_MIN_LENGTH} characters`);
      }
      const checked = validateInput(ChangePasswordDto, { currentPassword, newPassword });
      await this.authService.changePassword(auth, checked.currentPassword, checked.newPassword);
      response.redirect(303, '/profile?done=password');
    } catch (caught) {
      const error = formRefusal(caught);
      sendRefusedForm(response, error, await this.profilePage(auth, null, error.fields[0]?.message.th ?? error.userMessage.th));
    }
  }

  private async profilePage(auth: AuthContext, done: string | null, error: string | null) {
    return this.pages.render('staff/profile', { ...(await this.context.of(auth)), done, error, hasSignature: await this.context.hasSignature(auth) });
  }
}
