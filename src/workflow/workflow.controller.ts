import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiParam, ApiTags, PickType } from '@nestjs/swagger';
import type { AuthContext, RequestOrigin } from '../auth/auth-context';
import { Auth, Origin } from '../auth/auth.decorators';
import { IdempotencyKey } from '../common/idempotency-key';
import { ParseIdPipe } from '../common/id.pipe';
import { ApiPage, PageQuery, pageSchema } from '../common/pagination';
import { imageResponse } from '../common/image-response';
import { INBOX_SECTIONS, MemoHistoryService } from './memo-history.service';
import { TransitionDto } from './transition.dto';
import { WorkflowService } from './workflow.service';

/** `?limit=` for every section of the inbox at once. */
class InboxQuery extends PickType(PageQuery, ['limit'] as const) {}

@ApiTags('workflow')
@Controller('api')
export class WorkflowController {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly history: MemoHistoryService,
  ) {}

  /**
   * Sends an event (SUBMIT, FORWARD, APPROVE, RETURN, REJECT, RESUBMIT, CANCEL) to the memo; `actions` of
   * GET /api/reports/:id says which this person may send now. 403 when the actor may not send it, 409 when the memo's
   * state or version does not allow it, 400 for PUBLISH and WITHDRAW (the publication endpoints send those).
   */
  @Post('memos/:id/transitions')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried request with the same key returns the first result and applies nothing twice' })
  transition(
    @Auth() auth: AuthContext,
    @Origin() origin: RequestOrigin,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: TransitionDto,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.workflow.apply(auth, id, body, origin, { idempotencyKey });
  }

  /**
   * What awaits me (also as acting), what came back to me, my drafts, recent approvals, what is ready to publish:
   * the first page of each section (`limit` items each); `GET /api/inbox/{section}` pages one section.
   */
  @Get('inbox')
  @ApiOkResponse({ schema: { type: 'object', properties: { overdueAfterDays: { type: 'integer' }, ...Object.fromEntries(INBOX_SECTIONS.map((s) => [s, pageSchema()])) } } })
  inbox(@Auth() auth: AuthContext, @Query() page: InboxQuery) {
    return this.history.inbox(auth, page);
  }

  @Get('inbox/:section')
  @ApiParam({ name: 'section', enum: INBOX_SECTIONS })
  @ApiPage()
  inboxSection(@Auth() auth: AuthContext, @Param('section') section: string, @Query() page: PageQuery) {
    return this.history.inboxSection(auth, section, page);
  }

  @Get('memos/:id/timeline')
  timeline(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return this.history.timeline(auth, id);
  }

  /** Reviews of the current round, in route order. */
  @Get('memos/:id/reviews')
  @ApiPage()
  reviews(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Query() page: PageQuery) {
    return this.history.reviews(auth, id, page);
  }

  @Get('memos/:id/reviews/:reviewId/signature')
  async reviewSignature(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Param('reviewId', ParseIdPipe) reviewId: string) {
    return imageResponse(await this.history.reviewSignature(auth, id, reviewId));
  }

  /** The audit chain with its integrity check (admins). */
  @Get('memos/:id/audit')
  audit(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return this.history.audit(auth, id);
  }
}
