import { formatDate, isCalendarDate, startOfVietnamDay } from '../calendar.js';
import { deadlineInstant, formatDeadline } from '../deadline.js';
import { AWARDS, conferringLevel, isAwardCode, LEVEL_LABEL, levelRank, recipientsLabel, type RuleSet } from '../awards.js';
import { scheduleSettingsProblems } from '../deadline-schedule.js';
import {
  isWithinPlanYears,
  isWithinTimeFrame,
  MAX_PHASE_NAME_LENGTH,
  MAX_QUOTA_COUNT,
  MAX_TARGET_COUNT,
  MAX_TIME_FRAME_DAYS,
  PLAN_DATE_MAX,
  PLAN_DATE_MIN,
  timeFrameDays,
} from '../limits.js';
import { isWithin, type UnitHierarchy } from '../unit-hierarchy.js';
import { isObject, isText } from '../values.js';

import {
  amendedDraft,
  escalationOf,
  isValidDeadline,
  milestoneEntries,
  remindersOf,
  type MilestoneEntry,
  type Phase,
  type PlanAmendment,
  type PlanDraft,
  type Target,
} from './draft.js';

/** A plan checked against the units and the rules in force on its issue date: every problem names its field. */
export type Severity = 'error' | 'warning';
/** `field` is a path into the draft, e.g. "phases[1].endsOn"; `code` is stable for clients. */
export interface PlanProblem {
  severity: Severity;
  field: string;
  code: string;
  message: string;
}

/** Units as they stood on the plan's issue date, and the rules in force then. */
export interface PlanContext {
  units: UnitHierarchy;
  ruleSet: RuleSet;
}

export const errorsOf = (problems: readonly PlanProblem[]) => problems.filter((p) => p.severity === 'error');
export const warningsOf = (problems: readonly PlanProblem[]) => problems.filter((p) => p.severity === 'warning');

const COMPARATOR_TEXT: Record<Target['comparator'], string> = { '>=': 'at least', '<=': 'at most', '=': 'exactly' };
const NUMBER_SYMBOL = /^\d+\/\S+$/;

type Report = (field: string, code: string, message: string) => void;

/** Every problem with a draft, errors and warnings, each naming its field. Empty means valid. */
export function validatePlan(draft: PlanDraft, context: PlanContext): PlanProblem[] {
  return problemsOf(draft, context);
}

/**
 * The checks that need neither the unit hierarchy nor the rule set: dates and their bounds, deadlines, targets,
 * quotas and timers. The plan's decider runs them on every amendment, so that its workflow never records a plan
 * that validatePlan would refuse, whatever reaches it.
 */
export const contentProblems = (draft: PlanDraft): PlanProblem[] => problemsOf(draft, undefined);

/** The errors an amendment brings into the fields it changes (contentProblems of the amended draft). */
export function amendmentErrors(draft: PlanDraft, changes: PlanAmendment): PlanProblem[] {
  const changed = Object.keys(changes);
  return errorsOf(contentProblems(amendedDraft(draft, changes))).filter((p) =>
    changed.some((key) => p.field === key || p.field.startsWith(`${key}[`) || p.field.startsWith(`${key}.`)),
  );
}

function problemsOf(draft: PlanDraft, context: PlanContext | undefined): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const error: Report = (field, code, message) => problems.push({ severity: 'error', field, code, message });
  const warn: Report = (field, code, message) => problems.push({ severity: 'warning', field, code, message });

  checkHeader(draft, context, error, warn);
  const frameOk = checkTimeFrameAndPhases(draft, error, warn);
  checkMilestones(draft, context, frameOk, error, warn);
  checkTargets(draft, context, error, warn);
  checkQuotas(draft, context, error);
  if (context) checkRecipients(draft, context, error);
  for (const { field, message } of scheduleSettingsProblems(remindersOf(draft), escalationOf(draft))) error(field, 'SCHEDULE', message);
  return problems;
}

function checkDate(field: string, value: string | undefined, error: Report): value is string {
  if (isCalendarDate(value)) return true;
  error(field, 'INVALID_DATE', `${field} ("${value ?? ''}") must be a calendar date in the form yyyy-mm-dd`);
  return false;
}

/** A date the plan runs on: its timers must be instants the system can hold (limits.ts). */
function checkPlanDate(field: string, value: string | undefined, error: Report): value is string {
  if (!checkDate(field, value, error)) return false;
  if (isWithinPlanYears(value)) return true;
  error(
    field,
    'DATE_OUT_OF_RANGE',
    `${field} (${formatDate(value)}) must fall between ${formatDate(PLAN_DATE_MIN)} and ${formatDate(PLAN_DATE_MAX)}`,
  );
  return false;
}

function checkHeader(draft: PlanDraft, context: PlanContext | undefined, error: Report, warn: Report): void {
  if (!NUMBER_SYMBOL.test(draft.numberSymbol ?? '')) {
    error(
      'numberSymbol',
      'NUMBER_SYMBOL',
      `numberSymbol ("${draft.numberSymbol ?? ''}") must be the plan's number and symbol, e.g. 119/KH-UBND`,
    );
  }
  const required: [string, string | undefined][] = [
    ['place', draft.place],
    ['title', draft.title],
    ['movement', draft.movement],
    ['signer.name', draft.signer?.name],
    ['signer.title', draft.signer?.title],
  ];
  for (const [field, value] of required)
    if (!isText(value)) error(field, 'REQUIRED', `${field} is empty; fill it in as it appears on the signed document`);
  if (draft.kind !== 'regular' && draft.kind !== 'thematic')
    error('kind', 'PLAN_KIND', `kind ("${draft.kind}") must be "regular" (thường xuyên) or "thematic" (chuyên đề)`);
  checkPlanDate('issuedOn', draft.issuedOn, error);
  if (context && !context.units.units.has(draft.issuingUnit)) {
    error(
      'issuingUnit',
      'UNKNOWN_UNIT',
      `issuingUnit ${draft.issuingUnit} did not exist on ${formatDate(context.units.asOf)}; choose a unit in force on the issue date`,
    );
  }

  if (draft.bases.length === 0)
    warn(
      'bases',
      'NO_BASIS',
      'bases is empty; a plan normally cites the plan or directive it implements (căn cứ, "Thực hiện Kế hoạch số …")',
    );
  draft.bases.forEach((basis, i) => {
    if (!basis.numberSymbol?.trim())
      error(`bases[${i}].numberSymbol`, 'REQUIRED', `bases[${i}].numberSymbol is empty; give the cited document's number and symbol`);
    if (basis.issuedOn === undefined || !checkDate(`bases[${i}].issuedOn`, basis.issuedOn, error) || !isCalendarDate(draft.issuedOn))
      return;
    if (basis.issuedOn > draft.issuedOn) {
      error(
        `bases[${i}].issuedOn`,
        'BASIS_AFTER_PLAN',
        `bases[${i}] (${basis.numberSymbol}) is dated ${formatDate(basis.issuedOn)}, after this plan (${formatDate(draft.issuedOn)}); a plan can only cite earlier documents`,
      );
    }
  });
  if (draft.parentPlanId !== undefined && !draft.bases.some((b) => b.kind === 'plan' && b.planId === draft.parentPlanId)) {
    error(
      'bases',
      'MISSING_PARENT_BASIS',
      `bases must cite the parent plan (a 'plan' basis with planId ${draft.parentPlanId}), as in "Thực hiện Kế hoạch số …"`,
    );
  }
}

/** Returns whether the time frame is usable for the checks that depend on it. */
function checkTimeFrameAndPhases(draft: PlanDraft, error: Report, warn: Report): boolean {
  const { from, to } = draft.timeFrame;
  const datesOk = checkPlanDate('timeFrame.from', from, error) && checkPlanDate('timeFrame.to', to, error);
  const frameOk = datesOk && from <= to;
  if (datesOk && !frameOk)
    error(
      'timeFrame',
      'TIME_FRAME_ORDER',
      `timeFrame.from (${formatDate(from)}) is after timeFrame.to (${formatDate(to)}); swap or correct them`,
    );
  if (frameOk && timeFrameDays(draft.timeFrame) > MAX_TIME_FRAME_DAYS) {
    error(
      'timeFrame',
      'TIME_FRAME_TOO_LONG',
      `timeFrame (${formatDate(from)} – ${formatDate(to)}) lasts ${timeFrameDays(draft.timeFrame)} days; a plan runs for at most ${MAX_TIME_FRAME_DAYS} days (five years)`,
    );
  }
  if (frameOk && isCalendarDate(draft.issuedOn) && draft.issuedOn > to) {
    warn(
      'issuedOn',
      'ISSUED_AFTER_TIME_FRAME',
      `issuedOn (${formatDate(draft.issuedOn)}) is after the time frame ends (${formatDate(to)}); check the dates`,
    );
  }

  const names = new Set<string>();
  let previous: Phase | undefined;
  draft.phases.forEach((phase, i) => {
    if (!isText(phase.name)) error(`phases[${i}].name`, 'REQUIRED', `phases[${i}].name is empty; name the phase, e.g. "Đợt 1"`);
    else if (phase.name.length > MAX_PHASE_NAME_LENGTH)
      error(`phases[${i}].name`, 'PHASE_NAME_TOO_LONG', `phases[${i}].name must be at most ${MAX_PHASE_NAME_LENGTH} characters`);
    else if (names.has(phase.name))
      error(
        `phases[${i}].name`,
        'DUPLICATE_PHASE',
        `phases[${i}].name ("${phase.name}") is used by an earlier phase; phase names must be unique`,
      );
    names.add(phase.name);
    if (!checkPlanDate(`phases[${i}].endsOn`, phase.endsOn, error)) return;
    const field = `phases[${i}].endsOn`;
    if (previous && phase.endsOn <= previous.endsOn) {
      error(
        field,
        'PHASE_ORDER',
        `${field} (${phase.name}, ${formatDate(phase.endsOn)}) must be after the previous phase ends (${previous.name}, ${formatDate(previous.endsOn)}); list phases in order`,
      );
    }
    if (frameOk && phase.endsOn < from) {
      error(
        field,
        'PHASE_BEFORE_TIME_FRAME',
        `${field} (${phase.name}, ${formatDate(phase.endsOn)}) is before the time frame starts (${formatDate(from)})`,
      );
    } else if (frameOk && phase.endsOn > to) {
      error(
        field,
        'PHASE_AFTER_TIME_FRAME',
        `${field} (${phase.name}, ${formatDate(phase.endsOn)}) is after the time frame ends (${formatDate(to)})`,
      );
    }
    previous = phase;
  });
  return frameOk;
}

function checkMilestones(draft: PlanDraft, context: PlanContext | undefined, frameOk: boolean, error: Report, warn: Report): void {
  const { from, to } = draft.timeFrame;
  const phaseNames = draft.phases.map((p) => p.name);
  const reviewed = new Set<string>();
  draft.milestones.interimReviews.forEach(({ phase }, i) => {
    const field = `milestones.interimReviews[${i}].phase`;
    if (!phaseNames.includes(phase)) {
      error(field, 'UNKNOWN_PHASE', `${field} ("${phase}") is not one of the plan's phases (${phaseNames.join(', ') || 'none'})`);
    } else if (reviewed.has(phase)) {
      error(field, 'DUPLICATE_INTERIM_REVIEW', `${field}: ${phase} already has an interim review deadline; keep one per phase`);
    }
    reviewed.add(phase);
  });

  const valid: MilestoneEntry[] = [];
  for (const entry of milestoneEntries(draft.milestones)) {
    if (!isValidDeadline(entry.deadline)) {
      error(
        entry.field,
        'INVALID_DEADLINE',
        `${entry.field} must have a date (yyyy-mm-dd) and a rule: "before" (trước ngày), "end-of-day" (hết ngày), or "at" with a time HH:mm (trước … giờ ngày)`,
      );
      continue;
    }
    if (!isWithinPlanYears(entry.deadline.date)) {
      error(
        entry.field,
        'DATE_OUT_OF_RANGE',
        `${entry.field} (${formatDate(entry.deadline.date)}) must fall between ${formatDate(PLAN_DATE_MIN)} and ${formatDate(PLAN_DATE_MAX)}`,
      );
      continue;
    }
    valid.push(entry);
    const at = deadlineInstant(entry.deadline).getTime();
    const shown = formatDeadline(entry.deadline);
    if (frameOk && !isWithinTimeFrame(new Date(at), draft.timeFrame)) {
      error(
        entry.field,
        'MILESTONE_OUTSIDE_TIME_FRAME',
        `${entry.field} (${shown}) falls outside the time frame (${formatDate(from)} – ${formatDate(to)})`,
      );
    }
    if (isCalendarDate(draft.issuedOn) && at <= startOfVietnamDay(draft.issuedOn).getTime()) {
      error(
        entry.field,
        'MILESTONE_BEFORE_ISSUE',
        `${entry.field} (${shown}) closes before the plan is issued (${formatDate(draft.issuedOn)}); no unit could meet it`,
      );
    }
  }

  // Units register before they are reviewed, and interim reviews come before the final one.
  const registration = valid.find((e) => e.key === 'registration');
  const finalReview = valid.find((e) => e.key === 'finalReview');
  const interim = valid.filter((e) => e.key.startsWith('interim:'));
  const after = (a: MilestoneEntry, b: MilestoneEntry) => deadlineInstant(a.deadline).getTime() > deadlineInstant(b.deadline).getTime();
  for (const review of [...interim, ...(finalReview ? [finalReview] : [])]) {
    if (registration && after(registration, review)) {
      error(
        registration.field,
        'MILESTONE_ORDER',
        `${registration.field} (${formatDeadline(registration.deadline)}) falls after the ${review.label} (${formatDeadline(review.deadline)}); units register before they are reviewed`,
      );
    }
  }
  for (const review of interim) {
    if (finalReview && after(review, finalReview)) {
      error(
        review.field,
        'MILESTONE_ORDER',
        `${review.field} (${formatDeadline(review.deadline)}) falls after the final review deadline (${formatDeadline(finalReview.deadline)})`,
      );
    }
  }

  const ruleSet = context?.ruleSet;
  if (ruleSet?.registrationIsBasisForTitles && !draft.milestones.registration) {
    warn(
      'milestones.registration',
      'REGISTRATION_MISSING',
      `milestones.registration is missing; under rule set ${ruleSet.id} (${ruleSet.basis}) registering is a basis for emulation titles`,
    );
  }
}

function checkTargets(draft: PlanDraft, context: PlanContext | undefined, error: Report, warn: Report): void {
  if (!Array.isArray(draft.targets)) {
    error('targets', 'NOT_A_LIST', 'targets must be a list');
    return;
  }
  draft.targets.forEach((target, i) => {
    const field = `targets[${i}]`;
    if (!isObject(target)) {
      error(field, 'NOT_AN_OBJECT', `${field} must be an object`);
      return;
    }
    if (!isText(target.metric)) error(`${field}.metric`, 'REQUIRED', `${field}.metric is empty; say what is measured`);
    if (!isText(target.population))
      error(`${field}.population`, 'REQUIRED', `${field}.population is empty; say whom it is measured over, e.g. CBCCVC`);
    if (!Object.hasOwn(COMPARATOR_TEXT, target.comparator)) {
      error(`${field}.comparator`, 'TARGET_COMPARATOR', `${field}.comparator ("${target.comparator}") must be ">=", "<=" or "="`);
      return;
    }
    if (target.unit === 'percent') {
      if (!Number.isFinite(target.value) || target.value < 0 || target.value > 100) {
        error(`${field}.value`, 'TARGET_PERCENT_RANGE', `${field}.value (${target.value}%) must be a percentage between 0 and 100`);
        return;
      }
    } else if (target.unit === 'count') {
      if (!Number.isInteger(target.value) || target.value < 0 || target.value > MAX_TARGET_COUNT) {
        error(`${field}.value`, 'TARGET_COUNT', `${field}.value (${target.value}) must be a whole number from 0 to ${MAX_TARGET_COUNT}`);
      }
      return;
    } else {
      error(`${field}.unit`, 'TARGET_UNIT', `${field}.unit must be "percent" or "count"`);
      return;
    }
    // A target that requires a share of staff to hold a capped award collides with the cap: the
    // cap's denominator (e.g. LĐTT) is at most the whole population, so "≥ 15% of staff" already
    // needs "≥ 15% of LĐTT". Flagged, not refused: the plan's population may be narrower.
    const ruleSet = context?.ruleSet;
    for (const cap of ruleSet?.caps ?? []) {
      if (target.metric !== cap.award || target.comparator === '<=' || target.value < cap.maxPercent) continue;
      const capped = AWARDS[cap.award].name;
      warn(
        field,
        'TARGET_AT_CAP',
        `${field} (${COMPARATOR_TEXT[target.comparator]} ${target.value}% ${capped} among ${target.population}) is ${target.value === cap.maxPercent ? 'at' : 'above'} the cap of rule set ${ruleSet?.id ?? ''}: ${cap.source} allows ${capped} for at most ${cap.maxPercent}% of those recognised as ${AWARDS[cap.ofAward].name}; lower the target or measure it against ${AWARDS[cap.ofAward].name}`,
      );
    }
  });
}

function checkQuotas(draft: PlanDraft, context: PlanContext | undefined, error: Report): void {
  if (!Array.isArray(draft.quotas)) {
    error('quotas', 'NOT_A_LIST', 'quotas must be a list');
    return;
  }
  const issuer = context?.units.units.get(draft.issuingUnit);
  const seen = new Set<string>();
  draft.quotas.forEach((quota, i) => {
    const field = `quotas[${i}]`;
    if (!isObject(quota)) {
      error(field, 'NOT_AN_OBJECT', `${field} must be an object`);
      return;
    }
    if (!isAwardCode(quota.award)) {
      error(`${field}.award`, 'UNKNOWN_AWARD', `${field}.award ("${quota.award}") is not a known award`);
      return;
    }
    const award = AWARDS[quota.award];
    if (!(award.recipients as readonly string[]).includes(quota.recipientKind)) {
      error(
        `${field}.recipientKind`,
        'AWARD_RECIPIENT_KIND',
        `${field}: ${award.name} is awarded to ${award.recipients.map(recipientsLabel).join(' and ')} only, not ${quota.recipientKind === 'collective' ? 'collectives' : 'individuals'}`,
      );
    }
    if (!Number.isInteger(quota.count) || quota.count < 1 || quota.count > MAX_QUOTA_COUNT) {
      error(
        `${field}.count`,
        'QUOTA_COUNT',
        `${field}.count (${quota.count}) must be a whole number from 1 to ${MAX_QUOTA_COUNT}; remove the quota instead of setting 0`,
      );
    }
    const key = `${quota.award}/${quota.recipientKind}`;
    if (seen.has(key))
      error(
        field,
        'DUPLICATE_QUOTA',
        `${field} repeats the quota for ${award.name} (${recipientsLabel(quota.recipientKind)}); merge them into one`,
      );
    seen.add(key);
    // An issuer sets quotas for what it confers and for what it proposes upward; what a lower level
    // confers belongs in that level's own (derived) plans.
    if (!context || !issuer) return;
    const level = conferringLevel(quota.award, context.ruleSet);
    if (levelRank(level) < levelRank(issuer.kind)) {
      error(
        `${field}.award`,
        'AWARD_BELOW_ISSUER_LEVEL',
        `${field}: ${award.name} is conferred by ${LEVEL_LABEL[level]}, below ${issuer.code} (${issuer.name}); set this quota in the derived plans of the units that confer it`,
      );
    }
  });
}

function checkRecipients(draft: PlanDraft, { units }: PlanContext, error: Report): void {
  const seen = new Set<string>();
  const issuer = units.units.get(draft.issuingUnit);
  draft.recipients.forEach(({ unitCode, role }, i) => {
    const field = `recipients[${i}]`;
    if (seen.has(unitCode)) error(field, 'DUPLICATE_RECIPIENT', `${field}: ${unitCode} is already a recipient; list each unit once`);
    seen.add(unitCode);
    if (!['implement', 'report-to', 'for-information'].includes(role)) {
      error(`${field}.role`, 'RECIPIENT_ROLE', `${field}.role ("${role}") must be "implement", "report-to" or "for-information"`);
    }
    if (!units.units.has(unitCode)) {
      error(field, 'UNKNOWN_UNIT', `${field}: unit ${unitCode} did not exist on ${formatDate(units.asOf)}`);
      return;
    }
    if (unitCode === draft.issuingUnit) {
      error(field, 'ISSUER_IS_RECIPIENT', `${field}: ${unitCode} issues this plan and cannot also be one of its recipients`);
      return;
    }
    // Only units below the issuer can be told to implement its plan; boards and sister departments
    // appear in "Nơi nhận" to be reported to or informed.
    if (issuer && role === 'implement' && !isWithin(units, unitCode, issuer.code)) {
      error(
        field,
        'OUTSIDE_SCOPE',
        `${field}: ${unitCode} is not a unit under ${issuer.code} (${issuer.name}) on ${formatDate(units.asOf)}, so it cannot implement this plan; make it "report-to" or "for-information"`,
      );
    }
  });
}
