import { Body, Controller, Get, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Response } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthContext, RequestOrigin } from '../auth/auth-context';
import { Auth, Origin, WebPage } from '../auth/auth.decorators';
import { PAGE_SIZE } from '../common/pagination';
import { DomainError, ErrorCode, fieldProblemBody, type FieldProblem } from '../common/domain-error';
import { ParseIdPipe } from '../common/id.pipe';
import { buddhistCalendarYear, withNumerals } from '../common/thai-calendar';
import { uploadLimits } from '../common/upload-limits';
import { validateInput } from '../common/validation';
import { Memo } from '../memos/memo.entity';
import { EDITABLE_STATUSES } from '../memos/memo-status';
import { PublishDto, WithdrawDto } from '../publication/publication.dto';
import { Publication } from '../publication/publication.entity';
import { ItaItemsService } from '../publication/ita-items.service';
import { PublicationService } from '../publication/publication.service';
import { PreviewService } from '../publication/preview.service';
import { DocumentsService } from '../documents/documents.service';
import { MemoHistoryService } from '../workflow/memo-history.service';
import { TransitionDto, type PersonEvent } from '../workflow/transition.dto';
import { WorkflowService, type AvailableAction } from '../workflow/workflow.service';
import { PAGE_HELPERS } from './page-helpers';
import { PageRenderer } from './page-renderer';
import { duration, EVENT_LABELS, timelinePicture } from './timeline-picture';
import { formRefusal, sendRefusedForm } from './form-refusal';
import { cursorParam, pagerLinks } from './pager';
import { templateReport } from './starting-reports';
import { WebContext } from './web-context';

/** The author's buttons, shown when availableActions offers their event. */
const AUTHOR_BUTTONS: { event: PersonEvent; label: string; confirm: string }[] = [
  { event: 'SUBMIT', label: 'เสนอแฟ้ม', confirm: 'ยืนยันเสนอแฟ้ม? ระบบจะออกเลขที่หนังสือ' },
  { event: 'RESUBMIT', label: 'เสนอแฟ้มอีกครั้ง', confirm: 'ยืนยันเสนอแฟ้มอีกครั้ง?' },
  { event: 'CANCEL', label: 'ยกเลิกบันทึก', confirm: 'ยืนยันยกเลิกบันทึกข้อความนี้? เลขที่หนังสือจะไม่ถูกนำกลับมาใช้' },
];
/** A reviewer's buttons, in the order shown; the chart offers FORWARD before the last step and APPROVE/REJECT at it. */
const REVIEW_BUTTONS: { event: PersonEvent; label: string; confirm: string; secondary: boolean }[] = [
  { event: 'FORWARD', label: 'ลงนามและเสนอต่อ', confirm: 'ยืนยันลงนามและเสนอต่อ?', secondary: false },
  { event: 'APPROVE', label: 'ลงนามอนุมัติ', confirm: 'ยืนยันลงนามอนุมัติ?', secondary: false },
  { event: 'RETURN', label: 'ส่งคืนแก้ไข', confirm: 'ยืนยันส่งคืนให้ผู้จัดทำแก้ไข?', secondary: true },
  { event: 'REJECT', label: 'ไม่อนุมัติ', confirm: 'ยืนยันไม่อนุมัติ? (สิ้นสุดเรื่อง)', secondary: true },
];
/** The fields the memo page shows a problem beside. */
const FIELDS_ON_PAGE = ['comment', 'reason', 'signatureImage'];
const PHRASES = ['ทราบ', 'เห็นควรนำเสนอ', 'อนุมัติ', 'เห็นชอบ ให้เผยแพร่บนเว็บไซต์', 'ส่งคืนแก้ไข'];
const DONE: Record<string, string> = {
  SUBMIT: 'เสนอแฟ้มแล้ว ระบบออกเลขที่หนังสือและแจ้งผู้พิจารณาแล้ว',
  RESUBMIT: 'เสนอแฟ้มอีกครั้งแล้ว',
  FORWARD: 'ลงนามและเสนอต่อแล้ว',
  APPROVE: 'ลงนามอนุมัติแล้ว ระบบกำลังจัดทำ PDF ฉบับสมบูรณ์',
  RETURN: 'ส่งคืนให้ผู้จัดทำแก้ไขแล้ว',
  REJECT: 'บันทึกไม่อนุมัติแล้ว',
  CANCEL: 'ยกเลิกบันทึกข้อความแล้ว',
  PUBLISH: 'เผยแพร่บนเว็บไซต์แล้ว',
  WITHDRAW: 'ถอนการเผยแพร่แล้ว',
};

/** JSON safe inside <script>: nothing in it can close the element or be read as markup. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

type FormState = { error?: string; fieldErrors?: Record<string, string>; form?: Record<string, string>; problems?: FieldProblem[] };

/** A form field left blank counts as not filled in; anything else (also a repeated field or a JSON value) is checked. */
const filled = (value: unknown) => (value === undefined || (typeof value === 'string' && value.trim() === '') ? undefined : value);
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Every /memos page: the list, a new memo (blank, from a plan, imported), and a memo's page — read it, and do what the person may do with it now (submit, review and sign, publish …). */
@ApiExcludeController()
@WebPage()
@Controller('memos')
export class MemoPagesController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pages: PageRenderer,
    private readonly context: WebContext,
    private readonly documents: DocumentsService,
    private readonly workflow: WorkflowService,
    private readonly history: MemoHistoryService,
    private readonly publication: PublicationService,
    private readonly itaItems: ItaItemsService,
    private readonly previews: PreviewService,
  ) {}

  // Before ':id', so that /memos/new and /memos/import are not read as an id.
  @Get()
  async list(@Auth() auth: AuthContext, @Query() query: Record<string, string>, @Res() response: Response) {
    const fiscalYear = /^\d{4}$/.test(query.fiscalYear ?? '') ? Number(query.fiscalYear) : undefined;
    const q = typeof query.q === 'string' ? query.q.slice(0, 200) : '';
    // The API's page sizes: a search's is smaller (each result shows its highlighted parts).
    const page = await this.documents.list(auth, { q, fiscalYear, cursor: cursorParam(query.cursor) });
    response.type('html').send(
      this.pages.render('staff/memos', {
        ...(await this.context.of(auth)),
        items: page.items,
        pager: pagerLinks('หน้าของรายการเอกสาร', '/memos', { q, fiscalYear }, page),
        query: { q, fiscalYear: fiscalYear ?? '' },
      }),
    );
  }

  @Get('new')
  async newForm(@Auth() auth: AuthContext, @Res() response: Response) {
    response.type('html').send(await this.newPage(auth, null, []));
  }

  @Post('new')
  async create(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Res() response: Response) {
    try {
      if (body.planId && (typeof body.planId !== 'string' || !isUUID(body.planId))) {
        throw DomainError.field('planId', 'isUuid', 'ไม่พบแผนที่เลือก', 'No such plan');
      }
      const created = body.planId
        ? await this.documents.createFromPlan(auth, body.planId as string, body.period === 'half_year' ? 'half_year' : 'full_year')
        : await this.documents.create(auth, {
            report: templateReport((['measures', 'implementation', 'other'] as const).find((k) => k === body.template) ?? 'other', Number(body.fiscalYear)),
          });
      response.redirect(303, `/memos/${created.id}/edit`);
    } catch (caught) {
      const error = formRefusal(caught);
      sendRefusedForm(response, error, await this.newPage(auth, error.userMessage.th, error.fields.map((f) => ({ field: f.field, message: f.message.th }))));
    }
  }

  @Post('import')
  @UseInterceptors(FileInterceptor('file', { limits: uploadLimits(2 * 1024 * 1024) }))
  async import(@Auth() auth: AuthContext, @UploadedFile() file: Express.Multer.File | undefined, @Res() response: Response) {
    try {
      let document: unknown;
      try {
        document = JSON.parse(file?.buffer.toString('utf8') ?? '');
      } catch {
        throw DomainError.field('file', 'json', 'ไฟล์นี้ไม่ใช่ JSON ที่ถูกต้อง', 'The file is not valid JSON');
      }
      const created = await this.documents.import(auth, document);
      response.redirect(303, `/memos/${created.id}`);
    } catch (caught) {
      const error = formRefusal(caught);
      sendRefusedForm(response, error, await this.newPage(auth, error.userMessage.th, error.fields.map((f) => ({ field: f.field, message: f.message.th }))));
    }
  }

  @Get(':id')
  async show(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Query('done') done: string | undefined, @Res() response: Response) {
    response.type('html').send(await this.render(auth, id, {}, done && DONE[done] ? DONE[done] : null));
  }

  /** The editor (author and admins, while the memo is a draft or returned). */
  @Get(':id/edit')
  async edit(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Res() response: Response) {
    const doc = await this.documents.get(auth, id);
    const isAuthor = doc.author.id === auth.userId;
    const mayEdit = (isAuthor || auth.roles.includes('admin')) && EDITABLE_STATUSES.includes(doc.status);
    if (!mayEdit) {
      response.redirect(303, `/memos/${id}`);
      return;
    }
    const copy = await this.documents.workingCopy(auth, id);
    // The editor's เสนอแฟ้ม button: shown when availableActions offers SUBMIT or RESUBMIT, as on the memo's page.
    const available = await this.workflow.availableActions(auth, id);
    const submit = AUTHOR_BUTTONS.find((button) => (button.event === 'SUBMIT' || button.event === 'RESUBMIT') && available.some((a) => a.event === button.event));
    response.type('html').send(
      this.pages.render('staff/editor', {
        ...(await this.context.of(auth)),
        pageTitle: `แก้ไข: ${doc.subject} · เกษียน`,
        id,
        submit: submit ?? null,
        json: scriptJson({
          report: copy.report,
          memo: copy.memo,
          version: copy.version,
          updatedAt: copy.updatedAt,
          pending: copy.pending,
          problems: copy.problems.map(fieldProblemBody),
        }),
      }),
    );
  }

  @Get(':id/timeline')
  async timeline(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Res() response: Response) {
    const timeline = await this.history.timeline(auth, id);
    const organization = await this.context.organization(auth);
    const context = await this.context.of(auth, organization);
    const numerals = context.me.numerals;
    response.type('html').send(
      this.pages.render('staff/timeline', {
        ...context,
        pageTitle: 'เส้นทางของเอกสาร · เกษียน',
        memoId: id,
        statusLabel: timeline.statusLabel,
        waiting: timeline.currentWaitingMs !== null ? duration(timeline.currentWaitingMs, numerals) : null,
        overdueDays: withNumerals(organization.overdueDays, numerals),
        picture: timelinePicture({
          memoId: id,
          status: timeline.status,
          steps: timeline.route.map((step) => step.heading),
          events: timeline.events,
          now: new Date(),
          overdueDays: organization.overdueDays,
          numerals,
        }),
        events: timeline.events.map((e) => ({
          label: EVENT_LABELS[e.event] ?? e.event,
          actor: e.actor || 'ระบบ',
          actingFor: e.actingFor,
          comment: e.comment,
          at: withNumerals(PAGE_HELPERS.thaiDateTime(e.at), numerals),
          waited: e.waitedMs > 60_000 ? duration(e.waitedMs, numerals) : null,
        })),
      }),
    );
  }

  @Get(':id/preview.pdf')
  async preview(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Res() response: Response) {
    const pdf = await this.previews.pdf(auth, id);
    response.type('application/pdf').setHeader('Content-Disposition', `inline; filename="kasian-${id}.pdf"`);
    response.setHeader('Cache-Control', 'private, no-store');
    response.send(pdf);
  }

  @Post(':id/act')
  async act(@Auth() auth: AuthContext, @Origin() origin: RequestOrigin, @Param('id', ParseIdPipe) id: string, @Body() body: Record<string, unknown>, @Res() response: Response) {
    const input = {
      event: body.event,
      comment: filled(body.comment),
      reason: filled(body.reason),
      signatureImage: body.signatureSource === 'drawn' ? filled(body.signatureImage) : undefined,
      version: typeof body.version === 'string' && /^\d+$/.test(body.version) ? Number(body.version) : filled(body.version),
    };
    try {
      await this.workflow.apply(auth, id, validateInput(TransitionDto, input), origin);
      response.redirect(303, `/memos/${id}?done=${String(input.event)}`);
    } catch (error) {
      await this.failed(response, auth, id, error, { comment: text(body.comment), reason: text(body.reason) });
    }
  }

  @Post(':id/publish')
  async publish(@Auth() auth: AuthContext, @Origin() origin: RequestOrigin, @Param('id', ParseIdPipe) id: string, @Body() body: Record<string, unknown>, @Res() response: Response) {
    try {
      const fiscalYear = typeof body.fiscalYear === 'string' && /^\d{4}$/.test(body.fiscalYear) ? Number(body.fiscalYear) : undefined;
      const title = typeof body.title === 'string' ? filled(body.title.trim()) : body.title;
      const dto = validateInput(PublishDto, { fiscalYear, title, itaItemCode: filled(body.itaItemCode) });
      await this.publication.publish(auth, id, dto, origin);
      response.redirect(303, `/memos/${id}?done=PUBLISH`);
    } catch (error) {
      await this.failed(response, auth, id, error, {});
    }
  }

  @Post(':id/withdraw')
  async withdraw(@Auth() auth: AuthContext, @Origin() origin: RequestOrigin, @Param('id', ParseIdPipe) id: string, @Body() body: Record<string, unknown>, @Res() response: Response) {
    try {
      const current = await this.dataSource.getRepository(Publication).findOneBy({ memoId: id, organizationId: auth.organizationId, status: 'current' });
      if (!current) throw DomainError.notFound();
      // A blank reason goes on to the service, which says that one is required (after checking who asks).
      const reason = filled(body.reason) === undefined ? '' : validateInput(WithdrawDto, { reason: body.reason }).reason;
      await this.publication.withdraw(auth, current.id, reason, origin);
      response.redirect(303, `/memos/${id}?done=WITHDRAW`);
    } catch (error) {
      await this.failed(response, auth, id, error, {});
    }
  }

  /** A refused action: the memo's page again with the reason (a 403 too: the person may read the memo, not do this). */
  private async failed(response: Response, auth: AuthContext, id: string, error: unknown, form: Record<string, string>) {
    if (!(error instanceof DomainError) || error.code === ErrorCode.NotFound) throw error;
    const fieldErrors = Object.fromEntries(error.fields.map((f) => [f.field, f.message.th]));
    // Problems of the document (each named for people by its label) are listed with links into the editor; any other
    // problem with no field of its own on the page (e.g. an event sent to the wrong place) is the page's message.
    const problems = error.fields.filter((f) => f.label);
    const unplaced = error.fields.filter((f) => !f.label && !FIELDS_ON_PAGE.includes(f.field)).map((f) => f.message.th);
    const message = unplaced.length > 0 ? unplaced.join(' ') : error.userMessage.th;
    sendRefusedForm(response, error, await this.render(auth, id, { error: message, fieldErrors, form, problems }, null));
  }

  private async render(auth: AuthContext, id: string, state: FormState, done: string | null): Promise<string> {
    const [context, doc] = await Promise.all([this.context.of(auth), this.documents.get(auth, id)]);
    const memo = await this.dataSource.getRepository(Memo).findOneByOrFail({ id });
    // A round has one review per route step (at most 10): one page holds them all.
    const reviews = (await this.history.reviews(auth, id, { limit: PAGE_SIZE.max })).items.filter((r) => r.action === 'FORWARD' || r.action === 'APPROVE');
    const isAuthor = doc.author.id === auth.userId;
    const available = await this.workflow.availableActions(auth, id);
    const action = (event: PersonEvent) => available.find((a) => a.event === event);
    const simple = AUTHOR_BUTTONS.filter((button) => action(button.event));
    const publishable = Boolean(action('PUBLISH'));
    const items = publishable ? (await this.itaItems.list(auth, { fiscalYear: doc.fiscalYear, limit: PAGE_SIZE.max })).items : [];
    const current = action('WITHDRAW') ? await this.dataSource.getRepository(Publication).findOneBy({ memoId: id, status: 'current' }) : null;
    const numerals = context.me.numerals;
    const sections = doc.report.sections;
    const editable = (isAuthor || auth.roles.includes('admin')) && EDITABLE_STATUSES.includes(doc.status);
    // What stands between the draft and SUBMIT, each with a link to its field in the editor.
    const problems = state.problems?.length ? state.problems : editable ? (await this.documents.workingCopy(auth, id)).problems : [];
    return this.pages.render('staff/memo', {
      ...context,
      pageTitle: `${doc.subject} · เกษียน`,
      doc,
      done,
      error: state.error ?? null,
      fieldErrors: { comment: state.fieldErrors?.comment ?? null, reason: state.fieldErrors?.reason ?? null, signatureImage: state.fieldErrors?.signatureImage ?? null },
      form: { comment: state.form?.comment ?? '', reason: state.form?.reason ?? '' },
      statusOk: ['approved', 'ready', 'published'].includes(doc.status),
      problems: problems.length
        ? {
            count: problems.length,
            items: problems.map((f) => ({ label: f.label?.th ?? f.field, message: f.message.th, field: encodeURIComponent(f.field) })),
          }
        : null,
      fiscalYearText: withNumerals(doc.fiscalYear, numerals),
      memoDate: doc.memo.date ? PAGE_HELPERS.thaiDate(doc.memo.date, numerals) : null,
      reviews: reviews.map((r) => ({ ...r, date: PAGE_HELPERS.thaiDate(r.signedAt, numerals) })),
      sectionSummary: `${sections.length} ส่วน · ตาราง ${sections.filter((s) => s.type === 'measures_table').length} ตาราง · ประเด็น ${sections.filter((s) => s.type === 'issue').length} ประเด็น`,
      actions: {
        preview: true,
        edit: editable,
        simple,
        review: await this.reviewAction(auth, memo, available),
        publish: publishable ? { items: items.map((i) => ({ code: i.code, title: i.title, selected: i.reportKind === doc.kind })) } : null,
        withdraw: current ? { id: current.id, url: this.publication.view(await this.context.organization(auth), current).url } : null,
      },
    });
  }

  /** The comment box and its buttons, when the chart and the route let this person review the memo now. */
  private async reviewAction(auth: AuthContext, memo: Memo, available: AvailableAction[]) {
    const buttons = REVIEW_BUTTONS.filter((button) => available.some((a) => a.event === button.event));
    if (buttons.length === 0 || !memo.route || memo.currentStep === null) return null;
    const step = memo.route[memo.currentStep];
    return {
      heading: `ความเห็น${step.shortTitle}`,
      actingFor: available.find((a) => a.event === buttons[0].event)?.actingFor ?? null,
      phrases: PHRASES,
      hasStoredSignature: await this.context.hasSignature(auth),
      buttons,
    };
  }

  private async newPage(auth: AuthContext, error: string | null, fieldErrors: { field: string; message: string }[]) {
    const plans = (await this.documents.list(auth, { kind: 'measures', limit: 50 })).items;
    return this.pages.render('staff/memo-new', { ...(await this.context.of(auth)), error, fieldErrors, plans, fiscalYear: buddhistCalendarYear() + (new Date().getMonth() >= 9 ? 1 : 0) });
  }
}
