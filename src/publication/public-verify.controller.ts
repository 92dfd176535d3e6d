import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { PublicSiteService } from './public-site.service';

const SHA256 = /^[0-9a-fA-F]{64}$/;

/** The /verify page's check for programs: is this SHA-256 an authentic published version? */
@ApiTags('public')
@Public()
@Controller('api/public')
export class PublicVerifyController {
  constructor(private readonly site: PublicSiteService) {}

  @Get('verify')
  async verifyJson(@Query('sha256') sha256: string | undefined) {
    if (!sha256 || !SHA256.test(sha256)) {
      throw DomainError.field('sha256', 'format', 'ต้องเป็นค่า SHA-256 ความยาว 64 ตัวอักษร', 'must be a SHA-256 of 64 hex digits');
    }
    return this.site.verifyBySha256(sha256);
  }
}
