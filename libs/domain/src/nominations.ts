import {
  AWARDS,
  canConfer,
  conferringLevel,
  isAwardCode,
  LEVEL_LABEL,
  levelRank,
  recipientsLabel,
  ruleSetOn,
  type AwardCode,
  type ConferringLevel,
  type RecipientKind,
  type RuleSet,
} from './awards.js';
import type { Quota } from './plan/draft.js';
import type { UnitKind } from './units.js';

/** Đề nghị khen thưởng: one collective or individual proposed for one award, with what they achieved. */
export interface Nomination {
  nomineeKind: RecipientKind;
  name: string;
  award: AwardCode;
  /** Tóm tắt thành tích. */
  achievement: string;
}

export interface NominationContext {
  /** The plan's quotas ("Giấy khen Giám đốc Sở: 02 tập thể; 02 cá nhân"). */
  quotas: readonly Quota[];
  /** Kind of the unit whose council reviews the batch (the plan's issuer). */
  issuerKind: UnitKind;
  /** Date of the review (yyyy-mm-dd), which picks the rules in force; or the rule set itself. */
  date: string | RuleSet;
  /** Counts already approved or nominated in earlier batches of this plan, per award and recipient kind. */
  alreadyApproved?: readonly Quota[];
}

export interface NominationError {
  code: string;
  message: string;
}

/**
 * What happens to each nomination: decided by the issuer's own council, forwarded upward (to the
 * parent unit, or by the province to the central level), or refused with reasons.
 */
export type NominationCheck =
  | { outcome: 'decide-here' }
  | { outcome: 'forward'; to: 'parent' | 'central'; conferredAt: ConferringLevel }
  | { outcome: 'error'; errors: NominationError[] };

const sameName = (a: string, b: string) => a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * One result per nomination, in the same order. Quotas ration only the awards decided here; awards
 * forwarded upward are rationed by the level that confers them. A plan without a quota for an award
 * sets no limit on it. Nominations are counted against a quota in the order given.
 */
export function checkNominations(nominations: readonly Nomination[], context: NominationContext): NominationCheck[] {
  const rules = typeof context.date === 'string' ? ruleSetOn(context.date) : context.date;
  const used = new Map<string, number>();
  for (const approved of context.alreadyApproved ?? []) {
    const key = `${approved.award}/${approved.recipientKind}`;
    used.set(key, (used.get(key) ?? 0) + approved.count);
  }

  return nominations.map((nomination, i): NominationCheck => {
    const errors: NominationError[] = [];
    const fail = (code: string, message: string) => errors.push({ code, message });
    const known = isAwardCode(nomination.award);
    const awardName = known ? AWARDS[nomination.award].name : nomination.award;
    const label = `Nomination ${i + 1} (${nomination.name?.trim() || 'no name'}, ${awardName}, ${nomination.nomineeKind})`;

    if (!nomination.name?.trim())
      fail('NAME_REQUIRED', `${label}: the nominee's name is empty; give the collective's or the person's full name`);
    if (!nomination.achievement?.trim())
      fail('ACHIEVEMENT_REQUIRED', `${label}: the achievement summary is empty; summarise what the nominee achieved (tóm tắt thành tích)`);
    if (nomination.nomineeKind !== 'individual' && nomination.nomineeKind !== 'collective') {
      fail('NOMINEE_KIND', `${label}: nomineeKind must be "individual" or "collective"`);
    }
    if (!known) {
      fail('UNKNOWN_AWARD', `${label}: "${nomination.award}" is not a known award`);
      return { outcome: 'error', errors };
    }
    const award = AWARDS[nomination.award];
    if (!(award.recipients as readonly string[]).includes(nomination.nomineeKind)) {
      fail('AWARD_RECIPIENT_KIND', `${label}: ${award.name} is awarded to ${award.recipients.map(recipientsLabel).join(' and ')} only`);
    }
    // One achievement, one award (Luật TĐKT Điều 5): the same nominee twice for the same award is a slip.
    const earlier = nominations.findIndex(
      (other, j) =>
        j < i &&
        other.award === nomination.award &&
        other.nomineeKind === nomination.nomineeKind &&
        !!other.name &&
        !!nomination.name &&
        sameName(other.name, nomination.name),
    );
    if (earlier >= 0)
      fail('DUPLICATE_NOMINATION', `${label} repeats nomination ${earlier + 1}; a nominee receives an award once for one achievement`);

    const level = conferringLevel(nomination.award, rules);
    const decidesHere = canConfer(context.issuerKind, nomination.award, rules);
    if (!decidesHere && levelRank(level) <= levelRank(context.issuerKind)) {
      fail(
        'AWARD_BELOW_ISSUER_LEVEL',
        `${label}: ${award.name} is conferred by ${LEVEL_LABEL[level]}, not at this level; the nominee's own unit decides it`,
      );
    }
    if (errors.length > 0) return { outcome: 'error', errors };

    if (!decidesHere) return { outcome: 'forward', to: context.issuerKind === 'board' ? 'central' : 'parent', conferredAt: level };

    const key = `${nomination.award}/${nomination.nomineeKind}`;
    const quota = context.quotas.find((q) => q.award === nomination.award && q.recipientKind === nomination.nomineeKind);
    const count = used.get(key) ?? 0;
    if (quota && count >= quota.count) {
      return {
        outcome: 'error',
        errors: [
          {
            code: 'QUOTA_EXCEEDED',
            message: `${label} exceeds the quota: the plan allots ${quota.count} ${recipientsLabel(nomination.nomineeKind)} for ${award.name} and ${count} ${count === 1 ? 'is' : 'are'} already nominated`,
          },
        ],
      };
    }
    used.set(key, count + 1);
    return { outcome: 'decide-here' };
  });
}
