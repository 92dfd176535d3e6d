import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MinLength,
} from 'class-validator';
import { MaxLength, Omittable } from '../common/validation';
import { PASSWORD_MIN_LENGTH } from '../auth/auth.dto';
import { ROLES, type Role } from '../identity/role';

export class CreateUserDto {
  @ApiProperty({ example: 'นาง' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  honorific: string;

  @ApiProperty({ example: 'สุจิน สาศรีสุข' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ example: 'sujin', description: 'a–z, 0–9, ".", "_" or "-"; 3–64 characters' })
  @IsString()
  @Matches(/^[a-z0-9._-]{3,64}$/)
  username: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(200)
  password: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ description: 'The position this person holds (at most one person per position)' })
  @IsOptional()
  @IsUUID()
  positionId?: string | null;
}

/** Left-out fields stay as they are; `email` and `positionId` may be cleared with null, the others may not. */
export class UpdateUserDto extends PartialType(CreateUserDto, { skipNullProperties: false }) {
  @ApiPropertyOptional()
  @Omittable()
  @IsBoolean()
  active?: boolean;
}

export class ResetPasswordDto {
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(200)
  password: string;
}
