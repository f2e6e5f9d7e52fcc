import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PlanWarningView {
  @ApiProperty({ example: 'targets[1].value' }) field!: string;
  @ApiProperty({ example: 'TARGET_AT_CAP' }) code!: string;
  @ApiProperty() message!: string;
}

export class CreatedPlanView {
  @ApiProperty() planId!: string;
  @ApiProperty({ type: [PlanWarningView], description: 'What the issuer may want to reconsider (e.g. a target at a legal cap); not errors' }) warnings!: PlanWarningView[];
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
