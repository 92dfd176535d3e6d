import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { MaxLength } from '../common/validation';

export class CreateOperatorDto {
  @IsString()
  @Matches(/^[a-z0-9._-]{3,64}$/)
  username: string;

  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName?: string;
}
