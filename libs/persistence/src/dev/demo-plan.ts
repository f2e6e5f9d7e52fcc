import { vietnamDateOf, type PlanDraft } from '#domain';

const DAY_MS = 24 * 60 * 60 * 1000;
const dateAfter = (today: Date, days: number) => vietnamDateOf(new Date(today.getTime() + days * DAY_MS));

/**
 * KH 119/KH-UBND as the demo's draft, in the shape of the 2022 plan but dated around `today`: registration a week
 * from now ("trước ngày …"), an interim review after Đợt 1, nominations, then the final review at the end. The start
 * command creates it through the API; the tests start from it and change what they exercise.
 */
export function demoPlan(today: Date = new Date()): PlanDraft {
  return {
    numberSymbol: '119/KH-UBND',
    place: 'Hà Tĩnh',
    issuedOn: dateAfter(today, 0),
    issuingUnit: 'TINH',
    signer: { name: 'Nguyễn Văn An', title: 'KT. Chủ tịch, Phó Chủ tịch' },
    title: 'Phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc”',
    movement: 'Toàn dân bảo vệ an ninh Tổ quốc',
    kind: 'thematic',
    bases: [{ kind: 'other', numberSymbol: '06/2022/QH15', issuedOn: '2022-06-15', issuer: 'Quốc hội' }],
    timeFrame: { from: dateAfter(today, 0), to: dateAfter(today, 240) },
    phases: [
      { name: 'Đợt 1', endsOn: dateAfter(today, 30) },
      { name: 'Đợt 2', endsOn: dateAfter(today, 240) },
    ],
    milestones: {
      registration: { date: dateAfter(today, 8), rule: 'before' },
      interimReviews: [{ phase: 'Đợt 1', deadline: { date: dateAfter(today, 36), rule: 'end-of-day' } }],
      nomination: { date: dateAfter(today, 215), rule: 'end-of-day' },
      finalReview: { date: dateAfter(today, 235), rule: 'end-of-day' },
    },
    targets: [{ metric: 'hoàn thành tốt nhiệm vụ', comparator: '>=', value: 100, unit: 'percent', population: 'CBCCVC' }],
    quotas: [
      { award: 'BANG_KHEN_TINH', recipientKind: 'collective', count: 3 },
      { award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 5 },
    ],
    recipients: [
      { unitCode: 'SNGV', role: 'implement' },
      { unitCode: 'SGDDT', role: 'implement' },
      { unitCode: 'STTTT', role: 'implement' },
      { unitCode: 'SNV', role: 'for-information' },
    ],
  };
}
