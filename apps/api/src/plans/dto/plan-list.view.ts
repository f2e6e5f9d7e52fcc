import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PLAN_STATUSES, PlanHeadingView } from '../../plan-access/dto/plan.view.js';

/** GET /plans?status=launched&root=true */
export class PlanListQuery {
  @ApiPropertyOptional({ enum: PLAN_STATUSES, description: 'Only the plans in this status' })
  @IsOptional()
  @IsIn(PLAN_STATUSES, { message: `status must be one of ${PLAN_STATUSES.join(', ')}` })
  status?: (typeof PLAN_STATUSES)[number];

  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only plans that implement no other (no parentPlanId); false or absent: derived plans too',
  })
  @IsOptional()
  // A query string is text; anything but "true" or "false" stays as given and is refused below.
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'root must be true or false' })
  root?: boolean;
}

/** What needs attention in a plan's own units (not those of the plans derived from it). */
export class PlanAlertsView {
  @ApiProperty({ description: "This plan's units with a task, among those you may see" }) units!: number;
  @ApiProperty({ description: 'Open tasks with a stage past its deadline without a submission' }) overdue!: number;
  @ApiProperty({ description: 'Tasks whose shown stage the issuer returned to the unit' }) returned!: number;
  @ApiProperty({ description: "Tasks whose submission awaits the issuer's decision" }) awaitingDecision!: number;
}

/** One plan of GET /plans: what a list row shows, without the cascade tree (GET /plans/{id}). */
export class PlanSummaryView extends PlanHeadingView {
  @ApiProperty({ example: '2022-04-27', description: "The document's date (ngày ban hành), yyyy-mm-dd" }) issuedOn!: string;
  @ApiProperty({ description: 'When the plan was created (its first event); the list is newest first by it' }) createdAt!: string;
  @ApiProperty({ type: PlanAlertsView }) alerts!: PlanAlertsView;
}
