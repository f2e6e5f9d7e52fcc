import { readFileSync } from 'node:fs';
import mammoth from 'mammoth';
import { deriveDraft, hierarchyAsOf } from '#domain';
import { SEED_UNIT_VERSIONS } from '../../../test/support/seed-plans.js';
import { documentFields } from '../../../test/support/plan-fields.js';
import { buildPlanDocument, exportContextFor, importPlan, renderDocx } from './index.js';

/**
 * Import → export → import. A board or department imports its plan; the system pre-fills the derived plan
 * of a unit below it; that plan is written as a DOCX (and Markdown), read back by a real DOCX reader
 * (mammoth) and imported again: every structured field the document carries comes back as it was. Here over the
 * project's fixture; over real published plans in round-trip.corpus.spec.ts.
 */
describe('round trip of a plan with every kind of deadline (fixtures/kh-27-stttt.txt)', () => {
  it('keeps the deadlines, phases, targets and quotas through DOCX', async () => {
    const versions = [
      ...SEED_UNIT_VERSIONS,
      {
        code: 'STTTT.QLBC',
        name: 'Phòng Quản lý báo chí',
        kind: 'division' as const,
        parentCode: 'STTTT',
        validFrom: '2015-01-01',
        validTo: '2025-03-01',
      },
    ];
    const units = hierarchyAsOf(versions, '2022-04-10');
    const entries = [...units.units.values()].map(({ code, name }) => ({ code, name }));
    const parent = importPlan(readFileSync(new URL('./fixtures/kh-27-stttt.txt', import.meta.url), 'utf8'), { units: entries }).draft;
    const derived = {
      ...deriveDraft(parent, 'kh-27', units.units.get('STTTT.QLBC')!, '2022-04-10', units),
      targets: parent.targets,
      quotas: [{ award: 'GIAY_KHEN' as const, recipientKind: 'individual' as const, count: 2 }],
    };
    const docx = await renderDocx(buildPlanDocument(derived, exportContextFor(derived, units, parent)));
    const again = importPlan((await mammoth.extractRawText({ buffer: docx })).value, { units: entries });
    expect(documentFields(again.draft)).toEqual(documentFields({ ...derived, numberSymbol: '/KH-QLBC' }));
    expect(again.draft.milestones.interimReviews).toEqual([
      { phase: 'Đợt 1', deadline: { date: '2022-07-05', rule: 'at', time: '16:00' } },
    ]);
  });
});
