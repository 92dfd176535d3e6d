import { Body, Controller, Get, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthContext } from '../auth/auth-context';
import { Auth, WebPage } from '../auth/auth.decorators';
import { requireRole } from '../auth/access';
import { DomainError } from '../common/domain-error';
import { ParseIdPipe } from '../common/id.pipe';
import { PAGE_SIZE } from '../common/pagination';
import { IMAGE_UPLOAD_LIMITS, uploadLimits } from '../common/upload-limits';
import { readImageUpload } from '../common/image-upload';
import { validateInput } from '../common/validation';
import { CreatePositionDto, SetRouteDto, UpdateOrganizationDto, UpdatePositionDto } from '../organizations/organization.dto';
import { OrganizationsService } from '../organizations/organizations.service';
import { SetupChecklist } from '../organizations/setup-checklist';
import { CertificateUploadDto, ItaItemDto } from '../publication/publication.dto';
import { CertificatesService } from '../publication/certificates.service';
import { ItaItemsService } from '../publication/ita-items.service';
import { ROLE_NAMES, ROLES, type Role } from '../identity/role';
import { CreateUserDto, UpdateUserDto } from '../users/user.dto';
import type { UserView } from '../identity/user-view';
import { UsersService } from '../users/users.service';
import { CreateInvitationDto } from '../users/invitation.dto';
import { InvitationsService, type InvitationResult } from '../users/invitations.service';
import type { LinkDelivery } from '../auth/link-mail';
import { ACTING_KINDS } from '../organizations/acting-assignment.entity';
import { ActingAssignmentsService } from '../organizations/acting-assignments.service';
import { ActingAssignmentDto } from '../organizations/acting-assignment.dto';
import { PAGE_HELPERS } from './page-helpers';
import { PageRenderer } from './page-renderer';
import { formRefusal, sendRefusedForm } from './form-refusal';
import { cursorParam, pagerLinks } from './pager';
import { WebContext } from './web-context';

const DONE: Record<string, string> = {
  organization: 'บันทึกข้อมูลหน่วยงานแล้ว', emblem: 'อัปโหลดตราแล้ว', person: 'เพิ่มบุคลากรแล้ว', position: 'เพิ่มตำแหน่งแล้ว',
  personSaved: 'บันทึกข้อมูลบุคลากรแล้ว', deactivated: 'ปิดการใช้งานบัญชีแล้ว ผู้นี้เข้าสู่ระบบไม่ได้อีก', reactivated: 'เปิดใช้งานบัญชีอีกครั้งแล้ว',
  positionSaved: 'บันทึกตำแหน่งแล้ว', invited: 'ส่งคำเชิญทางอีเมลแล้ว', resent: 'ส่งคำเชิญใหม่ทางอีเมลแล้ว (ลิงก์เดิมใช้ไม่ได้อีก)', revoked: 'ยกเลิกคำเชิญแล้ว', route: 'บันทึกเส้นทางแล้ว', acting: 'บันทึกคำสั่งแล้ว', item: 'เพิ่มรายการ ITA แล้ว', certificate: 'อัปโหลดใบรับรองแล้ว',
};

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);
const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
/** Checkboxes sharing a name arrive as one string, several, or nothing at all when none is ticked. */
const ticked = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const formBoolean = (value: unknown) => (value === 'true' ? true : value === 'false' ? false : value);
/** A form's number arrives as text; anything else (a repeated field, a JSON list) is passed on to be refused. */
const formNumber = (value: unknown) => (typeof value === 'string' ? Number(value) : value);

/** A form's work answered the request itself (a page showing a link once). */
const HANDED_OVER = Symbol('handed over');

/** A link that was not mailed, as the page shows it once. */
function handOver(delivery: LinkDelivery): { link: string; reason: string | null } | null {
  return delivery.link ? { link: delivery.link, reason: delivery.notMailedReason } : null;
}

/** The values a person's form shows: theirs, or what was just sent back with errors. */
interface PersonForm {
  honorific: string;
  fullName: string;
  username: string;
  email: string;
  roles: string[];
  positionId: string;
}

const personForm = (person: UserView): PersonForm => ({
  honorific: person.honorific,
  fullName: person.fullName,
  username: person.username,
  email: person.email ?? '',
  roles: person.roles,
  positionId: person.position?.id ?? '',
});

/** The organisation's settings for its admins: profile, emblem, people, positions, route, acting orders, ITA items, seal. */
@ApiExcludeController()
@WebPage()
@Controller('admin')
export class AdminPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly context: WebContext,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly acting: ActingAssignmentsService,
    private readonly certificates: CertificatesService,
    private readonly itaItems: ItaItemsService,
    private readonly invitations: InvitationsService,
    private readonly checklist: SetupChecklist,
  ) {}

  /** Where a new admin lands on first signing in: what is left to do, ticked from the data. */
  @Get('checklist')
  async setupChecklist(@Auth() auth: AuthContext, @Res() response: Response) {
    const [context, checklist] = await Promise.all([this.context.of(auth), this.checklist.of(auth)]);
    response.type('html').send(this.pages.render('staff/checklist', { ...context, checklist }));
  }

  /** Invite a person: the mail goes out, or (no SMTP) the page shows the link once to hand over. */
  @Post('invitations')
  invite(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Res() response: Response) {
    return this.handle(auth, response, 'invited', async () => {
      const input = {
        honorific: trimmed(body.honorific),
        fullName: trimmed(body.fullName),
        email: trimmed(body.email),
        roles: ticked(body.roles),
        positionId: blankToUndefined(body.positionId),
        username: blankToUndefined(trimmed(body.username)),
      };
      return this.handOverOrDone(auth, response, await this.invitations.invite(auth, validateInput(CreateInvitationDto, input)));
    });
  }

  @Post('invitations/:id/resend')
  resend(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Res() response: Response) {
    return this.handle(auth, response, 'resent', async () => this.handOverOrDone(auth, response, await this.invitations.resend(auth, id)));
  }

  @Post('invitations/:id/revoke')
  revoke(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Res() response: Response) {
    return this.handle(auth, response, 'revoked', () => this.invitations.revoke(auth, id));
  }

  /** A one-time link to set a new password for the person: mailed, or shown once on their page. */
  @Post('people/:id/reset-link')
  async resetLink(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Res() response: Response) {
    const person = await this.personOf(auth, id);
    try {
      const delivery = await this.users.issuePasswordLink(auth, id);
      response.type('html').send(await this.renderPerson(auth, person, personForm(person), null, delivery));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'CONFLICT') throw error;
      response.status(409).type('html').send(await this.renderPerson(auth, person, personForm(person), error));
    }
  }

  /** Mailed: back to the page with a message. Not mailed: the admin page with the link, shown this once. */
  private async handOverOrDone(auth: AuthContext, response: Response, result: InvitationResult): Promise<typeof HANDED_OVER | void> {
    const link = handOver(result.delivery);
    if (!link) return;
    response.status(201).type('html').send(await this.render(auth, null, null, [], { invitationLink: { ...link, person: result.invitation.person.displayName } }));
    return HANDED_OVER;
  }

  @Get()
  async show(@Auth() auth: AuthContext, @Query() query: Record<string, unknown>, @Res() response: Response) {
    requireRole(auth, 'admin');
    const done = typeof query.done === 'string' ? (DONE[query.done] ?? null) : null;
    const cursors = { people: cursorParam(query.people), invitations: cursorParam(query.invitations), positions: cursorParam(query.positions), acting: cursorParam(query.acting), items: cursorParam(query.items) };
    response.type('html').send(await this.render(auth, done, null, [], { cursors }));
  }

  @Post('organization')
  organization(@Auth() auth: AuthContext, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'organization', async () => {
      const input: Record<string, unknown> = Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf' && k !== 'words').map(([k, v]) => [k, blankToUndefined(v)]));
      if (input.overdueDays !== undefined) input.overdueDays = formNumber(input.overdueDays as string);
      // One word a line; an empty box clears the list.
      if (typeof body.words === 'string') input.words = body.words.split(/\r?\n/).map((word) => word.trim()).filter((word) => word !== '');
      await this.organizations.update(auth, validateInput(UpdateOrganizationDto, input));
    });
  }

  @Post('emblem')
  @UseInterceptors(FileInterceptor('file', IMAGE_UPLOAD_LIMITS))
  emblem(@Auth() auth: AuthContext, @UploadedFile() file: Express.Multer.File | undefined, @Res() response: Response) {
    return this.handle(auth, response, 'emblem', () => this.organizations.setEmblem(auth, readImageUpload(file, 'file')));
  }

  @Post('people')
  people(@Auth() auth: AuthContext, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'person', async () => {
      const { role, _csrf: _token, ...rest } = body;
      await this.users.create(auth, validateInput(CreateUserDto, { ...rest, positionId: blankToUndefined(rest.positionId), roles: [role] }));
    });
  }

  @Post('positions')
  positions(@Auth() auth: AuthContext, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'position', async () => {
      await this.organizations.createPosition(auth, validateInput(CreatePositionDto, { title: body.title, shortTitle: body.shortTitle, unit: blankToUndefined(body.unit) }));
    });
  }

  @Post('positions/:id')
  renamePosition(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'positionSaved', async () => {
      await this.organizations.updatePosition(auth, id, validateInput(UpdatePositionDto, { title: trimmed(body.title), shortTitle: trimmed(body.shortTitle), unit: blankToNull(body.unit) }));
    });
  }

  /** One person's page: another organisation's person does not exist here (404), like a missing one. */
  @Get('people/:id')
  async person(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Res() response: Response) {
    const person = await this.personOf(auth, id);
    response.type('html').send(await this.renderPerson(auth, person, personForm(person)));
  }

  @Post('people/:id')
  async savePerson(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Body() body: Record<string, unknown>, @Res() response: Response) {
    const person = await this.personOf(auth, id);
    const input = {
      honorific: trimmed(body.honorific),
      fullName: trimmed(body.fullName),
      username: trimmed(body.username),
      email: blankToNull(trimmed(body.email)),
      roles: ticked(body.roles),
      positionId: blankToNull(body.positionId),
      password: blankToUndefined(body.password),
    };
    const sent: PersonForm = {
      honorific: text(body.honorific),
      fullName: text(body.fullName),
      username: text(body.username),
      email: text(body.email),
      roles: input.roles.filter((role): role is string => typeof role === 'string'),
      positionId: text(body.positionId),
    };
    return this.handle(auth, response, 'personSaved', () => this.users.update(auth, id, validateInput(UpdateUserDto, input)), (error) =>
      this.renderPerson(auth, person, sent, error),
    );
  }

  /** Deactivate (the person has left) or reactivate; a separate form from the details, with its own confirmation. */
  @Post('people/:id/active')
  async setActive(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Body() body: Record<string, string>, @Res() response: Response) {
    const person = await this.personOf(auth, id);
    const active = formBoolean(body.active);
    return this.handle(auth, response, active === true ? 'reactivated' : 'deactivated', () => this.users.update(auth, id, validateInput(UpdateUserDto, { active })), (error) =>
      this.renderPerson(auth, person, personForm(person), error),
    );
  }

  @Post('route')
  route(@Auth() auth: AuthContext, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'route', async () => {
      const ids = Object.keys(body).filter((k) => /^step\d+$/.test(k)).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))).map((k) => body[k]).filter(Boolean);
      if (ids.length === 0) throw DomainError.field('positionIds', 'required', 'เลือกอย่างน้อยหนึ่งขั้น', 'Choose at least one step');
      await this.organizations.setRoute(auth, validateInput(SetRouteDto, { positionIds: ids }).positionIds);
    });
  }

  @Post('acting')
  actingOrder(@Auth() auth: AuthContext, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'acting', async () => {
      const { _csrf: _token, ...rest } = body;
      await this.acting.create(auth, validateInput(ActingAssignmentDto, rest));
    });
  }

  @Post('ita-items')
  itaItem(@Auth() auth: AuthContext, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'item', async () => {
      await this.itaItems.add(auth, validateInput(ItaItemDto, { fiscalYear: formNumber(body.fiscalYear), code: body.code, title: body.title, reportKind: blankToUndefined(body.reportKind) }));
    });
  }

  @Post('certificate')
  @UseInterceptors(FileInterceptor('file', { limits: uploadLimits(256 * 1024) }))
  certificate(@Auth() auth: AuthContext, @UploadedFile() file: Express.Multer.File | undefined, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'certificate', async () => {
      if (!file?.size) throw DomainError.field('file', 'required', 'กรุณาแนบไฟล์ใบรับรอง', 'Attach the certificate');
      await this.certificates.upload(auth, file.buffer, validateInput(CertificateUploadDto, { passphrase: body.passphrase ?? '' }).passphrase);
    });
  }

  /** Runs an admin form's work: on success back to /admin with a message, on a refusal its page again with the reasons. */
  private async handle(
    auth: AuthContext,
    response: Response,
    done: string,
    work: () => Promise<unknown>,
    failurePage: (error: DomainError) => Promise<string> = (error) =>
      this.render(auth, null, error.userMessage.th, error.fields.map((f) => ({ field: f.field, message: f.message.th }))),
  ): Promise<void> {
    requireRole(auth, 'admin');
    try {
      if ((await work()) === HANDED_OVER) return;
      response.redirect(303, `/admin?done=${done}`);
    } catch (caught) {
      const error = formRefusal(caught);
      sendRefusedForm(response, error, await failurePage(error));
    }
  }

  /** Admins only, and only people of their own organisation. */
  private async personOf(auth: AuthContext, id: string): Promise<UserView> {
    requireRole(auth, 'admin');
    return this.users.get(auth, id);
  }

  /** The person's page; after a refusal, with what was sent and each reason beside its field. */
  private async renderPerson(auth: AuthContext, person: UserView, form: PersonForm, error: DomainError | null = null, delivery: LinkDelivery | null = null) {
    const [context, positions] = await Promise.all([this.context.of(auth), this.choices(auth)]);
    const holders = await this.users.holdersOf(auth, positions.filter((p) => p.id !== person.position?.id).map((p) => p.id));
    return this.pages.render('staff/person', {
      ...context,
      person,
      isSelf: person.id === auth.userId,
      form,
      linkMailed: delivery?.mailed ? `ส่งลิงก์ตั้งรหัสผ่านไปที่ ${person.email} แล้ว (ใช้ได้ครั้งเดียว ลิงก์เดิมใช้ไม่ได้อีก)` : null,
      handOver: delivery ? handOver(delivery) : null,
      error: error?.userMessage.th ?? null,
      fieldErrors: Object.fromEntries((error?.fields ?? []).map((f) => [f.field, f.message.th])),
      roles: ROLES.map((role) => ({ value: role, name: ROLE_NAMES[role], checked: form.roles.includes(role) })),
      positions: positions.map((p) => ({ id: p.id, title: p.title, holder: holders.get(p.id) ?? null, selected: p.id === form.positionId })),
    });
  }

  /**
   * The positions a form may choose from: the first page at the cap (an organisation has some tens). Each list of
   * the page is paged on its own (`?people=`, `?invitations=`, `?positions=`, `?acting=`, `?items=`).
   */
  private async choices(auth: AuthContext) {
    return (await this.organizations.listPositions(auth, { limit: PAGE_SIZE.max })).items;
  }

  private async render(
    auth: AuthContext,
    done: string | null,
    error: string | null,
    fieldErrors: { field: string; message: string }[],
    { invitationLink = null, cursors = {} }: { invitationLink?: { link: string; reason: string | null; person: string } | null; cursors?: Partial<Record<'people' | 'invitations' | 'positions' | 'acting' | 'items', string>> } = {},
  ) {
    const [context, organization, people, activeChoices, positionPage, positions, route, acting, items, certificate, invitations] = await Promise.all([
      this.context.of(auth),
      this.organizations.get(auth),
      this.users.list(auth, { cursor: cursors.people }, { joinedOnly: true }),
      this.users.list(auth, { limit: PAGE_SIZE.max }),
      this.organizations.listPositions(auth, { cursor: cursors.positions }),
      this.choices(auth),
      this.organizations.getRoute(auth.organizationId),
      this.acting.list(auth, { cursor: cursors.acting }),
      this.itaItems.list(auth, { cursor: cursors.items }),
      this.certificates.current(auth),
      this.invitations.list(auth, { cursor: cursors.invitations }),
    ]);
    const pager = (label: string, param: string, page: { next: string | null; previous: string | null }) => pagerLinks(label, '/admin', {}, page, { param, anchor: param === 'items' ? 'ita' : param });
    const slots = Math.max(route.length + 1, 3);
    return this.pages.render('staff/admin', {
      ...context,
      done,
      error,
      fieldErrors: fieldErrors.length ? fieldErrors : null,
      invitationLink,
      invitations: invitations.items.map((i) => ({
        ...i,
        stateText: { valid: 'รอตอบรับ', expired: 'หมดอายุ', revoked: 'ยกเลิกแล้ว', used: 'ตอบรับแล้ว' }[i.state],
        expires: PAGE_HELPERS.thaiDateTime(i.expiresAt),
        roleNames: i.person.roles.map((r: Role) => ROLE_NAMES[r]).join(', '),
      })),
      invitationsPager: pager('หน้าของรายการคำเชิญ', 'invitations', invitations),
      roleChoices: ROLES.map((role) => ({ value: role, name: ROLE_NAMES[role] })),
      organization: { ...organization, phone: organization.phone ?? '', website: organization.website ?? '', words: (organization.words ?? []).join('\n') },
      thaiDigits: organization.numerals === 'thai',
      hasEmblem: Boolean(organization.emblemType),
      people: people.items.map((p) => ({ ...p, roleNames: p.roles.map((r: Role) => ROLE_NAMES[r]).join(', '), positionTitle: p.position?.title ?? '' })),
      peoplePager: pager('หน้าของรายชื่อบุคลากร', 'people', people),
      activePeople: activeChoices.items.filter((p) => p.active),
      positionPage: positionPage.items.map((p) => ({ ...p, unit: p.unit ?? null })),
      positionsPager: pager('หน้าของรายการตำแหน่ง', 'positions', positionPage),
      positions,
      route,
      routeSlots: Array.from({ length: slots }, (_, i) => ({ number: i + 1, options: positions.map((p) => ({ id: p.id, title: p.title, selected: route[i]?.id === p.id })) })),
      acting: acting.items.map((a) => ({
        person: a.personName,
        kindText: ACTING_KINDS[a.kind],
        position: a.positionTitle,
        orderNumber: a.orderNumber,
        startsOn: PAGE_HELPERS.thaiDate(a.startsOn, organization.numerals),
        endsOn: PAGE_HELPERS.thaiDate(a.endsOn, organization.numerals),
      })),
      actingPager: pager('หน้าของคำสั่ง', 'acting', acting),
      items: items.items,
      itemsPager: pager('หน้าของรายการ ITA', 'items', items),
      certificate,
      certificateExpires: certificate ? PAGE_HELPERS.thaiDate(certificate.notAfter, organization.numerals) : null,
    });
  }
}
