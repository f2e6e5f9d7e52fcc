import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { UNIT_CODE_PATTERN } from '#domain';
import { INBOX_AUDIENCES, INBOX_KINDS } from '#persistence';

export const INBOX_DEFAULT_LIMIT = 200;
export const INBOX_MAX_LIMIT = 1000;

/** GET /inbox?unit=SNGV&audience=issuer&limit=50 */
export class InboxQuery {
  @ApiPropertyOptional({ example: 'SNGV', description: 'Only items addressed to this unit (one you may see)' })
  @IsOptional()
  @Matches(UNIT_CODE_PATTERN, { message: 'unit must be a unit code such as SNGV or SNGV.VP; GET /units lists them' })
  unit?: string;

  @ApiPropertyOptional({
    enum: INBOX_AUDIENCES,
    description: "Only the items for the unit's staff, its head, or the unit as a plan's issuer",
  })
  @IsOptional()
  @IsIn(INBOX_AUDIENCES, { message: `audience must be one of ${INBOX_AUDIENCES.join(', ')}` })
  audience?: (typeof INBOX_AUDIENCES)[number];

  @ApiPropertyOptional({ default: INBOX_DEFAULT_LIMIT, minimum: 1, maximum: INBOX_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(INBOX_MAX_LIMIT, { message: `limit must be at most ${INBOX_MAX_LIMIT}` })
  limit?: number;
}

/** Something waiting for a unit: submit, resubmit (returned, with the reason), decide (as issuer), overdue (escalated). */
export class InboxItemView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: INBOX_KINDS }) kind!: string;
  @ApiProperty({
    enum: INBOX_AUDIENCES,
    description: "unit: the unit's staff; head: its head (an escalation); issuer: the unit as the plan's issuer",
  })
  audience!: string;
  @ApiProperty({ description: 'Who must act' }) addresseeUnit!: string;
  @ApiProperty() addresseeUnitName!: string;
  @ApiProperty() planId!: string;
  @ApiProperty({ example: '119/KH-UBND' }) planNumberSymbol!: string;
  @ApiProperty() planTitle!: string;
  @ApiProperty({ description: 'Whose task it is' }) unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiPropertyOptional({ example: 'registration' }) stageId?: string;
  @ApiPropertyOptional({ enum: ['derived-plan', 'registration', 'interim-review', 'final-review', 'nomination'] }) stage?: string;
  @ApiProperty({ description: 'Short English text; labels in Vietnamese come from kind and audience' }) message!: string;
  @ApiPropertyOptional({ description: 'Why the issuer returned the submission' }) reason?: string;
  @ApiPropertyOptional({ description: 'The deadline; none for a decision' }) dueAt?: string;
  @ApiProperty({ description: 'The deadline has passed' }) overdue!: boolean;
  @ApiPropertyOptional({ enum: ['unit', 'head', 'board'], description: 'How far the missed deadline has been escalated' })
  escalation?: string;
  @ApiPropertyOptional({ description: 'When the last reminder for this deadline went out' }) remindedAt?: string;
  @ApiProperty() createdAt!: string;
}
