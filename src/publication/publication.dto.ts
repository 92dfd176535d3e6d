import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { ListDocumentsQuery } from '../documents/document.dto';
import { MaxLength } from '../common/validation';

export class PublishDto {
  @ApiPropertyOptional({ description: 'Fiscal year (พ.ศ.); defaults to the report’s', example: 2566 })
  @IsOptional()
  @IsInt()
  @Min(2500)
  @Max(2700)
  fiscalYear?: number;

  @ApiPropertyOptional({ description: 'Public title; defaults to the report’s title' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ description: 'The OIT item this document answers, from the year’s mapping (e.g. O42)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9.-]{1,20}$/)
  itaItemCode?: string;

  @ApiPropertyOptional({ description: 'The last part of the public URL: a–z, 0–9 and "-"' })
  @IsOptional()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/)
  slug?: string;

  @ApiPropertyOptional({ description: 'A publication this one corrects: it is marked superseded' })
  @IsOptional()
  @IsUUID()
  supersedes?: string;
}

export class WithdrawDto {
  @ApiProperty()
  @IsString()
  @Matches(/\S/)
  @MaxLength(2000)
  reason: string;
}

export class ItaItemDto {
  @ApiProperty({ example: 2568 })
  @IsInt()
  @Min(2500)
  @Max(2700)
  fiscalYear: number;

  @ApiProperty({ example: 'O36' })
  @Matches(/^[A-Za-z0-9.-]{1,20}$/)
  code: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ enum: ['measures', 'implementation', 'other'] })
  @IsOptional()
  @IsIn(['measures', 'implementation', 'other'])
  reportKind?: 'measures' | 'implementation' | 'other';
}

export class CertificateUploadDto {
  @ApiProperty({ description: 'Passphrase of the PKCS#12 file' })
  @IsString()
  @MaxLength(200)
  passphrase: string;
}

/** A page of the year → OIT mapping, of one fiscal year if asked: the document list's checks of those fields. */
export class ItaItemsQuery extends PickType(ListDocumentsQuery, ['fiscalYear', 'limit', 'cursor'] as const) {}
