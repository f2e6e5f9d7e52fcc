import { readFileSync } from 'node:fs';
import mammoth from 'mammoth';
import { buildPlanDocument, renderMarkdown, type ImportedPlan } from '#documents';
import type { PlanDraft } from '#domain';
import { DEMO_UNITS, demoPlan } from '#persistence/dev';
import { documentFields } from '../../../../test/support/plan-fields.js';
import { people, startSystem, type RunningSystem } from '../../../../test/support/system.js';
import { docxBomb, docxOf, paragraphs } from '../../../../test/support/zips.js';

/**
 * Plan documents on the running system: the board pastes its plan's text and gets a draft back (nothing is created),
 * confirms it as a plan; a department downloads its derived plan as DOCX, uploads it back and, once it has filled in
 * what only it knows, creates its derived plan from it. Refusals: no document, an unreadable file, a zip bomb, wrong roles.
 */
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('plan documents: import and derived-plan export', () => {
  let system: RunningSystem;
  const board = () => system.as(people.board);
  const sngv = () => system.as(people.sngv);
  const plan = demoPlan();
  const boardText = renderMarkdown(
    buildPlanDocument(plan, { unitName: (code) => DEMO_UNITS.find((u) => u.code === code)?.name, issuerKind: 'board' }),
  );
  let planId: string;
  // Built before the system starts: deflating 100 MB blocks this process for seconds, and the API under test runs in
  // it, so its idle keep-alive sockets would close under the next request (ECONNRESET) if built between requests.
  const bomb = docxBomb(100_000_000);
  /** A large legal document: about 2.5 MB of WordprocessingML, seconds to read. */
  const large = docxOf(
    paragraphs(
      Array.from({ length: 500 }, () =>
        readFileSync(new URL('../../../../libs/documents/src/fixtures/kh-27-stttt.txt', import.meta.url), 'utf8').split('\n'),
      ).flat(),
    ),
  );

  beforeAll(async () => {
    system = await startSystem();
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('reads pasted text into the same plan, names matched to unit codes, and creates nothing until confirmed', async () => {
    const imported = await board().post('/plans/import', { text: boardText.normalize('NFD').replace(/\n/g, '\r\n') });
    expect(imported.status).toBe(200);
    const body = imported.body as ImportedPlan;
    expect(documentFields(body.draft)).toEqual(documentFields(plan));
    expect(body.issuingUnit?.value).toMatchObject({ unitCode: 'TINH', from: 'header' });
    expect(body.text.slice(...body.title!.span)).toBe(plan.title);
    expect(body.absent).toEqual([]);
    expect(body.warnings).toEqual([]);

    const created = await board().post('/plans', body.draft);
    expect(created.status).toBe(201);
    planId = created.body.planId;
    expect((await board().get(`/plans/${planId}`)).body).toMatchObject({ numberSymbol: '119/KH-UBND' });
  });

  it("gives a department its derived plan as DOCX and Markdown, which import back to the department's draft", async () => {
    const docx = await fetch(`${system.baseUrl}/plans/${planId}/units/SNGV/derived-document`, {
      headers: { authorization: `Bearer ${system.token(people.sngv)}` },
    });
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toBe(DOCX);
    expect(docx.headers.get('content-disposition')).toBe('attachment; filename="ke-hoach-sngv.docx"');
    const file = Buffer.from(await docx.arrayBuffer());
    const { value: text } = await mammoth.extractRawText({ buffer: file });
    expect(text).toContain('Thực hiện Kế hoạch số 119/KH-UBND');

    const markdown = await sngv().get(`/plans/${planId}/units/SNGV/derived-document?format=markdown`);
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(markdown.body).toMatch(/^UBND TỈNH HÀ TĨNH\nSỞ NGOẠI VỤ\n/);

    const derived = (await sngv().get(`/plans/${planId}/units/SNGV/derived-draft`)).body as PlanDraft;
    const uploaded = await sngv().post('/plans/import', { docx: file.toString('base64') });
    expect(uploaded.status).toBe(200);
    const draft = (uploaded.body as ImportedPlan).draft;
    expect(documentFields(draft)).toEqual(documentFields({ ...derived, numberSymbol: '/KH-SNGV' }));

    // The department confirms: it links the parent and signs; then the draft is a plan.
    const confirmed: PlanDraft = {
      ...draft,
      parentPlanId: planId,
      bases: draft.bases.map((b) => ({ ...b, planId })),
      signer: { ...draft.signer, name: 'Phạm Thị Anh Thư' },
    };
    const created = await sngv().post('/plans', confirmed);
    expect(created.status).toBe(201);
    expect(created.body.warnings.map((w: { code: string }) => w.code)).toContain('NOT_YET_NUMBERED');
  });

  it('refuses what it cannot read with a 400 that says why, and other roles with 403', async () => {
    const cases: [unknown, number, string | RegExp][] = [
      [{}, 400, 'Send the document either as text or as docx (base64), not both and not neither'],
      [{ text: 'KẾ HOẠCH', docx: 'UEs=' }, 400, 'Send the document either as text or as docx (base64), not both and not neither'],
      [{ text: '   ' }, 400, 'The document has no text to read'],
      [
        { docx: Buffer.from('not a word file').toString('base64') },
        400,
        /The file is not a Word document \(\.docx\) that can be read: End of central directory record signature not found/,
      ],
      [{ docx: 'not base64!' }, 400, 'docx must be the .docx file encoded in base64'],
      [{ text: 'KẾ HOẠCH\u0000' }, 400, 'text must be text without control characters'],
      [{ text: null }, 400, 'text must be a string'],
      [{ text: 'x'.repeat(500_001) }, 400, 'text must be shorter than or equal to 500000 characters'],
    ];
    for (const [body, status, message] of cases) {
      const response = await board().post('/plans/import', body);
      expect([response.status, JSON.stringify(response.body.message)]).toEqual([
        status,
        expect.stringMatching(typeof message === 'string' ? new RegExp(message.replace(/[()[\].?*+^$]/g, '\\$&')) : message),
      ]);
    }
    expect((await system.as(people.auditor).post('/plans/import', { text: boardText })).status).toBe(403);
    expect((await board().get(`/plans/${planId}/units/SNGV/derived-document?format=pdf`)).body.message).toEqual([
      'format must be "docx" or "markdown"',
    ]);
    // The Sở Ngoại vụ clerk cannot fetch another department's derived plan.
    expect((await sngv().get(`/plans/${planId}/units/SGDDT/derived-document`)).status).toBe(403);
    const notARecipient = await system.as(people.sngv).get(`/plans/${planId}/units/SNGV.VP/derived-document`);
    expect(notARecipient.status).toBe(400);
  });

  it('a zip bomb is refused while inflating and the API stays responsive; one import per user at a time, others still served', async () => {
    expect(bomb.length).toBeLessThan(500_000);
    let started = performance.now();
    const refused = await board().post('/plans/import', { docx: bomb.toString('base64') });
    const refusedAfter = performance.now() - started;
    expect([refused.status, refused.body.code, refused.body.message]).toEqual([
      413,
      'DOCX_TOO_LARGE',
      expect.stringContaining('"word/document.xml" unpacks to more than 10 MB'),
    ]);
    expect(refusedAfter).toBeLessThan(2_000);

    // The large legal document takes seconds to read: liveness answers all along.
    started = performance.now();
    let importing = true;
    const imported = board()
      .post('/plans/import', { docx: large.toString('base64') })
      .finally(() => (importing = false));
    // While it is read, the same user's next import is refused, and another user's is served.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = await board().post('/plans/import', { text: boardText });
    expect([importing, again.status, again.body.code]).toEqual([true, 429, 'IMPORT_IN_PROGRESS']);
    expect((await sngv().post('/plans/import', { text: boardText })).status).toBe(200);
    const probes: number[] = [];
    while (importing) {
      const probed = performance.now();
      expect((await fetch(`${system.baseUrl}/health/live`)).status).toBe(200);
      probes.push(performance.now() - probed);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await imported).status).toBe(200);
    const importedAfter = performance.now() - started;
    process.stderr.write(
      `zip bomb (${bomb.length} bytes) refused after ${Math.round(refusedAfter)} ms; large import ${Math.round(importedAfter)} ms, ${probes.length} liveness probes, slowest ${Math.round(Math.max(...probes))} ms\n`,
    );
    expect(probes.length).toBeGreaterThan(5);
    expect(Math.max(...probes)).toBeLessThan(1_000);
  });
});
