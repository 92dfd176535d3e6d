import { Body, Controller, Get, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Response } from 'express';
import type { AuthContext } from '../auth/auth-context';
import { Auth, WebPage } from '../auth/auth.decorators';
import { ChangePasswordDto, PASSWORD_MIN_LENGTH } from '../auth/auth.dto';
import { AuthService } from '../auth/auth.service';
import { buddhistCalendarYear } from '../common/thai-calendar';
import { DomainError } from '../common/domain-error';
import { formRefusal, sendRefusedForm } from './form-refusal';
import { validateInput } from '../common/validation';
import { readImageUpload } from '../common/image-upload';
import { IMAGE_UPLOAD_LIMITS, uploadLimits } from '../common/upload-limits';
import { PublicationService } from '../publication/publication.service';
import type { ReportContent, ReportKind } from '../reports/document-format';
import { ReportsService } from '../reports/reports.service';
import { UsersService } from '../users/users.service';
import { PageRenderer } from './page-renderer';
import { cursorParam, pagerLinks } from './pager';
import { WebContext } from './web-context';

const TITLES: Record<ReportKind, (year: number) => string> = {
  measures: (y) => `มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ${y}`,
  implementation: (y) => `รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ${y}`,
  other: (y) => `เอกสารประจำปีงบประมาณ พ.ศ. ${y}`,
};

/** A starting report for each kind, with the column set the seeds use. */
function templateReport(kind: ReportKind, fiscalYear: number): ReportContent {
  const base = { kind, title: TITLES[kind](fiscalYear), fiscalYear, period: 'full_year' as const };
  if (kind === 'measures') {
    return { ...base, sections: [{ type: 'narrative', body: '<p>ตามที่สำนักงาน ป.ป.ช. ได้แจ้งผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) …</p>' }, { type: 'issue', number: 1, title: 'ประเด็นที่ต้องพัฒนา', steps: [] }] };
  }
  if (kind === 'implementation') {
    return {
      ...base,
      sections: [
        { type: 'narrative', body: '<p>ได้ดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส โดยมีผลการดำเนินการดังนี้</p>' },
        {
          type: 'measures_table',
          columnSet: 'implementation_results',
          columns: [
            { heading: 'มาตรการ/โครงการ/กิจกรรม', role: 'measure' },
            { heading: 'ขั้นตอน/วิธีการปฏิบัติ', role: 'steps' },
            { heading: 'ระยะเวลาในการดำเนินการ', role: 'period' },
            { heading: 'ผู้รับผิดชอบ', role: 'responsible' },
            { heading: 'ผลการดำเนินการ', role: 'result' },
            { heading: 'ผลลัพธ์หรือผลสัมฤทธิ์ในการดำเนินการ', role: 'outcome' },
          ],
          groups: [{ rows: [{ cells: ['', '', '', '', '', ''] }] }],
        },
      ],
    };
  }
  return { ...base, sections: [{ type: 'narrative', body: '<p></p>' }] };
}

/** Listing, creating and importing documents; the webmaster's queue; each person's profile. */
@ApiExcludeController()
@WebPage()
@Controller()
export class DocumentPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly context: WebContext,
    private readonly reports: ReportsService,
    private readonly publication: PublicationService,
    private readonly users: UsersService,
    private readonly authService: AuthService,
  ) {}

  @Get('memos')
  async list(@Auth() auth: AuthContext, @Query() query: Record<string, string>, @Res() response: Response) {
    const fiscalYear = /^\d{4}$/.test(query.fiscalYear ?? '') ? Number(query.fiscalYear) : undefined;
    const q = typeof query.q === 'string' ? query.q.slice(0, 200) : '';
    const page = await this.reports.list(auth, { q, fiscalYear, limit: 50, cursor: cursorParam(query.cursor) });
    response.type('html').send(
      this.pages.render('staff/memos', {
        ...(await this.context.of(auth)),
        items: page.items,
        pager: pagerLinks('หน้าของรายการเอกสาร', '/memos', { q, fiscalYear }, page),
        query: { q, fiscalYear: fiscalYear ?? '' },
      }),
    );
  }

  @Get('memos/new')
  async newForm(@Auth() auth: AuthContext, @Res() response: Response) {
    response.type('html').send(await this.newPage(auth, null, []));
  }

  @Post('memos/new')
  async create(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Res() response: Response) {
    try {
      if (body.planId && (typeof body.planId !== 'string' || !isUUID(body.planId))) {
        throw DomainError.field('planId', 'isUuid', 'ไม่พบแผนที่เลือก', 'No such plan');
      }
      const created = body.planId
        ? await this.reports.createFromPlan(auth, body.planId as string, body.period === 'half_year' ? 'half_year' : 'full_year')
        : await this.reports.create(auth, {
            report: templateReport((['measures', 'implementation', 'other'] as const).find((k) => k === body.template) ?? 'other', Number(body.fiscalYear)),
          });
      response.redirect(303, `/memos/${created.id}/edit`);
    } catch (caught) {
      const error = formRefusal(caught);
      sendRefusedForm(response, error, await this.newPage(auth, error.userMessage.th, error.fields.map((f) => ({ field: f.field, message: f.message.th }))));
    }
  }

  @Post('memos/import')
  @UseInterceptors(FileInterceptor('file', { limits: uploadLimits(2 * 1024 * 1024) }))
  async import(@Auth() auth: AuthContext, @UploadedFile() file: Express.Multer.File | undefined, @Res() response: Response) {
    try {
      let document: unknown;
      try {
        document = JSON.parse(file?.buffer.toString('utf8') ?? '');
      } catch {
        throw DomainError.field('file', 'json', 'ไฟล์นี้ไม่ใช่ JSON ที่ถูกต้อง', 'The file is not valid JSON');
      }
      const created = await this.reports.import(auth, document);
      response.redirect(303, `/memos/${created.id}`);
    } catch (caught) {
      const error = formRefusal(caught);
      sendRefusedForm(response, error, await this.newPage(auth, error.userMessage.th, error.fields.map((f) => ({ field: f.field, message: f.message.th }))));
    }
  }

  @Get('publish')
  async publishQueue(@Auth() auth: AuthContext, @Query() query: Record<string, unknown>, @Res() response: Response) {
    const STATUS = { current: 'เผยแพร่อยู่', superseded: 'มีฉบับใหม่แทน', withdrawn: 'ถอนแล้ว' } as const;
    const [queue, published] = await Promise.all([
      this.publication.queue(auth, { cursor: cursorParam(query.queue) }),
      this.publication.list(auth, { cursor: cursorParam(query.published) }),
    ]);
    response.type('html').send(
      this.pages.render('staff/publish', {
        ...(await this.context.of(auth)),
        queue: queue.items,
        queuePager: pagerLinks('หน้าของรายการรอเผยแพร่', '/publish', {}, queue, { param: 'queue' }),
        published: published.items.map((p) => ({ ...p, current: p.status === 'current', statusText: STATUS[p.status] })),
        publishedPager: pagerLinks('หน้าของรายการที่เผยแพร่แล้ว', '/publish', {}, published, { param: 'published', anchor: 'published' }),
      }),
    );
  }

  @Get('profile')
  async profile(@Auth() auth: AuthContext, @Query('done') done: string | undefined, @Res() response: Response) {
    response.type('html').send(await this.profilePage(auth, done === 'signature' ? 'บันทึกลายมือชื่อแล้ว' : done === 'password' ? 'เปลี่ยนรหัสผ่านแล้ว' : null, null));
  }

  @Post('profile/signature')
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

  @Post('profile/password')
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

  private async newPage(auth: AuthContext, error: string | null, fieldErrors: { field: string; message: string }[]) {
    const plans = (await this.reports.list(auth, { kind: 'measures', limit: 50 })).items;
    return this.pages.render('staff/memo-new', { ...(await this.context.of(auth)), error, fieldErrors, plans, fiscalYear: buddhistCalendarYear() + (new Date().getMonth() >= 9 ? 1 : 0) });
  }

  private async profilePage(auth: AuthContext, done: string | null, error: string | null) {
    return this.pages.render('staff/profile', { ...(await this.context.of(auth)), done, error, hasSignature: await this.context.hasSignature(auth) });
  }
}
