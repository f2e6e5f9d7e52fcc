import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const TASK_STATUSES = ['not-launched', 'unassigned', 'assigned', 'acknowledged'];

export class UnitTaskView {
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: TASK_STATUSES }) status!: string;
  @ApiPropertyOptional() dueAt?: string;
  @ApiProperty({ description: 'The deadline passed before the unit acknowledged' }) overdue!: boolean;
  @ApiPropertyOptional() acknowledgedAt?: string;
  @ApiPropertyOptional({ description: 'Acknowledged after the deadline' }) late?: boolean;
}

export class PlanView {
  @ApiProperty() planId!: string;
  @ApiProperty() numberSymbol!: string;
  @ApiProperty() title!: string;
  @ApiProperty() issuingUnit!: string;
  @ApiProperty() deadline!: string;
  @ApiProperty({ enum: ['draft', 'launched'] }) status!: string;
  @ApiPropertyOptional() launchedAt?: string;
  @ApiProperty({ description: 'Version of the plan stream this view reflects' }) version!: number;
  @ApiProperty({ type: [UnitTaskView] }) units!: UnitTaskView[];
}

export class LaunchView {
  @ApiProperty() planId!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ description: 'false when the plan had already been launched: nothing new was started' }) started!: boolean;
}

export class AcknowledgementView {
  @ApiProperty() planId!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty({ enum: TASK_STATUSES }) status!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() acknowledgedAt!: string;
  @ApiProperty({ description: 'Acknowledged after the deadline' }) late!: boolean;
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
