import { Body, Controller, Get, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { Auth, ForOperators, WebPage } from '../auth/auth.decorators';
import { requireOperator } from '../auth/access';
import { DomainError } from '../common/domain-error';
import { ParseIdPipe } from '../common/id.pipe';
import { validateInput } from '../common/validation';
import type { LinkDelivery } from '../auth/link-mail';
import { ORGANIZATION_KINDS, type OrganizationKind } from '../identity/organization.entity';
import { CreatePlatformOrganizationDto, InviteAdminDto, UpdatePlatformOrganizationDto } from '../platform/platform-organization.dto';
import { IMPORT_UPLOAD_LIMITS } from '../platform/platform.controller';
import { PlatformOrganizationsService, type OrganizationSummary } from '../platform/platform-organizations.service';
import { User } from '../identity/user.entity';
import { PageRenderer } from './page-renderer';
import { cursorParam, pagerLinks } from './pager';

const DONE: Record<string, string> = { saved: 'บันทึกข้อมูลหน่วยงานแล้ว', suspended: 'ระงับการใช้งานหน่วยงานแล้ว', unsuspended: 'เปิดใช้งานหน่วยงานอีกครั้งแล้ว' };
const ACTION_TEXT = { create: 'จะเพิ่ม / เพิ่ม', exists: 'มีอยู่แล้ว ไม่เปลี่ยนแปลง', refused: 'ผิด' } as const;
const FIELDS = ['name', 'shortName', 'kind', 'province', 'district', 'dlaCode', 'letterCode', 'slug', 'numerals'] as const;

const text = (value: unknown) => (typeof value === 'string' ? value : '');
/** A form's fields as sent (trimmed text, a blank one left out): all of them, so that the DTO refuses unknown ones. */
function formValues(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body)
      .filter(([name, value]) => name !== '_csrf' && !(typeof value === 'string' && value.trim() === ''))
      .map(([name, value]) => [name, typeof value === 'string' ? value.trim() : value]),
  );
}

/** The platform operator's pages: the organisations, one organisation, a bulk import's results. */
@ApiExcludeController()
@WebPage()
@ForOperators()
@Controller('platform')
export class PlatformPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly organizations: PlatformOrganizationsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext, @Query('q') q: unknown, @Query('cursor') cursor: unknown, @Res() response: Response) {
    response.type('html').send(await this.renderList(auth, typeof q === 'string' ? q.slice(0, 200) : '', cursorParam(cursor)));
  }

  @Post('organizations')
  async create(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Res() response: Response) {
    requireOperator(auth);
    try {
      const dto = validateInput(CreatePlatformOrganizationDto, formValues(body));
      const { organization, admin } = await this.organizations.create(auth, dto);
      response.status(201).type('html').send(await this.renderOrganization(auth, organization.id, 'เพิ่มหน่วยงานและเชิญผู้ดูแลระบบแล้ว', this.handOver(admin.delivery, admin.invitation.person.displayName, 'ลิงก์คำเชิญ')));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      response.status(400).type('html').send(await this.renderList(auth, '', undefined, error, body));
    }
  }

  @Post('import')
  @UseInterceptors(FileInterceptor('file', IMPORT_UPLOAD_LIMITS))
  async import(@Auth() auth: AuthContext, @UploadedFile() file: Express.Multer.File | undefined, @Body() body: Record<string, unknown>, @Res() response: Response) {
    requireOperator(auth);
    const me = await this.me(auth);
    try {
      if (!file?.size) throw DomainError.field('file', 'required', 'กรุณาแนบไฟล์ CSV', 'Attach the CSV file');
      const result = await this.organizations.import(auth, file.buffer, body.dryRun !== 'false');
      response.type('html').send(
        this.pages.render('staff/platform-import', {
          ...me,
          error: null,
          fieldErrors: null,
          result,
          wouldCreate: result.lines.filter((l) => l.action === 'create').length,
          lines: result.lines.map((l) => ({ ...l, actionText: ACTION_TEXT[l.action], problems: l.problems ?? [] })),
        }),
      );
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      response.status(400).type('html').send(
        this.pages.render('staff/platform-import', { ...me, result: null, lines: [], wouldCreate: 0, error: `ไม่ได้นำเข้า: ${error.userMessage.th}`, fieldErrors: error.fields.map((f) => ({ message: f.message.th })) }),
      );
    }
  }

  @Get('organizations/:id')
  async organization(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Query('done') done: unknown, @Res() response: Response) {
    response.type('html').send(await this.renderOrganization(auth, id, typeof done === 'string' ? (DONE[done] ?? null) : null));
  }

  @Post('organizations/:id')
  async update(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Body() body: Record<string, unknown>, @Res() response: Response) {
    requireOperator(auth);
    try {
      await this.organizations.update(auth, id, validateInput(UpdatePlatformOrganizationDto, formValues(body)));
      response.redirect(303, `/platform/organizations/${id}?done=saved`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      response.status(400).type('html').send(await this.renderOrganization(auth, id, null, null, error, body));
    }
  }

  @Post('organizations/:id/admins')
  async inviteAdmin(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Body() body: Record<string, unknown>, @Res() response: Response) {
    requireOperator(auth);
    try {
      const result = await this.organizations.inviteAdmin(auth, id, validateInput(InviteAdminDto, formValues(body)));
      const done = result.delivery.mailed ? `ส่งคำเชิญไปที่ ${result.invitation.person.email} แล้ว` : null;
      response.status(201).type('html').send(await this.renderOrganization(auth, id, done, this.handOver(result.delivery, result.invitation.person.displayName, 'ลิงก์คำเชิญ')));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      response.status(400).type('html').send(await this.renderOrganization(auth, id, null, null, error));
    }
  }

  @Post('organizations/:id/suspend')
  async suspend(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Res() response: Response) {
    await this.organizations.suspend(auth, id);
    response.redirect(303, `/platform/organizations/${id}?done=suspended`);
  }

  @Post('organizations/:id/unsuspend')
  async unsuspend(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Res() response: Response) {
    await this.organizations.unsuspend(auth, id);
    response.redirect(303, `/platform/organizations/${id}?done=unsuspended`);
  }

  @Post('organizations/:id/admins/:userId/reset')
  async resetAdmin(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Param('userId', ParseIdPipe) userId: string, @Res() response: Response) {
    const delivery = await this.organizations.resetAdminPassword(auth, id, userId);
    const admin = await this.dataSource.getRepository(User).findOneByOrFail({ id: userId });
    const done = delivery.mailed ? `ส่งลิงก์ไปที่ ${admin.email} แล้ว` : null;
    response.type('html').send(await this.renderOrganization(auth, id, done, this.handOver(delivery, admin.displayName, 'ลิงก์ตั้งรหัสผ่าน')));
  }

  /** A link that was not mailed, to show once. */
  private handOver(delivery: LinkDelivery, person: string, title: string) {
    return delivery.link ? { link: delivery.link, reason: delivery.notMailedReason, person, title } : null;
  }

  private async me(auth: AuthContext) {
    requireOperator(auth);
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: auth.userId });
    return { me: { displayName: user.fullName || user.username }, csrfToken: auth.csrfToken ?? '' };
  }

  private kinds(selected: unknown) {
    return (Object.entries(ORGANIZATION_KINDS) as [OrganizationKind, { th: string }][]).map(([value, { th }]) => ({ value, name: th, selected: value === selected }));
  }

  private async renderList(auth: AuthContext, q: string, cursor: string | undefined, error: DomainError | null = null, sent: Record<string, unknown> = {}) {
    const me = await this.me(auth);
    const [page, total] = await Promise.all([this.organizations.list(auth, { q, cursor }), this.organizations.count(auth, q)]);
    return this.pages.render('staff/platform', {
      ...me,
      q,
      total,
      items: page.items,
      pager: pagerLinks('หน้าของรายชื่อหน่วยงาน', '/platform', { q }, page),
      kinds: this.kinds(sent.kind ?? 'sao'),
      form: { ...Object.fromEntries([...FIELDS, 'adminFullName', 'adminEmail'].map((f) => [f, text(sent[f])])), arabic: sent.numerals === 'arabic' },
      error: error?.userMessage.th ?? null,
      fieldErrors: error?.fields.length ? error.fields.map((f) => ({ message: `${f.field}: ${f.message.th}` })) : null,
    });
  }

  private async renderOrganization(
    auth: AuthContext,
    id: string,
    done: string | null,
    handOver: ReturnType<PlatformPagesController['handOver']> = null,
    error: DomainError | null = null,
    sent: Record<string, unknown> | null = null,
  ) {
    const me = await this.me(auth);
    const organization = await this.organizations.get(auth, id);
    const form = sent ?? (organization as unknown as Record<string, unknown>);
    const summary: OrganizationSummary = organization;
    return this.pages.render('staff/platform-organization', {
      ...me,
      pageTitle: `${summary.name} · ผู้ดูแลแพลตฟอร์ม · เกษียน`,
      organization: summary,
      admins: organization.admins,
      done,
      handOver,
      kinds: this.kinds(form.kind),
      form: { ...Object.fromEntries(FIELDS.map((f) => [f, text(form[f])])), arabic: form.numerals === 'arabic' },
      error: error?.userMessage.th ?? null,
      fieldErrors: error?.fields.length ? error.fields.map((f) => ({ message: `${f.field}: ${f.message.th}` })) : null,
    });
  }
}
