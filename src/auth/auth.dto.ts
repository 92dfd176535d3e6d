import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, MinLength } from 'class-validator';
import { MaxLength } from '../common/validation';

export class LoginDto {
  @ApiProperty({ example: 'sujin', description: 'A username, or an e-mail address' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  username: string;

  @ApiPropertyOptional({
    example: 'phron',
    description: "The organisation's public slug or DLA code (รหัส อปท.): needed when the username is also used in another organisation",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  organization?: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password: string;
}

export const PASSWORD_MIN_LENGTH = 10;

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(200)
  newPassword: string;
}

export class CreateApiTokenDto {
  @ApiProperty({ example: 'สคริปต์สำรองข้อมูล' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ description: 'ISO 8601 date-time in the future, Gregorian year (ค.ศ.) up to 2199; absent = never expires' })
  @IsOptional()
  @IsString()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class SetPasswordDto {
  @ApiProperty({ description: 'The token of a one-time link (the last part of /set-password/…)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  token: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, description: 'At least 10 characters, not a common password, not the username' })
  @IsString()
  @MaxLength(200)
  password: string;
}

export class ForgotPasswordDto {
  @ApiProperty({ example: 'sujin', description: 'A username, or an e-mail address' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  username: string;

  @ApiPropertyOptional({ example: 'phron', description: "The organisation's slug or DLA code, when the username is also used elsewhere" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  organization?: string;
}
