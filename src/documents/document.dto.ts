import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, Min } from 'class-validator';
import { PageQuery, SEARCH_PAGE_SIZE } from '../common/pagination';
import { MaxLength } from '../common/validation';
import { MEMO_STATUSES, type MemoStatus } from '../memos/memo-status';
import type { MemoContent, ReportContent, ReportKind, ReportPeriod } from '../reports/document-format';

const KINDS: ReportKind[] = ['measures', 'implementation', 'other'];
const PERIODS: ReportPeriod[] = ['full_year', 'half_year'];

export class CreateDocumentDto {
  @ApiProperty({ description: 'The report, as `report` in docs/document-format.schema.json' })
  @IsObject()
  report: ReportContent;

  @ApiPropertyOptional({
    description: 'The covering memo, as `memo` in the format; fields left out get defaults (ส่วนราชการ, เรียน/ผ่าน from the route, the usual paragraphs, the author’s signature block). `documentNumber` is assigned by the workflow.',
  })
  @IsOptional()
  @IsObject()
  memo?: Partial<MemoContent>;
}

export class UpdateDocumentDto {
  @ApiProperty()
  @IsObject()
  report: ReportContent;

  @ApiProperty()
  @IsObject()
  memo: Partial<MemoContent>;

  @ApiPropertyOptional({ description: 'The version the edit is based on; a newer stored version answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListDocumentsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 2568 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2500)
  @Max(2700)
  fiscalYear?: number;

  @ApiPropertyOptional({ enum: KINDS })
  @IsOptional()
  @IsIn(KINDS)
  kind?: ReportKind;

  @ApiPropertyOptional({ enum: MEMO_STATUSES })
  @IsOptional()
  @IsIn(MEMO_STATUSES)
  status?: MemoStatus;

  @ApiPropertyOptional({ description: 'ที่ as printed, e.g. `นธ ๗๗๒๐๑/๑` (Thai or Arabic digits). Numbers restart every calendar year: give `registerYear` too to find one document.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  documentNumber?: string;

  @ApiPropertyOptional({ description: 'The calendar year (พ.ศ.) of the outgoing register the number was taken from', example: 2569 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2443)
  @Max(2742)
  registerYear?: number;

  @ApiPropertyOptional({
    description:
      'Thai words to find in the title, the subject and every cell (each must occur; spaces and the script of digits are ignored). ' +
      'Documents whose title or subject holds the first word come first, then the others, each newest first. ' +
      `A search's page holds ${SEARCH_PAGE_SIZE} documents unless \`limit\` says otherwise (each carries its highlighted parts).`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class FromPlanDto {
  @ApiPropertyOptional({ enum: PERIODS, default: 'full_year' })
  @IsOptional()
  @IsIn(PERIODS)
  period?: ReportPeriod;
}

export class ExportQuery {
  @ApiPropertyOptional({ enum: ['1', '2'], description: 'Format version; default the lowest that can say the document' })
  @IsOptional()
  @IsIn(['1', '2'])
  version?: '1' | '2';
}
