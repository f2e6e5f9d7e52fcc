import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { AWARD_CODES, type AwardCode, type Nomination, type RecipientKind } from '#domain';
import { IsInstant } from '../../common/instant.js';
import { IsPlainText, Nested, NormalizedText, OptionalButNotNull } from '../../common/validation.js';

const RECIPIENT_KINDS: readonly RecipientKind[] = ['individual', 'collective'];

/** Text a person typed: trimmed, NFC, without control characters. */
const Text = () => applyDecorators(NormalizedText(), IsString(), Length(1, 4000), IsPlainText());

export class RegisteredTitleDto {
  @ApiProperty({ enum: AWARD_CODES, example: 'TLDTT' })
  @IsIn(AWARD_CODES, { message: 'award must be a known award code (GET /docs lists them)' })
  award!: string;
  @ApiProperty({ enum: RECIPIENT_KINDS }) @IsIn(RECIPIENT_KINDS) recipientKind!: RecipientKind;
  @ApiPropertyOptional({ example: 'Phòng Lãnh sự' }) @OptionalButNotNull() @Text() name?: string;
}

export class NomineeDto implements Nomination {
  @ApiProperty({ enum: RECIPIENT_KINDS }) @IsIn(RECIPIENT_KINDS) nomineeKind!: RecipientKind;
  @ApiProperty({ example: 'Nguyễn Văn A' }) @Text() name!: string;
  @ApiProperty({ enum: AWARD_CODES, example: 'GIAY_KHEN' })
  @IsIn(AWARD_CODES, { message: 'award must be a known award code' })
  award!: AwardCode;
  @ApiProperty({ example: 'Hoàn thành xuất sắc nhiệm vụ năm 2022' }) @Text() achievement!: string;
}

/**
 * One body for every stage: the field that matters is the one the stage takes (the workflow says which). A derived
 * plan is recorded only by launching it (POST /plans/:id/launch), which checks that it derives from this plan.
 */
export class SubmitDto {
  @ApiPropertyOptional({ type: [RegisteredTitleDto], description: 'registration: the titles the unit aims for' })
  @OptionalButNotNull()
  @Nested(() => RegisteredTitleDto, { each: true, min: 1, max: 100 })
  titles?: RegisteredTitleDto[];

  @ApiPropertyOptional({ description: 'interim or final review: the report' }) @OptionalButNotNull() @Text() summary?: string;

  @ApiPropertyOptional({ type: [NomineeDto], description: 'nomination: collectives and individuals proposed for awards' })
  @OptionalButNotNull()
  @Nested(() => NomineeDto, { each: true, min: 1, max: 500 })
  nominees?: NomineeDto[];
}

export class DecideDto {
  @ApiProperty({ enum: ['accept', 'return'] }) @IsIn(['accept', 'return']) decision!: 'accept' | 'return';
  @ApiPropertyOptional({ description: 'Required to return: what the unit must fix' }) @OptionalButNotNull() @Text() reason?: string;
}

export class DecideNomineeDto {
  @ApiProperty({ enum: ['approved', 'returned', 'rejected'] }) @IsIn(['approved', 'returned', 'rejected']) decision!:
    'approved' | 'returned' | 'rejected';
  @ApiPropertyOptional({ description: 'Required to return or reject' }) @OptionalButNotNull() @Text() reason?: string;
}

export class ConferDto {
  @ApiPropertyOptional({ example: '45/QĐ-SNGV', description: "The conferring decision's number and symbol" })
  @OptionalButNotNull()
  @Text()
  reference?: string;
}

export class ExtendStageDto {
  @IsInstant({ description: "The new deadline, an instant with its zone offset, inside the plan's time frame" }) dueAt!: string;
  @ApiProperty({ example: 'Đơn vị đang kiện toàn tổ chức' }) @Text() reason!: string;
}
