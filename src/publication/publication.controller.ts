import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { uploadLimits } from '../common/upload-limits';
import { ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { AuthContext, RequestOrigin } from '../auth/auth-context';
import { Auth, Origin } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { IdempotencyKey } from '../common/idempotency-key';
import { ParseIdPipe } from '../common/id.pipe';
import { ApiPage, PageQuery } from '../common/pagination';
import { CertificateUploadDto, ItaItemDto, ItaItemsQuery, PublishDto, WithdrawDto } from './publication.dto';
import { CertificatesService } from './certificates.service';
import { ItaItemsService } from './ita-items.service';
import { PublicationService } from './publication.service';
import { PreviewService } from './preview.service';

@ApiTags('publication')
@Controller('api')
export class PublicationController {
  constructor(
    private readonly publication: PublicationService,
    private readonly previews: PreviewService,
    private readonly certificates: CertificatesService,
    private readonly itaItems: ItaItemsService,
  ) {}

  /** The memo and its report as PDF: the final file once approved and rendered, otherwise a preview marked ร่าง. */
  @Get('memos/:id/preview.pdf')
  async preview(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    const pdf = await this.previews.pdf(auth, id);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="kasian-${id}.pdf"`, length: pdf.length });
  }

  /** The webmaster's queue: approved documents whose PDF is ready. */
  @Get('publications/queue')
  @ApiPage()
  queue(@Auth() auth: AuthContext, @Query() page: PageQuery) {
    return this.publication.queue(auth, page);
  }

  /** Newest first. */
  @Get('publications')
  @ApiPage()
  list(@Auth() auth: AuthContext, @Query() page: PageQuery) {
    return this.publication.list(auth, page);
  }

  /** Seals the approved PDF (QR code to the verify page + the organisation's digital signature) and publishes it. */
  @Post('memos/:id/publish')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried request with the same key returns the first result and publishes once' })
  publish(
    @Auth() auth: AuthContext,
    @Origin() origin: RequestOrigin,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: PublishDto,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.publication.publish(auth, id, body, origin, idempotencyKey);
  }

  /** The public URL then answers 410 with the reason. */
  @Post('publications/:id/withdraw')
  @HttpCode(200)
  withdraw(@Auth() auth: AuthContext, @Origin() origin: RequestOrigin, @Param('id', ParseIdPipe) id: string, @Body() body: WithdrawDto) {
    return this.publication.withdraw(auth, id, body.reason, origin);
  }

  @Get('organization/certificate')
  certificate(@Auth() auth: AuthContext) {
    return this.certificates.current(auth);
  }

  /** The organisation's signing certificate as PKCS#12 (.p12/.pfx), with its passphrase (admins). */
  @Put('organization/certificate')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, passphrase: { type: 'string' } } } })
  @UseInterceptors(FileInterceptor('file', { limits: uploadLimits(256 * 1024) }))
  uploadCertificate(@Auth() auth: AuthContext, @UploadedFile() file: Express.Multer.File | undefined, @Body() body: CertificateUploadDto) {
    if (!file?.size) throw DomainError.field('file', 'required', 'กรุณาแนบไฟล์ใบรับรอง .p12 หรือ .pfx', 'Attach the .p12/.pfx file');
    return this.certificates.upload(auth, file.buffer, body.passphrase);
  }

  /** The year → OIT item mapping (data, per organisation). */
  @Get('ita-items')
  @ApiPage()
  items(@Auth() auth: AuthContext, @Query() query: ItaItemsQuery) {
    return this.itaItems.list(auth, query);
  }

  @Post('ita-items')
  addItem(@Auth() auth: AuthContext, @Body() body: ItaItemDto) {
    return this.itaItems.add(auth, body);
  }

  @Delete('ita-items/:id')
  @HttpCode(204)
  removeItem(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.itaItems.remove(auth, id);
  }
}
