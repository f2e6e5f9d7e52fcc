import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsISO8601, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsPlainText, NormalizedText } from '../../common/validation.js';
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

export class AmendPlanDto extends WithReason {
  @ApiPropertyOptional() @IsOptional() @NormalizedText() @IsString() @Length(3, 500) @IsPlainText() title?: string;
  @ApiPropertyOptional({ type: [TargetDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => TargetDto) targets?: TargetDto[];
  @ApiPropertyOptional({ type: [QuotaDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => QuotaDto) quotas?: QuotaDto[];
}

export class ExtendDto extends WithReason {
  @ApiProperty({ example: '2022-05-05T23:59:59+07:00', description: 'The new deadline, an instant with its zone' })
  @IsISO8601({ strict: true }, { message: 'dueAt must be an ISO 8601 date-time with its zone' })
  dueAt!: string;
}

export class ExtendForAllDto extends ExtendDto {
  @ApiProperty({ example: 'registration', description: 'The stage whose deadline moves for every unit' })
  @IsString()
  stageId!: string;
}

export class CancelPlanDto extends WithReason {}
