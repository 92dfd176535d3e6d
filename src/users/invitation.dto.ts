import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches } from 'class-validator';
import { MaxLength } from '../common/validation';
import { CreateUserDto } from './user.dto';

/**
 * An admin invites a person: they choose their own password through the link the invitation sends. Name, roles and
 * position are checked as for a person the admin creates; the e-mail is required (the link goes there), the
 * honorific and username may be left for later.
 */
export class CreateInvitationDto extends PickType(CreateUserDto, ['fullName', 'roles', 'positionId'] as const) {
  @ApiPropertyOptional({ example: 'นาง', default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  honorific?: string;

  @ApiProperty({ example: 'orathai@phron.go.th' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: 'orathai', description: 'a–z, 0–9, ".", "_" or "-"; 3–64 characters. Absent: made from the e-mail' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9._-]{3,64}$/)
  username?: string;
}
