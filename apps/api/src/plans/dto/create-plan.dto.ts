import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  type ValidationArguments,
  ValidateIf,
} from 'class-validator';
import {
  AWARD_CODES,
  isCalendarDate,
  isWithinPlanYears,
  MAX_ESCALATION_DAYS,
  MAX_PHASE_NAME_LENGTH,
  MAX_QUOTA_COUNT,
  MAX_REMINDER_DAYS,
  MAX_REMINDERS,
  MAX_TARGET_COUNT,
  MAX_TIME_FRAME_DAYS,
  PLAN_DATE_MAX,
  PLAN_DATE_MIN,
  UNIT_CODE_PATTERN,
  type AwardCode,
  type BasisKind,
  type Deadline,
  type DeadlineRule,
  type Escalation,
  type Milestones,
  type Phase,
  type PlanBasis,
  type PlanDraft,
  type PlanKind,
  type Quota,
  type Recipient,
  type RecipientKind,
  type RecipientRole,
  type Target,
} from '#domain';
import { isPlainText, Nested, NormalizedText, OptionalButNotNull } from '../../common/validation.js';

/**
 * The full plan as the API receives it: each class implements its part of the domain's PlanDraft
 * (libs/domain/src/plan/draft.ts), so that the validated body is the draft (plainOf in common/validation.ts) with no
 * mapping between them. These classes check shape and form, each message starting with the field (the ValidationPipe
 * prefixes the path of nested fields: "milestones.registration.date must be …", "phases.1.endsOn must be …");
 * PlanDraftsService then checks the content against the units and the rules in force on the issue date.
 */

/** The parts of a PlanDraft that the domain does not name. */
type Signer = PlanDraft['signer'];
type TimeFrame = PlanDraft['timeFrame'];
type InterimReview = Milestones['interimReviews'][number];

const UNIT_CODE_MESSAGE =
  '$property must be a unit code such as SNGV or SNGV.VP (upper-case letters, digits, ".", "-", "_"); GET /units lists them';
/** "119/KH-UBND"; "/KH-UBND" is a plan not yet numbered (the number is given when it is signed). */
const NUMBER_SYMBOL = /^\d*\/\p{L}[\p{L}\p{N}.-]*$/u;
const PLAN_KINDS: readonly PlanKind[] = ['regular', 'thematic'];
const BASIS_KINDS: readonly BasisKind[] = ['plan', 'directive', 'decision', 'other'];
const RECIPIENT_ROLES: readonly RecipientRole[] = ['implement', 'report-to', 'for-information'];
const RECIPIENT_KINDS: readonly RecipientKind[] = ['individual', 'collective'];
const DEADLINE_RULES: readonly DeadlineRule[] = ['before', 'end-of-day', 'at'];
const COMPARATORS: readonly Target['comparator'][] = ['>=', '<=', '='];
const TARGET_UNITS: readonly Target['unit'][] = ['percent', 'count'];

/** A calendar date yyyy-mm-dd that exists (2022-02-30 does not). */
function IsCalendarDate() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date yyyy-mm-dd` },
      validator: { validate: isCalendarDate },
    });
}

/** A date the plan runs on (issue date, time frame, phases, deadlines): a calendar date within the plan years (limits.ts). */
function IsPlanDate() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPlanDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date yyyy-mm-dd from ${PLAN_DATE_MIN} to ${PLAN_DATE_MAX}` },
      validator: { validate: (value: unknown) => isCalendarDate(value) && isWithinPlanYears(value) },
    });
}
const PLAN_YEARS = `between ${PLAN_DATE_MIN} and ${PLAN_DATE_MAX}`;

/** Trimmed, NFC, non-empty text of at most `max` characters without control characters; one message for what is wrong. */
function Text(max: number) {
  const problem = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return 'must be text';
    if (value.length === 0) return 'must not be empty';
    if (value.length > max) return `must be at most ${max} characters`;
    if (!isPlainText(value)) return 'must be text without control characters';
    return undefined;
  };
  return (target: object, propertyName: string) => {
    NormalizedText()(target, propertyName);
    registerDecorator({
      name: 'text',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => problem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) => `${propertyName} ${problem(args?.value)}`,
      },
    });
  };
}

const oneOf = (values: readonly string[]) =>
  IsIn([...values], { message: `$property must be one of: ${values.map((v) => `"${v}"`).join(', ')}` });

export class SignerDto implements Signer {
  @ApiProperty({ example: 'Nguyễn Văn A', description: 'Người ký' })
  @Text(200)
  name!: string;

  @ApiProperty({ example: 'KT. Chủ tịch, Phó Chủ tịch', description: 'Chức vụ người ký, as printed above the signature' })
  @Text(200)
  title!: string;
}

export class PlanBasisDto implements PlanBasis {
  @ApiProperty({
    enum: BASIS_KINDS,
    example: 'plan',
    description: 'Căn cứ: a plan (inside the system: give its planId), a directive, a decision or another document',
  })
  @oneOf(BASIS_KINDS)
  kind!: BasisKind;

  @ApiProperty({ example: '119/KH-UBND', description: "The cited document's number and symbol, e.g. 119/KH-UBND or 91/2017/NĐ-CP" })
  @Text(100)
  numberSymbol!: string;

  @ApiPropertyOptional({ example: '2022-04-27', description: 'Its date, yyyy-mm-dd; must not be after this plan' })
  @OptionalButNotNull()
  @IsCalendarDate()
  issuedOn?: string;

  @ApiPropertyOptional({ example: 'UBND tỉnh', description: 'Who issued it' })
  @OptionalButNotNull()
  @Text(300)
  issuer?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "The cited plan's id in this system; a derived plan must cite its parentPlanId here",
  })
  @OptionalButNotNull()
  @IsUUID(undefined, { message: '$property must be the id (UUID) of a plan in this system' })
  planId?: string;
}

export class TimeFrameDto implements TimeFrame {
  @ApiProperty({
    example: '2022-04-27',
    description: `First day (inclusive), ${PLAN_YEARS}; the time frame lasts at most ${MAX_TIME_FRAME_DAYS} days`,
  })
  @IsPlanDate()
  from!: string;

  @ApiProperty({ example: '2022-12-31', description: `Last day (inclusive): "đến hết 31/12/2022"; ${PLAN_YEARS}` })
  @IsPlanDate()
  to!: string;
}

export class PhaseDto implements Phase {
  @ApiProperty({ example: 'Đợt 1', description: 'Unique within the plan', maxLength: MAX_PHASE_NAME_LENGTH })
  @Text(MAX_PHASE_NAME_LENGTH)
  name!: string;

  @ApiProperty({ example: '2022-05-19', description: 'Last day of the phase (inclusive); it starts after the previous one ends' })
  @IsPlanDate()
  endsOn!: string;
}

export class DeadlineDto implements Deadline {
  @ApiProperty({ example: '2022-11-30', description: `A Vietnamese calendar date, ${PLAN_YEARS}` })
  @IsPlanDate()
  date!: string;

  @ApiProperty({
    enum: DEADLINE_RULES,
    example: 'end-of-day',
    description:
      '"before" = trước ngày (closes at 00:00 that day); "end-of-day" = hết ngày (closes at 24:00); "at" = trước … giờ (closes at `time`); Vietnam time',
  })
  @oneOf(DEADLINE_RULES)
  rule!: DeadlineRule;

  @ApiPropertyOptional({ example: '16:00', description: 'With rule "at": the time of day, HH:mm or HH:mm:ss' })
  @ValidateIf((deadline: DeadlineDto) => deadline.rule === 'at' || deadline.time !== undefined)
  @Matches(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, { message: 'time must be HH:mm or HH:mm:ss, and is required with rule "at"' })
  time?: string;
}

export class InterimReviewDto implements InterimReview {
  @ApiProperty({ example: 'Đợt 1', description: 'The phase reviewed: one of phases[].name', maxLength: MAX_PHASE_NAME_LENGTH })
  @Text(MAX_PHASE_NAME_LENGTH)
  phase!: string;

  @ApiProperty({ type: () => DeadlineDto, example: { date: '2022-05-25', rule: 'end-of-day' } })
  @Nested(() => DeadlineDto)
  deadline!: DeadlineDto;
}

export class MilestonesDto implements Milestones {
  @ApiPropertyOptional({
    type: () => DeadlineDto,
    example: { date: '2022-04-28', rule: 'before' },
    description: 'Đăng ký thi đua ("trước ngày 28/4/2022")',
  })
  @OptionalButNotNull()
  @Nested(() => DeadlineDto)
  registration?: DeadlineDto;

  @ApiProperty({
    type: () => [InterimReviewDto],
    example: [{ phase: 'Đợt 1', deadline: { date: '2022-05-25', rule: 'end-of-day' } }],
    description: 'Sơ kết, at most one per phase; may be empty',
  })
  @Nested(() => InterimReviewDto, { each: true, max: 50 })
  interimReviews!: InterimReviewDto[];

  @ApiPropertyOptional({ type: () => DeadlineDto, example: { date: '2022-12-15', rule: 'end-of-day' }, description: 'Tổng kết' })
  @OptionalButNotNull()
  @Nested(() => DeadlineDto)
  finalReview?: DeadlineDto;

  @ApiPropertyOptional({
    type: () => DeadlineDto,
    example: { date: '2022-11-30', rule: 'end-of-day' },
    description: 'Đề nghị khen thưởng ("hết ngày 30/11/2022")',
  })
  @OptionalButNotNull()
  @Nested(() => DeadlineDto)
  nomination?: DeadlineDto;
}

export class TargetDto implements Target {
  @ApiProperty({
    example: 'hoàn thành tốt nhiệm vụ',
    description: 'What is measured: free text, or an award code (e.g. CSTDCS) when the target counts an award',
  })
  @Text(300)
  metric!: string;

  @ApiProperty({ enum: COMPARATORS, example: '>=' })
  @oneOf(COMPARATORS)
  comparator!: Target['comparator'];

  @ApiProperty({
    example: 100,
    minimum: 0,
    maximum: MAX_TARGET_COUNT,
    description: `A percentage (0–100) or a whole count (at most ${MAX_TARGET_COUNT})`,
  })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a number' })
  @Min(0, { message: '$property must be 0 or more' })
  @Max(MAX_TARGET_COUNT, { message: `$property must be at most ${MAX_TARGET_COUNT} (a percentage at most 100)` })
  value!: number;

  @ApiProperty({ enum: TARGET_UNITS, example: 'percent' })
  @oneOf(TARGET_UNITS)
  unit!: Target['unit'];

  @ApiProperty({ example: 'CBCCVC', description: 'Whom it is measured over' })
  @Text(200)
  population!: string;
}

export class QuotaDto implements Quota {
  @ApiProperty({ enum: AWARD_CODES, example: 'BANG_KHEN_TINH', description: 'Award code (libs/domain/src/awards.ts)' })
  @IsIn([...AWARD_CODES], { message: `$property must be a known award code: ${AWARD_CODES.join(', ')}` })
  award!: AwardCode;

  @ApiProperty({ enum: RECIPIENT_KINDS, example: 'collective', description: 'tập thể (collective) or cá nhân (individual)' })
  @oneOf(RECIPIENT_KINDS)
  recipientKind!: RecipientKind;

  @ApiProperty({ example: 5, minimum: 1, maximum: MAX_QUOTA_COUNT })
  @IsInt({ message: '$property must be a whole number' })
  @Min(1, { message: '$property must be at least 1; remove the quota instead of setting 0' })
  @Max(MAX_QUOTA_COUNT, { message: `$property must be at most ${MAX_QUOTA_COUNT}` })
  count!: number;
}

export class RecipientDto implements Recipient {
  @ApiProperty({ example: 'SNGV' })
  @IsString({ message: '$property must be text' })
  @Matches(UNIT_CODE_PATTERN, { message: UNIT_CODE_MESSAGE })
  unitCode!: string;

  @ApiProperty({
    enum: RECIPIENT_ROLES,
    example: 'implement',
    description: 'Nơi nhận: implements the plan (gets a task), is reported to, or is informed',
  })
  @oneOf(RECIPIENT_ROLES)
  role!: RecipientRole;
}

const EscalationDays = () =>
  applyDecorators(
    IsInt({ message: '$property must be a whole number of days' }),
    Min(0, { message: '$property must be 0 or more' }),
    Max(MAX_ESCALATION_DAYS, { message: `$property must be at most ${MAX_ESCALATION_DAYS} days` }),
  );

export class EscalationDto implements Escalation {
  @ApiProperty({
    example: 0,
    minimum: 0,
    maximum: MAX_ESCALATION_DAYS,
    description: 'Days after a missed deadline at which the unit is told',
  })
  @EscalationDays()
  unit!: number;

  @ApiProperty({ example: 3, minimum: 0, maximum: MAX_ESCALATION_DAYS, description: '…its head' })
  @EscalationDays()
  head!: number;

  @ApiProperty({ example: 7, minimum: 0, maximum: MAX_ESCALATION_DAYS, description: '…the issuing board' })
  @EscalationDays()
  board!: number;
}

export class CreatePlanDto implements PlanDraft {
  @ApiProperty({
    example: '119/KH-UBND',
    description: 'Số/ký hiệu; "/KH-UBND" (no number yet) is accepted for a plan not yet numbered, with a warning',
  })
  @NormalizedText()
  @IsString({ message: '$property must be text' })
  @MaxLength(50, { message: '$property must be at most 50 characters' })
  @Matches(NUMBER_SYMBOL, { message: '$property must look like "119/KH-UBND" (number, "/", symbol), or "/KH-UBND" while it has no number' })
  numberSymbol!: string;

  @ApiProperty({ example: 'Hà Tĩnh', description: 'Địa danh, as in "Hà Tĩnh, ngày 27 tháng 4 năm 2022"' })
  @Text(100)
  place!: string;

  @ApiProperty({ example: '2022-04-27', description: `Ngày ban hành; the units and rules in force on this day apply; ${PLAN_YEARS}` })
  @IsPlanDate()
  issuedOn!: string;

  @ApiProperty({ example: 'TINH', description: 'Code of the issuing unit' })
  @IsString({ message: '$property must be text' })
  @Matches(UNIT_CODE_PATTERN, { message: UNIT_CODE_MESSAGE })
  issuingUnit!: string;

  @ApiProperty({ type: () => SignerDto })
  @Nested(() => SignerDto)
  signer!: SignerDto;

  @ApiProperty({ example: 'Phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2022' })
  @Text(1000)
  title!: string;

  @ApiProperty({ example: 'Toàn dân bảo vệ an ninh Tổ quốc', description: 'Phong trào thi đua; a derived plan carries its parent’s' })
  @Text(500)
  movement!: string;

  @ApiProperty({ enum: PLAN_KINDS, example: 'thematic', description: 'thường xuyên (regular) or chuyên đề (thematic)' })
  @oneOf(PLAN_KINDS)
  kind!: PlanKind;

  @ApiProperty({
    type: () => [PlanBasisDto],
    example: [{ kind: 'other', numberSymbol: '15/2003/QH11', issuer: 'Quốc hội' }],
    description: 'Căn cứ; may be empty (a warning)',
  })
  @Nested(() => PlanBasisDto, { each: true, max: 50 })
  bases!: PlanBasisDto[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'For a derived plan: the plan it implements (POST /plans/{id}/units/{unit}/derived-draft pre-fills one)',
  })
  @OptionalButNotNull()
  @IsUUID(undefined, { message: '$property must be the id (UUID) of a plan in this system' })
  parentPlanId?: string;

  @ApiProperty({ type: () => TimeFrameDto })
  @Nested(() => TimeFrameDto)
  timeFrame!: TimeFrameDto;

  @ApiProperty({
    type: () => [PhaseDto],
    example: [
      { name: 'Đợt 1', endsOn: '2022-05-19' },
      { name: 'Đợt 2', endsOn: '2022-12-31' },
    ],
  })
  @Nested(() => PhaseDto, { each: true, max: 50 })
  phases!: PhaseDto[];

  @ApiProperty({ type: () => MilestonesDto })
  @Nested(() => MilestonesDto)
  milestones!: MilestonesDto;

  @ApiProperty({
    type: () => [TargetDto],
    example: [{ metric: 'hoàn thành tốt nhiệm vụ', comparator: '>=', value: 100, unit: 'percent', population: 'CBCCVC' }],
  })
  @Nested(() => TargetDto, { each: true, max: 100 })
  targets!: TargetDto[];

  @ApiProperty({
    type: () => [QuotaDto],
    example: [
      { award: 'BANG_KHEN_TINH', recipientKind: 'collective', count: 5 },
      { award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 10 },
    ],
  })
  @Nested(() => QuotaDto, { each: true, max: 100 })
  quotas!: QuotaDto[];

  @ApiProperty({
    type: () => [RecipientDto],
    example: [
      { unitCode: 'SNGV', role: 'implement' },
      { unitCode: 'SGDDT', role: 'implement' },
      { unitCode: 'STTTT', role: 'implement' },
      { unitCode: 'SNV', role: 'for-information' },
    ],
  })
  @Nested(() => RecipientDto, { each: true, min: 1, max: 2000 })
  recipients!: RecipientDto[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'integer', minimum: 1, maximum: MAX_REMINDER_DAYS },
    maxItems: MAX_REMINDERS,
    example: [7, 1],
    description: 'Days before each deadline at which units are reminded; default [7, 1]',
  })
  @OptionalButNotNull()
  @IsArray({ message: '$property must be a list' })
  @ArrayMaxSize(MAX_REMINDERS, { message: `$property must have at most ${MAX_REMINDERS} items` })
  @IsInt({ each: true, message: '$property must list whole numbers of days' })
  @Min(1, { each: true, message: '$property must list days of at least 1' })
  @Max(MAX_REMINDER_DAYS, { each: true, message: `$property must list days of at most ${MAX_REMINDER_DAYS}` })
  reminders?: number[];

  @ApiPropertyOptional({ type: () => EscalationDto, description: 'Days after a missed deadline; default { unit: 0, head: 3, board: 7 }' })
  @OptionalButNotNull()
  @Nested(() => EscalationDto)
  escalation?: EscalationDto;
}
