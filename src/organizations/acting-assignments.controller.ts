import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/id.pipe';
import { ApiPage, PageQuery } from '../common/pagination';
import { ActingAssignmentDto } from './acting-assignment.dto';
import { ActingAssignmentsService } from './acting-assignments.service';

@ApiTags('workflow')
@Controller('api')
export class ActingAssignmentsController {
  constructor(private readonly acting: ActingAssignmentsService) {}

  /** Newest order first. */
  @Get('acting-assignments')
  @ApiPage()
  listActing(@Auth() auth: AuthContext, @Query() page: PageQuery) {
    return this.acting.list(auth, page);
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
