import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { UNIT_CODE_PATTERN } from '#domain';
import { IsInstant } from '../../common/instant.js';

export const TIMELINE_DEFAULT_LIMIT = 100;
export const TIMELINE_MAX_LIMIT = 1000;

/** GET /audit/plans/:id/timeline?unit=SGDDT&type=Escalated,DeadlineMissed&from=…&to=…&after=…&limit=50 */
export class TimelineQuery {
  @ApiPropertyOptional({ example: 'SGDDT', description: "Only this unit's events" })
  @IsOptional()
  @Matches(UNIT_CODE_PATTERN, { message: 'unit must be a unit code such as SNGV or SNGV.VP' })
  unit?: string;

  @ApiPropertyOptional({ example: 'ban.tdkt@tinh', description: 'Only what this person (or system:…) did' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  actor?: string;

  @ApiPropertyOptional({ example: 'SubmissionReturned,Escalated', description: 'Only these event types (comma-separated)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : value,
  )
  @Matches(/^[A-Z][A-Za-z]+$/, { each: true, message: 'type must be event type names such as SubmissionReturned, comma-separated' })
  type?: string[];

  @IsOptional()
  @IsInstant({ description: 'From this instant (inclusive)', required: false })
  from?: string;

  @IsOptional()
  @IsInstant({ description: 'Up to this instant (inclusive)', required: false })
  to?: string;

  @ApiPropertyOptional({ description: 'The `next` of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'after must be the `next` value of a previous page' })
  after?: string;

  @ApiPropertyOptional({ default: TIMELINE_DEFAULT_LIMIT, minimum: 1, maximum: TIMELINE_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(TIMELINE_MAX_LIMIT, { message: `limit must be at most ${TIMELINE_MAX_LIMIT}` })
  limit?: number;
}

/** GET /audit/plans/:id/as-of?at=… or ?version=… (one of them). */
export class AsOfQuery {
  @IsOptional()
  @IsInstant({ description: 'The cascade as it stood at this instant', required: false })
  at?: string;

  @ApiPropertyOptional({ description: 'The cascade as it stood when the plan reached this version' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be at least 1' })
  version?: number;
}

/** GET /audit/plans/:id/diff?from=…&to=… */
export class DiffQuery {
  @IsInstant()
  from!: string;

  @IsInstant()
  to!: string;
}

/** GET /audit/verify?plan=… */
export class VerifyQuery {
  @ApiPropertyOptional({ description: 'Only this plan and its cascade; everything when absent' })
  @IsOptional()
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'plan must be a plan id (a UUID)' })
  plan?: string;
}
