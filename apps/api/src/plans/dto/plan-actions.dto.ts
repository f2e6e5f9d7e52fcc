import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { STAGE_ID_EXAMPLES, STAGE_ID_MAX_LENGTH, type PlanAmendment } from '#domain';
import { IsInstant } from '../../common/instant.js';
import { IsStageId } from '../../common/stage-id.pipe.js';
import { IsPlainText, Nested, NormalizedText, OptionalButNotNull } from '../../common/validation.js';
import { QuotaDto, TargetDto } from './create-plan.dto.js';

/** A reason users and auditors will read: required for every change of a launched plan. */
class WithReason {
  @ApiProperty({ example: 'Theo đề nghị của các đơn vị' })
  @NormalizedText()
  @IsString()
  @Length(3, 1000)
  @IsPlainText()
  reason!: string;
}

/** The changes (a PlanAmendment) and their reason. */
export class AmendPlanDto extends WithReason implements PlanAmendment {
  @ApiPropertyOptional() @OptionalButNotNull() @NormalizedText() @IsString() @Length(3, 500) @IsPlainText() title?: string;
  // The same checks as POST /plans; PlansService then validates the amended plan as a whole.
  @ApiPropertyOptional({ type: [TargetDto] })
  @OptionalButNotNull()
  @Nested(() => TargetDto, { each: true, max: 100 })
  targets?: TargetDto[];
  @ApiPropertyOptional({ type: [QuotaDto] }) @OptionalButNotNull() @Nested(() => QuotaDto, { each: true, max: 100 }) quotas?: QuotaDto[];
}

export class ExtendDto extends WithReason {
  @IsInstant({ description: "The new deadline, an instant with its zone offset, inside the plan's time frame" })
  dueAt!: string;
}

export class ExtendForAllDto extends ExtendDto {
  @ApiProperty({
    example: 'registration',
    maxLength: STAGE_ID_MAX_LENGTH,
    description: `The stage whose deadline moves for every unit: ${STAGE_ID_EXAMPLES}`,
  })
  @IsStageId()
  stageId!: string;
}

export class CancelPlanDto extends WithReason {}
