import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { MaxLength } from '../common/validation';

export class ActingAssignmentDto {
  @ApiProperty()
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/)
  positionId: string;

  @ApiProperty()
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/)
  userId: string;

  @ApiProperty({ enum: ['acting', 'deputizing'], description: 'รักษาราชการแทน / ปฏิบัติราชการแทน' })
  @IsIn(['acting', 'deputizing'])
  kind: 'acting' | 'deputizing';

  @ApiProperty({ example: 'คำสั่ง อบต.พร่อน ที่ ๑๒/๒๕๖๘' })
  @IsString()
  @MaxLength(100)
  @Matches(/\S/)
  orderNumber: string;

  @ApiProperty({ example: '2025-04-01', description: 'YYYY-MM-DD, Gregorian year (ค.ศ.) 1900–2199' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  startsOn: string;

  @ApiProperty({ example: '2025-04-30', description: 'YYYY-MM-DD, Gregorian year (ค.ศ.) 1900–2199, not before startsOn' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  endsOn: string;
}
