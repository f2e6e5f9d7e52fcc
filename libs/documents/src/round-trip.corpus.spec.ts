import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
import { deriveDraft, hierarchyAsOf, type PlanDraft } from '#domain';
import { SEED_UNIT_VERSIONS } from '../../../test/support/seed-plans.js';
import { corpus, describeIfPresent } from '../../../test/support/corpus.js';
import { documentFields } from '../../../test/support/plan-fields.js';
import { buildPlanDocument, exportContextFor, importPlan, renderDocx, renderMarkdown } from './index.js';

/**
 * Import → export → import. A board or department imports its plan; the system pre-fills the derived plan
 * of a unit below it; that plan is written as a DOCX (and Markdown), read back by a real DOCX reader
 * (mammoth) and imported again: every structured field the document carries comes back as it was. Over the real
 * published plans of a folder (npm run test:corpus -- DIR), each with what its text lacks given here.
 */
const documents = corpus();
const ARTIFACTS = path.resolve(process.cwd(), 'test-results/documents');
const directory = (asOf: string) => [...hierarchyAsOf(SEED_UNIT_VERSIONS, asOf).units.values()].map(({ code, name }) => ({ code, name }));

interface Case {
  file: string;
  /** What the document's text lacks (its header was cut off) and the parent plan needs: given here, not read. */
  header: Pick<PlanDraft, 'numberSymbol' | 'place' | 'issuedOn' | 'issuingUnit'>;
  unit: string;
  today: string;
}
const CASES: Case[] = [
  {
    file: '000_6b44c300a11ff662.txt',
    header: { numberSymbol: '45/KH-SNgV', place: 'Hà Tĩnh', issuedOn: '2022-04-28', issuingUnit: 'SNGV' },
    unit: 'SNGV.VP',
    today: '2022-05-03',
  },
  {
    file: '002_a81a651bfe07ce4d.txt',
    header: { numberSymbol: '12/KH-SNgV', place: 'Hà Tĩnh', issuedOn: '2021-01-25', issuingUnit: 'SNGV' },
    unit: 'SNGV.LS',
    today: '2021-02-01',
  },
  {
    file: '003_b9900a5355c6d3e9.txt',
    header: { numberSymbol: '08/KH-SNgV', place: 'Lạng Sơn', issuedOn: '2023-01-20', issuingUnit: 'SNGV' },
    unit: 'SNGV.BG',
    today: '2023-02-01',
  },
];

CASES.forEach(({ file, header, unit, today }) =>
  describeIfPresent(documents, file)(`round trip of ${file}: import, derive for ${unit}, export, import again`, () => {
    const parent: PlanDraft = { ...importPlan(documents.get(file)!, { units: directory(header.issuedOn) }).draft, ...header };
    const units = hierarchyAsOf(SEED_UNIT_VERSIONS, today);
    // The unit's own data: it adopts the parent's targets and sets its own Giấy khen quota.
    const derived: PlanDraft = {
      ...deriveDraft(parent, 'parent-plan', units.units.get(unit)!, today, units),
      targets: parent.targets,
      quotas: [
        { award: 'GIAY_KHEN', recipientKind: 'collective', count: 1 },
        { award: 'GIAY_KHEN', recipientKind: 'individual', count: 3 },
      ],
    };
    const document = buildPlanDocument(derived, exportContextFor(derived, units, parent));
    const expected = documentFields({ ...derived, numberSymbol: `/KH-${unit.split('.').at(-1)}` });

    it('the parent imported from the seed has the content the derived plan inherits', () => {
      expect(parent.movement).not.toBe('');
      expect(parent.signer.name).not.toBe('');
      expect(derived.recipients.length).toBeGreaterThan(0);
      expect(derived.bases).toEqual([
        { kind: 'plan', numberSymbol: header.numberSymbol, issuedOn: header.issuedOn, issuer: 'SNGV', planId: 'parent-plan' },
      ]);
    });

    it('the Markdown preview imports back to the same fields', () => {
      const again = importPlan(renderMarkdown(document), { units: directory(today) });
      expect(documentFields(again.draft)).toEqual(expected);
      expect(again.warnings.filter((w) => w.code !== 'NOT_YET_NUMBERED' && w.code !== 'TIME_FRAME_FROM_PHASES')).toEqual([]);
    });

    it('the DOCX, read by mammoth, imports back to the same fields', async () => {
      const docx = await renderDocx(document);
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(path.join(ARTIFACTS, `derived-${unit}.docx`), docx);
      const { value: text } = await mammoth.extractRawText({ buffer: docx });
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain(`Thực hiện Kế hoạch số ${header.numberSymbol}`);
      const again = importPlan(text, { units: directory(today) });
      expect(documentFields(again.draft)).toEqual(expected);
      expect(again.absent).toEqual(expect.not.arrayContaining(['title', 'bases', 'issuingUnit', 'recipients', 'signer']));
    });
  }),
);
