import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { buildPlanDocument, exportContextFor, importPlan, renderDocx, renderMarkdown, textOfDocx, UnreadableDocumentError, type ImportedPlan } from '#documents';
import { hierarchyAsOf, vietnamDateOf } from '#domain';
import { loadUnitHierarchy, loadUnitVersions } from '#persistence';
import type { AuthUser } from '../auth/index.js';
import { PlanDraftsService } from '../plans/plan-drafts.service.js';
import { PlansService } from '../plans/plans.service.js';
import type { ImportPlanDto } from './dto/import-plan.dto.js';

export interface RenderedDocument {
  body: Buffer;
  type: string;
  filename: string;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Plan documents in and out: a pasted or uploaded plan read into a draft; a unit's derived plan written as DOCX. */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: PlansService,
    private readonly drafts: PlanDraftsService,
  ) {}

  /**
   * The document read into its fields and a draft plan, names matched to the units in force on its date (today when
   * it has none). Creates nothing: the user checks the draft and creates the plan with POST /plans.
   */
  async import(dto: ImportPlanDto): Promise<ImportedPlan> {
    if ((dto.text === undefined) === (dto.docx === undefined)) {
      throw new BadRequestException({ code: 'ONE_DOCUMENT', message: 'Send the document either as text or as docx (base64), not both and not neither' });
    }
    const text = dto.text ?? (await this.docxText(dto.docx!));
    if (!text.trim()) throw new BadRequestException({ code: 'EMPTY_DOCUMENT', message: 'The document has no text to read' });
    const versions = await loadUnitVersions(this.dataSource);
    const unitsOn = (date: string | undefined) => [...hierarchyAsOf(versions, date ?? vietnamDateOf(new Date())).units.values()].map(({ code, name }) => ({ code, name }));
    return importPlan(text, { units: unitsOn });
  }

  /** The derived plan `unit` issues to implement plan `planId`, pre-filled as of today, as the unit would edit and sign it. */
  async derivedDocument(planId: string, unit: string, user: AuthUser, format: 'docx' | 'markdown'): Promise<RenderedDocument> {
    const draft = await this.plans.derivedDraft(planId, unit, user);
    const [parent, units] = await Promise.all([this.drafts.plan(planId), loadUnitHierarchy(this.dataSource, draft.issuedOn)]);
    const document = buildPlanDocument(draft, exportContextFor(draft, units, parent.draft));
    const filename = `ke-hoach-${unit.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    return format === 'markdown'
      ? { body: Buffer.from(renderMarkdown(document), 'utf8'), type: 'text/markdown; charset=utf-8', filename: `${filename}.md` }
      : { body: await renderDocx(document), type: DOCX, filename: `${filename}.docx` };
  }

  private async docxText(base64: string): Promise<string> {
    try {
      return await textOfDocx(Buffer.from(base64, 'base64'));
    } catch (error) {
      if (error instanceof UnreadableDocumentError) throw new BadRequestException({ code: 'UNREADABLE_DOCX', message: error.message });
      throw error;
    }
  }
}
