import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { MaxLength } from '../common/validation';
import { ROLES, type Role } from './role';

/** An admin invites a person: they choose their own password through the link the invitation sends. */
export class CreateInvitationDto {
  @ApiPropertyOptional({ example: 'นาง', default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  honorific?: string;

  @ApiProperty({ example: 'อรทัย ทองคุปต์' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ example: 'orathai@phron.go.th' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ description: 'The position the person will hold (at most one person per position)' })
  @IsOptional()
  @IsUUID()
  positionId?: string | null;

  @ApiPropertyOptional({ example: 'orathai', description: 'a–z, 0–9, ".", "_" or "-"; 3–64 characters. Absent: made from the e-mail' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9._-]{3,64}$/)
  username?: string;
}
