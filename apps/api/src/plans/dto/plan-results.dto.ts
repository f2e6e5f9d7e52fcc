import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PlanDraft, PlanStatus, UnitKind } from '#domain';
import { PLAN_STATUSES } from '../../plan-access/dto/plan.view.js';
import type { PlanDocument } from '../../plan-access/plan-view.service.js';
import { CreatePlanDto } from './create-plan.dto.js';

export class PlanWarningView {
  @ApiProperty({ example: 'targets[1].value' }) field!: string;
  @ApiProperty({ example: 'TARGET_AT_CAP' }) code!: string;
  @ApiProperty() message!: string;
}

export class CreatedPlanView {
  @ApiProperty() planId!: string;
  @ApiProperty({
    type: [PlanWarningView],
    description: 'What the issuer may want to reconsider (e.g. a target at a legal cap); not errors',
  })
  warnings!: PlanWarningView[];
}

export class LaunchView {
  @ApiProperty() planId!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ description: 'false when the plan had already been launched: nothing new was started' }) started!: boolean;
}

export class EventView {
  @ApiProperty({ description: 'Position in the global order' }) position!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() schemaVersion!: number;
  @ApiProperty({ type: Object }) data!: unknown;
  @ApiProperty() actor!: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ description: 'The request (Temporal update id) that caused this event' }) causationId?: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ description: 'SHA-256 chaining this event to the previous one in its stream' }) hash!: string;
}

/**
 * The plan's document: the PlanDraft as created, with the title, targets and quotas as amended since (the `plans`
 * read model folds PlanAmended into it), in the shape POST /plans takes.
 */
export class PlanDocumentView implements PlanDocument {
  @ApiProperty() planId!: string;
  @ApiProperty({ enum: PLAN_STATUSES }) status!: PlanStatus;
  @ApiProperty({ description: 'Version of the plan stream the document reflects; it grows with each amendment' }) version!: number;
  @ApiProperty({
    enum: ['board', 'department', 'division'],
    description: "The issuer's kind on the issue date: with the quotas, what checkNominations needs",
  })
  issuingUnitKind!: UnitKind;
  @ApiProperty({
    type: () => CreatePlanDto,
    description: 'A PlanDraft; OpenAPI names its schema after POST /plans, which takes the same shape',
  })
  document!: PlanDraft;
}
