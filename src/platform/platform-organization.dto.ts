import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { MaxLength, Omittable } from '../common/validation';
import { NUMERAL_STYLES, ORGANIZATION_KINDS, type NumeralStyle, type OrganizationKind } from '../identity/organization.entity';

export const KINDS = Object.keys(ORGANIZATION_KINDS) as OrganizationKind[];
/** Public URLs use it (`/p/{slug}`); the column holds 64. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** The DLA's code of a local administrative organisation (รหัส อปท.), digits only. */
export const DLA_CODE_PATTERN = /^[0-9]{4,10}$/;

/** A new organisation and its first admin, who is invited (a one-time link by e-mail, or shown once). */
export class CreatePlatformOrganizationDto {
  @ApiProperty({ example: 'องค์การบริหารส่วนตำบลพร่อน' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind: OrganizationKind;

  @ApiProperty({ example: 'นราธิวาส' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  province: string;

  @ApiProperty({ example: 'ตากใบ' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  district: string;

  @ApiProperty({ example: '6961003', description: 'รหัส อปท.: 4–10 digits, unique' })
  @IsString()
  @Matches(DLA_CODE_PATTERN)
  dlaCode: string;

  @ApiProperty({ example: 'นธ ๗๗๒๐๑' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  letterCode: string;

  @ApiProperty({ example: 'phron', description: 'a–z, 0–9 and "-", up to 64; the public site is /p/{slug}' })
  @IsString()
  @Matches(SLUG_PATTERN)
  slug: string;

  @ApiPropertyOptional({ example: 'อบต.พร่อน', description: "Absent: the kind's abbreviation and the name" })
  @Omittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  shortName?: string;

  @ApiPropertyOptional({ enum: NUMERAL_STYLES, default: 'thai' })
  @Omittable()
  @IsIn(NUMERAL_STYLES)
  numerals?: NumeralStyle;

  @ApiPropertyOptional({ example: 'นาย' })
  @Omittable()
  @IsString()
  @MaxLength(50)
  adminHonorific?: string;

  @ApiProperty({ example: 'สมชาย ดูแลระบบ' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  adminFullName: string;

  @ApiProperty({ example: 'saraban@phron.go.th' })
  @IsEmail()
  @MaxLength(254)
  adminEmail: string;

  @ApiPropertyOptional({ example: 'admin', description: 'Absent: made from the e-mail' })
  @Omittable()
  @IsString()
  @Matches(/^[a-z0-9._-]{3,64}$/)
  adminUsername?: string;
}

/** Left-out fields stay as they are; none may be cleared. */
export class UpdatePlatformOrganizationDto extends PartialType(
  OmitType(CreatePlatformOrganizationDto, ['adminHonorific', 'adminFullName', 'adminEmail', 'adminUsername'] as const),
  { skipNullProperties: false },
) {}

/** Another admin for an organisation (the first, for one imported without): invited like anyone. */
export class InviteAdminDto {
  @ApiPropertyOptional({ example: 'นาย' })
  @Omittable()
  @IsString()
  @MaxLength(50)
  honorific?: string;

  @ApiProperty({ example: 'สมชาย ดูแลระบบ' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ example: 'saraban@phron.go.th' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: 'admin', description: 'Absent: made from the e-mail' })
  @Omittable()
  @IsString()
  @Matches(/^[a-z0-9._-]{3,64}$/)
  username?: string;
}

/** The operator's list of organisations: a page, optionally of those matching `q`. */
export class ListPlatformOrganizationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name, or the whole DLA code, slug or province' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
