import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { AuthContext, RequestOrigin } from '../auth/auth-context';
import { Auth, Origin } from '../auth/auth.decorators';
import { IdempotencyKey } from '../common/idempotency-key';
import { ParseIdPipe } from '../common/id.pipe';
import { imageResponse } from '../common/image-response';
import { ActingAssignmentsService } from './acting-assignments.service';
import { MemoHistoryService } from './memo-history.service';
import { ActingAssignmentDto, TransitionDto } from './transition.dto';
import { WorkflowService } from './workflow.service';

@ApiTags('workflow')
@Controller('api')
export class WorkflowController {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly history: MemoHistoryService,
    private readonly acting: ActingAssignmentsService,
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

  /** What awaits me (also as acting), what came back to me, my drafts, recent approvals, what is ready to publish. */
  @Get('inbox')
  inbox(@Auth() auth: AuthContext) {
    return this.history.inbox(auth);
  }

  @Get('memos/:id/timeline')
  timeline(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return this.history.timeline(auth, id);
  }

  @Get('memos/:id/reviews')
  reviews(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return this.history.reviews(auth, id);
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

  @Get('acting-assignments')
  listActing(@Auth() auth: AuthContext) {
    return this.acting.list(auth);
  }

  @Post('acting-assignments')
  createActing(@Auth() auth: AuthContext, @Body() body: ActingAssignmentDto) {
    return this.acting.create(auth, body);
  }

  @Delete('acting-assignments/:id')
  @HttpCode(204)
  removeActing(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.acting.remove(auth, id);
  }
}
