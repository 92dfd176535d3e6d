import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, Min } from 'class-validator';
import { MaxLength, Omittable } from '../common/validation';
import { NUMERAL_STYLES, ORGANIZATION_KINDS, type NumeralStyle, type OrganizationKind } from '../identity/organization.entity';

const KINDS = Object.keys(ORGANIZATION_KINDS) as OrganizationKind[];

/** Left-out fields stay as they are; only `phone` and `website` may be cleared with null. */
export class UpdateOrganizationDto {
  @ApiPropertyOptional({ example: 'องค์การบริหารส่วนตำบลพร่อน' })
  @Omittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'อบต.พร่อน' })
  @Omittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  shortName?: string;

  @ApiPropertyOptional({ enum: KINDS })
  @Omittable()
  @IsIn(KINDS)
  kind?: OrganizationKind;

  @ApiPropertyOptional({ example: 'ตากใบ' })
  @Omittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  district?: string;

  @ApiPropertyOptional({ example: 'นราธิวาส' })
  @Omittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  province?: string;

  @ApiPropertyOptional({ example: 'นธ ๗๗๒๐๑' })
  @Omittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  letterCode?: string;

  @ApiPropertyOptional({ enum: NUMERAL_STYLES })
  @Omittable()
  @IsIn(NUMERAL_STYLES)
  numerals?: NumeralStyle;

  @ApiPropertyOptional({ example: '๐ ๗๓๕๓ ๐๐๐๐' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  phone?: string | null;

  @ApiPropertyOptional({ example: 'https://www.phron.go.th' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(300)
  website?: string | null;

  @ApiPropertyOptional({ description: 'Days at one step before a memo shows as overdue' })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(60)
  overdueDays?: number;

  @ApiPropertyOptional({
    description: 'The organisation’s own Thai words (place names, its units) that a line of its PDFs must not break inside; replaces the list',
    example: ['บ้านส้อง', 'เวียงสระ'],
    type: [String],
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(2000)
  @IsString({ each: true })
  @Matches(/^[\u0E01-\u0E4E]{2,60}$/, { each: true, message: 'each word must be 2–60 Thai letters, without spaces' })
  words?: string[];
}

export class CreatePositionDto {
  @ApiProperty({ example: 'ปลัดองค์การบริหารส่วนตำบลพร่อน' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: 'ปลัด อบต.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  shortTitle: string;

  @ApiPropertyOptional({ example: 'สำนักปลัด' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  unit?: string | null;
}

/** Left-out fields stay as they are; `unit` may be cleared with null, `title` and `shortTitle` may not. */
export class UpdatePositionDto extends PartialType(CreatePositionDto, { skipNullProperties: false }) {}

export class SetRouteDto {
  @ApiProperty({ description: 'Reviewing positions in order, e.g. [ปลัด, นายก]', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  positionIds: string[];
}
