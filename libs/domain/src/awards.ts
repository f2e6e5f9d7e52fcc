import { formatDate, isCalendarDate } from './calendar.js';
import { DomainError } from './errors.js';
import type { UnitKind } from './units.js';

/**
 * Emulation titles (danh hiệu thi đua) and forms of commendation (hình thức khen thưởng), and who may
 * confer them. Names are the Vietnamese ones users see; codes are what the code and the events use.
 */
export type AwardKind = 'title' | 'form';
export type RecipientKind = 'individual' | 'collective';

export interface Award {
  code: AwardCode;
  name: string;
  kind: AwardKind;
  recipients: readonly RecipientKind[];
}

const INDIVIDUAL = ['individual'] as const;
const COLLECTIVE = ['collective'] as const;
const BOTH = ['individual', 'collective'] as const;

export const AWARDS = {
  LDTT: { code: 'LDTT', name: 'Lao động tiên tiến', kind: 'title', recipients: INDIVIDUAL },
  CSTDCS: { code: 'CSTDCS', name: 'Chiến sĩ thi đua cơ sở', kind: 'title', recipients: INDIVIDUAL },
  TLDTT: { code: 'TLDTT', name: 'Tập thể lao động tiên tiến', kind: 'title', recipients: COLLECTIVE },
  TLDXS: { code: 'TLDXS', name: 'Tập thể lao động xuất sắc', kind: 'title', recipients: COLLECTIVE },
  GIAY_KHEN: { code: 'GIAY_KHEN', name: 'Giấy khen', kind: 'form', recipients: BOTH },
  BANG_KHEN_TINH: { code: 'BANG_KHEN_TINH', name: 'Bằng khen của Chủ tịch UBND tỉnh', kind: 'form', recipients: BOTH },
  CSTD_TINH: { code: 'CSTD_TINH', name: 'Chiến sĩ thi đua cấp tỉnh', kind: 'title', recipients: INDIVIDUAL },
  CO_THI_DUA_TINH: { code: 'CO_THI_DUA_TINH', name: 'Cờ thi đua của UBND tỉnh', kind: 'title', recipients: COLLECTIVE },
  BANG_KHEN_TTG: { code: 'BANG_KHEN_TTG', name: 'Bằng khen của Thủ tướng Chính phủ', kind: 'form', recipients: BOTH },
  CSTD_TOAN_QUOC: { code: 'CSTD_TOAN_QUOC', name: 'Chiến sĩ thi đua toàn quốc', kind: 'title', recipients: INDIVIDUAL },
  CO_THI_DUA_CP: { code: 'CO_THI_DUA_CP', name: 'Cờ thi đua của Chính phủ', kind: 'title', recipients: COLLECTIVE },
  HUAN_CHUONG_LD_3: { code: 'HUAN_CHUONG_LD_3', name: 'Huân chương Lao động hạng Ba', kind: 'form', recipients: BOTH },
  HUAN_CHUONG_LD_2: { code: 'HUAN_CHUONG_LD_2', name: 'Huân chương Lao động hạng Nhì', kind: 'form', recipients: BOTH },
  HUAN_CHUONG_LD_1: { code: 'HUAN_CHUONG_LD_1', name: 'Huân chương Lao động hạng Nhất', kind: 'form', recipients: BOTH },
} as const satisfies Record<string, Omit<Award, 'code'> & { code: string }>;

export type AwardCode = keyof typeof AWARDS;
export const AWARD_CODES = Object.keys(AWARDS) as AwardCode[];

export const isAwardCode = (value: unknown): value is AwardCode => typeof value === 'string' && Object.hasOwn(AWARDS, value);

export function awardOf(code: string): Award {
  if (!isAwardCode(code)) throw new DomainError('UNKNOWN_AWARD', `"${code}" is not a known award; use one of ${AWARD_CODES.join(', ')}`);
  return AWARDS[code];
}

/** "individuals" / "collectives", for messages. */
export const recipientsLabel = (kind: RecipientKind) => (kind === 'individual' ? 'individuals' : 'collectives');

/**
 * Who confers an award: one of the system's unit kinds, or 'central' for the Prime Minister and the
 * President, which are above every unit the system knows; those nominations are forwarded upward.
 */
export type ConferringLevel = UnitKind | 'central';
const LEVEL_RANK: Record<ConferringLevel, number> = { division: 0, department: 1, board: 2, central: 3 };
export const levelRank = (level: ConferringLevel) => LEVEL_RANK[level];

export const LEVEL_LABEL: Record<ConferringLevel, string> = {
  division: 'a division',
  department: 'a department director (Giám đốc Sở)',
  board: 'the province (Chủ tịch UBND tỉnh)',
  central: 'the central level (Thủ tướng Chính phủ, Chủ tịch nước)',
};

/** A cap on one award as a share of another, e.g. CSTĐCS at most 15% of LĐTT. */
export interface AwardCap {
  award: AwardCode;
  ofAward: AwardCode;
  maxPercent: number;
  source: string;
}

export type RuleSetId = '2017' | '2024' | '2025';

export interface RuleSet {
  id: RuleSetId;
  basis: string;
  validFrom: string;
  /** Exclusive; absent = still in force. */
  validTo?: string;
  /** Before the 2022 law, registering (đăng ký thi đua) was a basis for titles; since 2024 it is a plan option (R25). */
  registrationIsBasisForTitles: boolean;
  /** Which unit kind confers which award; an award no unit kind confers is conferred centrally. */
  authority: Readonly<Record<UnitKind, readonly AwardCode[]>>;
  caps: readonly AwardCap[];
}

/**
 * For the units this system has, the three regimes give the same powers: a Sở director confers
 * LĐTT, CSTĐCS, TLĐTT and Giấy khen (Luật 2022 Đ80 k1, as before it), the province chairman the
 * provincial titles and Bằng khen. What changed on 1/7/2025 (R12) is the commune chairman's power,
 * and communes are not a unit kind here yet. The matrix is still per rule set so a change is data.
 */
const PROVINCIAL_AUTHORITY: RuleSet['authority'] = {
  division: [],
  department: ['LDTT', 'CSTDCS', 'TLDTT', 'GIAY_KHEN'],
  board: ['TLDXS', 'BANG_KHEN_TINH', 'CSTD_TINH', 'CO_THI_DUA_TINH'],
};

export const RULE_SETS: readonly RuleSet[] = [
  {
    id: '2017',
    basis: 'Luật Thi đua, khen thưởng 2003 (sửa đổi), Nghị định 91/2017/NĐ-CP',
    validFrom: '2017-10-01', // NĐ 91/2017 took effect on 1/10/2017
    validTo: '2024-01-01',
    registrationIsBasisForTitles: true,
    authority: PROVINCIAL_AUTHORITY,
    caps: [{ award: 'CSTDCS', ofAward: 'LDTT', maxPercent: 15, source: 'Nghị định 91/2017/NĐ-CP Điều 9 khoản 3' }],
  },
  {
    id: '2024',
    basis: 'Luật Thi đua, khen thưởng 06/2022/QH15, Nghị định 98/2023/NĐ-CP',
    validFrom: '2024-01-01',
    validTo: '2025-07-01',
    registrationIsBasisForTitles: false,
    authority: PROVINCIAL_AUTHORITY,
    caps: [],
  },
  {
    id: '2025',
    basis: 'Luật Thi đua, khen thưởng 06/2022/QH15, Nghị định 152/2025/NĐ-CP',
    validFrom: '2025-07-01',
    registrationIsBasisForTitles: false,
    authority: PROVINCIAL_AUTHORITY,
    caps: [],
  },
];

/** The rules in force on a Vietnamese calendar date (yyyy-mm-dd). */
export function ruleSetOn(date: string): RuleSet {
  if (!isCalendarDate(date)) throw new DomainError('INVALID_DATE', `"${date}" is not a date in the form yyyy-mm-dd`);
  const found = RULE_SETS.find((rules) => rules.validFrom <= date && (rules.validTo === undefined || date < rules.validTo));
  if (!found) {
    throw new DomainError(
      'NO_RULE_SET',
      `No emulation rules are known for ${formatDate(date)}; the earliest rule set starts on ${formatDate(RULE_SETS[0].validFrom)}`,
    );
  }
  return found;
}

/** Callers may pass either a date or a rule set they already resolved (e.g. the plan's). */
const rulesFor = (on: string | RuleSet): RuleSet => (typeof on === 'string' ? ruleSetOn(on) : on);

export function canConfer(unitKind: UnitKind, award: AwardCode, on: string | RuleSet): boolean {
  return rulesFor(on).authority[unitKind].includes(award);
}

/** The lowest level that confers the award; 'central' when no unit of this system does. */
export function conferringLevel(award: AwardCode, on: string | RuleSet): ConferringLevel {
  const rules = rulesFor(on);
  const kinds = (['division', 'department', 'board'] as const).filter((kind) => rules.authority[kind].includes(award));
  return kinds[0] ?? 'central';
}
