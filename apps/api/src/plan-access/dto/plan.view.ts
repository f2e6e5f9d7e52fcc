import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What a unit node shows as its stage: the domain's displayStage, or why there is no task yet. */
export const UNIT_STAGES = [
  'not-launched',
  'unassigned',
  'derived-plan',
  'registration',
  'interim-review',
  'final-review',
  'nomination',
  'decision',
  'execution',
  'completed',
  'closed',
  'cancelled',
] as const;
export type UnitStage = (typeof UNIT_STAGES)[number];

/** A plan's status in the read model (the domain's PlanStatus but 'none', which no stored plan has). */
export const PLAN_STATUSES = ['draft', 'launched', 'closed', 'cancelled'] as const;

export const STAGE_KINDS = ['derived-plan', 'registration', 'interim-review', 'final-review', 'nomination'];
export const STAGE_STATUSES = ['pending', 'open', 'submitted', 'returned', 'accepted'];
export const ESCALATION_LEVELS = ['unit', 'head', 'board'];

/** One stage of a unit's task (the domain's StageState, without the submission's content). */
export class StageView {
  @ApiProperty({ example: 'interim:Đợt 1' }) id!: string;
  @ApiProperty({ enum: STAGE_KINDS }) kind!: string;
  @ApiPropertyOptional({ description: 'The phase (đợt) an interim review closes' }) phase?: string;
  @ApiProperty({ enum: STAGE_STATUSES }) status!: string;
  @ApiProperty() opensAt!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ description: 'The deadline passed without a submission' }) overdue!: boolean;
  @ApiPropertyOptional({ enum: ESCALATION_LEVELS }) escalation?: string;
  @ApiPropertyOptional() submittedAt?: string;
  @ApiPropertyOptional({ description: 'Submitted after the deadline' }) late?: boolean;
  @ApiPropertyOptional({ description: "The issuer's reason, while the stage is returned" }) returnReason?: string;
}

export class StageCountView {
  @ApiProperty({ enum: UNIT_STAGES }) stage!: string;
  @ApiProperty() count!: number;
}

/** Units by what they are doing and whether they are late. */
export class CountsView {
  @ApiProperty() units!: number;
  @ApiProperty({ description: 'Units with a stage past its deadline without a submission' }) overdue!: number;
  @ApiProperty({ description: 'Units on time (units − overdue)' }) onTime!: number;
  @ApiProperty({ description: 'Units whose shown stage was returned to them' }) returned!: number;
  @ApiProperty({ description: "Units whose submission awaits the issuer's decision" }) awaitingDecision!: number;
  @ApiProperty({ type: [StageCountView], description: 'Per stage, in the order of a plan’s life; stages with no unit are left out' })
  byStage!: StageCountView[];
}

/** What names a plan and says where it stands: the head of a tree (PlanView) and a row of the list (PlanSummaryView). */
export class PlanHeadingView {
  @ApiProperty() planId!: string;
  @ApiPropertyOptional({ description: 'The plan this one implements (a derived plan)' }) parentPlanId?: string;
  @ApiProperty({ example: '119/KH-UBND' }) numberSymbol!: string;
  @ApiProperty() title!: string;
  @ApiProperty() issuingUnit!: string;
  @ApiProperty() issuingUnitName!: string;
  @ApiProperty({ enum: PLAN_STATUSES }) status!: string;
  @ApiPropertyOptional() launchedAt?: string;
  @ApiProperty({ description: 'Version of the plan stream this view reflects' }) version!: number;
}

/**
 * A plan of the cascade with its units. Declared before PlanUnitView, which nests PlanView: a class must exist
 * before another's decorator metadata names it.
 */
export class PlanView extends PlanHeadingView {
  @ApiProperty({ type: CountsView, description: "This plan's units (those you may see)" }) counts!: CountsView;
  @ApiProperty({ type: CountsView, description: "This plan's units and every unit of the derived plans below them" }) totals!: CountsView;
  @ApiProperty({ type: () => [PlanUnitView] }) units!: PlanUnitView[];
}

/** A unit's task in a plan, with the unit's derived plan nested beneath it. */
export class PlanUnitView {
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: ['not-launched', 'unassigned', 'open', 'closed', 'cancelled'] }) status!: string;
  @ApiProperty({ enum: UNIT_STAGES }) stage!: string;
  @ApiPropertyOptional({ description: 'The stage shown: the current one, or the next while the unit is between stages' }) stageId?: string;
  @ApiPropertyOptional({ enum: STAGE_STATUSES }) stageStatus?: string;
  @ApiPropertyOptional({ description: "The shown stage's deadline" }) dueAt?: string;
  @ApiProperty({ description: 'Some stage is past its deadline without a submission' }) overdue!: boolean;
  @ApiProperty({ description: 'The shown stage was returned by the issuer' }) returned!: boolean;
  @ApiPropertyOptional() returnedReason?: string;
  @ApiPropertyOptional({ enum: ESCALATION_LEVELS, description: 'The highest escalation reached' }) escalation?: string;
  @ApiPropertyOptional({ enum: ['unit', 'issuer'], description: 'Who must act next on the shown stage' }) waitingFor?: 'unit' | 'issuer';
  @ApiProperty({ type: [StageView] }) stages!: StageView[];
  @ApiPropertyOptional({ description: "The unit's own plan carrying this one down" }) derivedPlanId?: string;
  @ApiPropertyOptional({ type: () => PlanView }) derivedPlan?: PlanView;
  @ApiPropertyOptional() updatedAt?: string;
}
