import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PlanView } from '../../plan-access/dto/plan.view.js';

/** The OpenAPI shapes of the audit answers (the web app's types are generated from them). */
export class TimelineEntryView {
  @ApiProperty({ description: "The event's global position: the timeline's cursor" }) position!: string;
  @ApiProperty() planId!: string;
  @ApiPropertyOptional() unitCode?: string;
  @ApiProperty() streamId!: string;
  @ApiProperty({ description: 'The version of its stream this event produced' }) version!: number;
  @ApiProperty({ example: 'SubmissionReturned' }) type!: string;
  @ApiProperty({ description: 'The action in Vietnamese', example: 'Trả lại hồ sơ' }) action!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ example: '28/04/2022 16:00' }) atVietnam!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty() actor!: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty() eventId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export class TimelineView {
  @ApiProperty({ type: [TimelineEntryView] }) entries!: TimelineEntryView[];
  @ApiProperty({ description: 'Entries matching the filter, on every page' }) total!: number;
  @ApiPropertyOptional({ description: 'Pass as ?after= for the next page' }) next?: string;
}

export class HistoryPointView {
  @ApiPropertyOptional() at?: string;
  @ApiPropertyOptional() planVersion?: number;
  @ApiProperty({ description: 'Events folded' }) events!: number;
}

export class AsOfView extends PlanView {
  @ApiProperty({ type: HistoryPointView }) asOf!: HistoryPointView;
}

export class VerificationProblemView {
  @ApiProperty() kind!: string;
  @ApiPropertyOptional() streamId?: string;
  @ApiPropertyOptional() version?: number;
  @ApiPropertyOptional() eventId?: string;
  @ApiPropertyOptional() globalPosition?: string;
  @ApiPropertyOptional() checkpoint?: number;
  @ApiProperty() message!: string;
  @ApiPropertyOptional() more?: number;
}

export class CheckpointCoverageView {
  @ApiProperty() verified!: number;
  @ApiPropertyOptional() lastSequence?: number;
  @ApiPropertyOptional() lastCreatedAt?: string;
  @ApiProperty({ description: 'Events under a signed checkpoint' }) covered!: number;
  @ApiProperty({ description: 'Events after the last checkpoint: chain-checked only' }) uncovered!: number;
}

export class VerificationView {
  @ApiProperty() ok!: boolean;
  @ApiProperty({
    oneOf: [
      { type: 'string', enum: ['all'] },
      { type: 'object', properties: { streams: { type: 'number' } }, required: ['streams'] },
    ],
  })
  scope!: 'all' | { streams: number };
  @ApiProperty() streams!: number;
  @ApiProperty() events!: number;
  @ApiProperty({ type: CheckpointCoverageView }) checkpoints!: CheckpointCoverageView;
  @ApiProperty({ type: [VerificationProblemView] }) problems!: VerificationProblemView[];
}
