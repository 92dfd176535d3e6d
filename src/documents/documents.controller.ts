import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/auth.decorators';
import { fieldProblemBody } from '../common/domain-error';
import { ParseIdPipe } from '../common/id.pipe';
import { ApiPage } from '../common/pagination';
import { WorkflowService } from '../workflow/workflow.service';
import { CreateDocumentDto, ExportQuery, FromPlanDto, ListDocumentsQuery, UpdateDocumentDto } from './document.dto';
import { DocumentsService } from './documents.service';

/** Reports with their covering memos ("documents"); the memo shares the report's id. */
@ApiTags('documents')
@Controller('api/reports')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly workflow: WorkflowService,
  ) {}

  /** Filter by fiscal year, kind, status; `q` finds Thai words anywhere in title, subject and cells (best match first). */
  @Get()
  @ApiPage({ type: 'object', description: 'A document summary; with `q`, also `highlight`' })
  list(@Auth() auth: AuthContext, @Query() query: ListDocumentsQuery) {
    return this.documents.list(auth, query);
  }

  @Post()
  create(@Auth() auth: AuthContext, @Body() body: CreateDocumentDto) {
    return this.documents.create(auth, body);
  }

  /** Import a document in the exchange format (docs/document-format.schema.json, version 2; version 1 as it is) as a new draft. */
  @Post('import')
  @ApiBody({ description: 'A document in the Kasian format, version 1 or 2', schema: { type: 'object' } })
  import(@Auth() auth: AuthContext, @Body() body: unknown) {
    return this.documents.import(auth, body);
  }

  /** The document, and `actions`: the events this person may send it now (the workflow's availableActions). */
  @Get(':id')
  async get(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    const document = await this.documents.get(auth, id);
    return { ...document, actions: await this.workflow.availableActions(auth, id) };
  }

  /**
   * The document in the exchange format, as a download: version 1 when it uses nothing of version 2, else version 2;
   * `?version=2` always gives version 2, `?version=1` refuses (400) a document that needs version 2.
   */
  @Get(':id/export')
  @ApiQuery({ name: 'version', required: false, enum: ['1', '2'], description: 'Format version; default the lowest that can say the document' })
  async export(
    @Auth() auth: AuthContext,
    @Param('id', ParseIdPipe) id: string,
    @Query() query: ExportQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const document = await this.documents.export(auth, id, query.version === undefined ? undefined : query.version === '2' ? 2 : 1);
    response.setHeader('Content-Disposition', `attachment; filename="kasian-${id}.json"`);
    return document;
  }

  @Put(':id')
  update(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Body() body: UpdateDocumentDto) {
    return this.documents.update(auth, id, body);
  }

  /**
   * The editor's working copy: the latest typing, valid or not, with the problems the format's rules find in it
   * (`fields`-style, each with its Thai `label`). Author and admins only.
   */
  @Get(':id/draft')
  @ApiOperation({ summary: 'The working copy: the latest typing, valid or not, with its problems (author and admins)' })
  async workingCopy(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    const copy = await this.documents.workingCopy(auth, id);
    return { ...copy, problems: copy.problems.map(fieldProblemBody) };
  }

  /**
   * Autosave: stores the typing even while it breaks a rule of the format (a blank heading, a score over 100), so no
   * typing is lost; answers 200 with the problems, shown beside their fields. Valid typing becomes the document, as
   * with PUT; invalid typing is kept apart (previews and exports show the last valid document) and SUBMIT refuses
   * it. `version` guards against lost updates as with PUT.
   */
  @Put(':id/draft')
  @ApiOperation({
    summary: 'Autosave: keeps the typing even while it breaks the format (answered with its problems); SUBMIT refuses it until fixed',
    description: '200 `{ id, version, updatedAt, savedAs: "document" | "draft", problems: [{ field, rule, message, messageEn, label, labelEn }] }`. Refused: a body that is not a document (400), `memo.documentNumber` (400), a stale `version` (409), a memo no longer editable (409).',
  })
  async saveDraft(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Body() body: UpdateDocumentDto) {
    const saved = await this.documents.saveDraft(auth, id, body);
    return { ...saved, problems: saved.problems.map(fieldProblemBody) };
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.documents.remove(auth, id);
  }

  /** New implementation report from this measures plan (measures copied, results empty). */
  @Post(':id/implementation-report')
  fromPlan(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string, @Body() body: FromPlanDto) {
    return this.documents.createFromPlan(auth, id, body.period);
  }

  /** Copy last year's document into the next fiscal year as a new draft. */
  @Post(':id/copy')
  copy(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string) {
    return this.documents.copyForNextYear(auth, id);
  }
}
