import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { MaxLength } from '../common/validation';

/** Events people send; RENDERED is the render job's and never comes over HTTP. */
export const PERSON_EVENTS = ['SUBMIT', 'RESUBMIT', 'FORWARD', 'APPROVE', 'RETURN', 'REJECT', 'CANCEL', 'PUBLISH', 'WITHDRAW'] as const;
export type PersonEvent = (typeof PERSON_EVENTS)[number];

export class TransitionDto {
  @ApiProperty({
    enum: PERSON_EVENTS.filter((e) => e !== 'PUBLISH' && e !== 'WITHDRAW'),
    description: 'PUBLISH and WITHDRAW answer 400 here: they are sent by POST /api/memos/:id/publish and POST /api/publications/:id/withdraw',
  })
  @IsIn(PERSON_EVENTS)
  event: PersonEvent;

  @ApiPropertyOptional({ description: 'ความเห็น / คำสั่ง for FORWARD and APPROVE (e.g. ทราบ, อนุมัติ, เห็นชอบ ให้เผยแพร่บนเว็บไซต์)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({ description: 'Required for RETURN, REJECT and WITHDRAW' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({
    description: 'A signature drawn on screen, as a PNG data URL; without it FORWARD/APPROVE use the stored signature',
  })
  @IsOptional()
  @IsString()
  @MaxLength(700_000)
  @Matches(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/)
  signatureImage?: string;

  @ApiPropertyOptional({ description: 'The memo version the actor saw; a newer stored version answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
