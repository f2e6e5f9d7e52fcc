import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlanDocument, renderDocx, type ImportedPlan } from '#documents';
import { KH_119 } from '../../../../test/support/seed-plans.js';
import { runCli as cli } from '../../../../test/support/cli.js';

const FIXTURE = fileURLToPath(new URL('../../../../libs/documents/src/fixtures/kh-27-stttt.txt', import.meta.url));

/** `npm run -s cli -- plan import FILE --json`, the built CLI with no database or server: text and .docx files. */
describe('cli plan import', () => {
  it('prints the import of a plan document as JSON on stdout, its draft included', async () => {
    const { code, stdout } = await cli(['plan', 'import', FIXTURE, '--json']);
    expect(code).toBe(0);
    const imported = JSON.parse(stdout) as ImportedPlan;
    expect(imported.draft.bases.map((b) => b.numberSymbol)).toEqual(['15/2003/QH11', '119/KH-UBND', '1234/QĐ-UBND']);
    expect(imported.draft.signer).toEqual({ name: 'Nguyễn Văn An', title: 'KT. Giám đốc, Phó Giám đốc' });
    expect(imported.warnings).toEqual([]);
    expect(imported.absent).toEqual([]);
  });

  it('reads a .docx, and prints a summary without --json', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-cli-'));
    const file = path.join(dir, 'kh-119.docx');
    writeFileSync(
      file,
      await renderDocx(
        buildPlanDocument(
          { ...KH_119, signer: { name: 'Nguyễn Văn An', title: KH_119.signer.title } },
          { unitName: () => 'Hội đồng Thi đua – Khen thưởng tỉnh', issuerKind: 'board' },
        ),
      ),
    );
    const { code, stdout } = await cli(['plan', 'import', file]);
    expect(code).toBe(0);
    expect(stdout).toContain('Number:      119/KH-UBND');
    expect(stdout).toContain('Place, date: Hà Tĩnh, ngày 27 tháng 4 năm 2022');
    expect(stdout).toContain('Signer:      KT. CHỦ TỊCH, PHÓ CHỦ TỊCH Nguyễn Văn An');
  });

  it('fails with a message and exit code 1 on a missing or unreadable file', async () => {
    const missing = await cli(['plan', 'import', '/nonexistent/plan.txt']);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('ENOENT')]);
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-cli-'));
    writeFileSync(path.join(dir, 'fake.docx'), 'not a zip');
    const unreadable = await cli(['plan', 'import', path.join(dir, 'fake.docx')]);
    expect([unreadable.code, unreadable.stderr]).toEqual([
      1,
      expect.stringContaining('The file is not a Word document (.docx) that can be read'),
    ]);
  });
});
