import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/id.pipe';
import { ApiPage, PageQuery } from '../common/pagination';
import { CreateInvitationDto } from './invitation.dto';
import { InvitationsService } from './invitations.service';

/**
 * Admins invite people: a 72-hour one-time link by e-mail, or — without SMTP — `delivery.link` in the answer, once,
 * to hand over. The person chooses their password through it.
 */
@ApiTags('people')
@Controller('api/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** Not yet accepted (pending, expired or revoked), newest first: one per person, their newest link. */
  @Get()
  @ApiPage({ type: 'object', description: 'An invitation: `id`, `person`, `state`, `sentTo`, `createdAt`, `expiresAt`' })
  list(@Auth() auth: AuthContext, @Query() page: PageQuery) {
    return this.invitations.list(auth, page);
  }

  @Post()
  create(@Auth() auth: AuthContext, @Body() body: CreateInvitationDto) {
    return this.invitations.invite(auth, body);
  }

  /** A new link, 72 hours from now; the previous one stops working. */
  @Post(':id/resend')
  @HttpCode(200)
  resend(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return this.invitations.resend(auth, id);
  }

  /** The link stops working; the person, who never accepted, is removed. */
  @Delete(':id')
  @HttpCode(204)
  revoke(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.invitations.revoke(auth, id);
  }
}
