import { Body, Controller, Get, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Response } from 'express';
import type { AuthContext } from '../auth/auth-context';
import { Auth, WebPage } from '../auth/auth.decorators';
import { requireRole } from '../common/access';
import { DomainError } from '../common/domain-error';
import { IMAGE_UPLOAD_LIMITS } from '../common/image-response';
import { readImageUpload } from '../common/image-upload';
import { fieldProblems } from '../common/validation';
import { CreatePositionDto, UpdateOrganizationDto } from '../organizations/organization.dto';
import { OrganizationsService } from '../organizations/organizations.service';
import { ItaItemDto } from '../publication/publication.dto';
import { PublicationService } from '../publication/publication.service';
import { ROLE_NAMES, type Role } from '../users/role';
import { CreateUserDto } from '../users/user.dto';
import { UsersService } from '../users/users.service';
import { ACTING_KINDS } from '../workflow/acting-assignment.entity';
import { ActingAssignmentsService } from '../workflow/acting-assignments.service';
import { ActingAssignmentDto } from '../workflow/transition.dto';
import { PAGE_HELPERS } from './page-helpers';
import { PageRenderer } from './page-renderer';
import { WebContext } from './web-context';

const DONE: Record<string, string> = {
  organization: 'บันทึกข้อมูลหน่วยงานแล้ว', emblem: 'อัปโหลดตราแล้ว', person: 'เพิ่มบุคลากรแล้ว', position: 'เพิ่มตำแหน่งแล้ว',
  route: 'บันทึกเส้นทางแล้ว', acting: 'บันทึกคำสั่งแล้ว', item: 'เพิ่มรายการ ITA แล้ว', certificate: 'อัปโหลดใบรับรองแล้ว',
};

/** Checks a form against its DTO (the same rules as the API) and returns the typed object. */
function validated<T extends object>(type: new () => T, input: Record<string, unknown>): T {
  const dto = plainToInstance(type, input);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw DomainError.validation(fieldProblems(errors));
  return dto;
}

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

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
    private readonly publication: PublicationService,
  ) {}

  @Get()
  async show(@Auth() auth: AuthContext, @Query('done') done: string | undefined, @Res() response: Response) {
    requireRole(auth, 'admin');
    response.type('html').send(await this.render(auth, done ? (DONE[done] ?? null) : null, null, []));
  }

  @Post('organization')
  organization(@Auth() auth: AuthContext, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'organization', async () => {
      const input = Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf').map(([k, v]) => [k, blankToUndefined(v)]));
      if (input.overdueDays !== undefined) input.overdueDays = Number(input.overdueDays);
      await this.organizations.update(auth, validated(UpdateOrganizationDto, input));
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
      await this.users.create(auth, validated(CreateUserDto, { ...rest, positionId: blankToUndefined(rest.positionId), roles: [role] }));
    });
  }

  @Post('positions')
  positions(@Auth() auth: AuthContext, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'position', async () => {
      await this.organizations.createPosition(auth, validated(CreatePositionDto, { title: body.title, shortTitle: body.shortTitle, unit: blankToUndefined(body.unit) }));
    });
  }

  @Post('route')
  route(@Auth() auth: AuthContext, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'route', async () => {
      const ids = Object.keys(body).filter((k) => /^step\d+$/.test(k)).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))).map((k) => body[k]).filter(Boolean);
      if (ids.length === 0) throw DomainError.field('positionIds', 'required', 'เลือกอย่างน้อยหนึ่งขั้น', 'Choose at least one step');
      await this.organizations.setRoute(auth, ids);
    });
  }

  @Post('acting')
  actingOrder(@Auth() auth: AuthContext, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'acting', async () => {
      const { _csrf: _token, ...rest } = body;
      await this.acting.create(auth, validated(ActingAssignmentDto, rest));
    });
  }

  @Post('ita-items')
  itaItem(@Auth() auth: AuthContext, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'item', async () => {
      await this.publication.addItem(auth, validated(ItaItemDto, { fiscalYear: Number(body.fiscalYear), code: body.code, title: body.title, reportKind: blankToUndefined(body.reportKind) }));
    });
  }

  @Post('certificate')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 256 * 1024, files: 1 } }))
  certificate(@Auth() auth: AuthContext, @UploadedFile() file: Express.Multer.File | undefined, @Body() body: Record<string, string>, @Res() response: Response) {
    return this.handle(auth, response, 'certificate', async () => {
      if (!file?.size) throw DomainError.field('file', 'required', 'กรุณาแนบไฟล์ใบรับรอง', 'Attach the certificate');
      await this.publication.uploadCertificate(auth, file.buffer, body.passphrase ?? '');
    });
  }

  private async handle(auth: AuthContext, response: Response, done: string, work: () => Promise<unknown>): Promise<void> {
    requireRole(auth, 'admin');
    try {
      await work();
      response.redirect(303, `/admin?done=${done}`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'FORBIDDEN') throw error;
      const fields = error.fields.map((f) => ({ field: f.field, message: f.message.th }));
      response.status(error.code === 'VALIDATION_FAILED' ? 400 : 409).type('html').send(await this.render(auth, null, error.userMessage.th, fields));
    }
  }

  private async render(auth: AuthContext, done: string | null, error: string | null, fieldErrors: { field: string; message: string }[]) {
    const [context, organization, people, positions, route, acting, items, certificate] = await Promise.all([
      this.context.of(auth),
      this.organizations.get(auth),
      this.users.list(auth),
      this.organizations.listPositions(auth),
      this.organizations.getRoute(auth.organizationId),
      this.acting.list(auth),
      this.publication.items(auth),
      this.publication.certificate(auth),
    ]);
    const slots = Math.max(route.length + 1, 3);
    return this.pages.render('admin', {
      ...context,
      done,
      error,
      fieldErrors: fieldErrors.length ? fieldErrors : null,
      organization: { ...organization, phone: organization.phone ?? '', website: organization.website ?? '' },
      thaiDigits: organization.numerals === 'thai',
      hasEmblem: Boolean(organization.emblemType),
      people: people.map((p) => ({ ...p, roleNames: p.roles.map((r: Role) => ROLE_NAMES[r]).join(', '), positionTitle: p.position?.title ?? '' })),
      positions: positions.map((p) => ({ ...p, unit: p.unit ?? null })),
      route,
      routeSlots: Array.from({ length: slots }, (_, i) => ({ number: i + 1, options: positions.map((p) => ({ id: p.id, title: p.title, selected: route[i]?.id === p.id })) })),
      acting: acting.map((a) => ({
        person: people.find((p) => p.id === a.userId)?.displayName ?? '',
        kindText: ACTING_KINDS[a.kind],
        position: positions.find((p) => p.id === a.positionId)?.title ?? '',
        orderNumber: a.orderNumber,
        startsOn: PAGE_HELPERS.thaiDate(a.startsOn, organization.numerals),
        endsOn: PAGE_HELPERS.thaiDate(a.endsOn, organization.numerals),
      })),
      items,
      certificate,
      certificateExpires: certificate ? PAGE_HELPERS.thaiDate(certificate.notAfter, organization.numerals) : null,
    });
  }
}
