import { BadRequestException, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  buildPlanDocument,
  exportContextFor,
  IMPORT_WORKER_ENTRY,
  IMPORT_WORKER_LIMITS,
  renderDocx,
  renderMarkdown,
  WorkerJobError,
  WorkerLimitError,
  WorkerRunner,
  WorkersBusyError,
  type DocumentRefusal,
  type ImportedPlan,
  type ImportJob,
} from '#documents';
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

const REFUSAL_STATUS: Record<DocumentRefusal, HttpStatus> = {
  UNREADABLE_DOCX: HttpStatus.BAD_REQUEST,
  DOCX_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  EMPTY_DOCUMENT: HttpStatus.BAD_REQUEST,
};
const isRefusal = (code: string | undefined): code is DocumentRefusal => code !== undefined && Object.hasOwn(REFUSAL_STATUS, code);

/** Plan documents in and out: a pasted or uploaded plan read into a draft; a unit's derived plan written as DOCX. */
@Injectable()
export class DocumentsService {
  /** Imports run in worker threads, so that no document can stall or exhaust the API (see IMPORT_WORKER_LIMITS). */
  private readonly importer = new WorkerRunner<ImportJob, ImportedPlan>(IMPORT_WORKER_ENTRY, IMPORT_WORKER_LIMITS);

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
    const unitVersions = await loadUnitVersions(this.dataSource);
    const job: ImportJob = dto.text !== undefined ? { text: dto.text, unitVersions } : { docx: Buffer.from(dto.docx!, 'base64'), unitVersions };
    try {
      return await this.importer.run(job);
    } catch (error) {
      throw importFailure(error);
    }
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
}

/** The answer to an import that did not complete: the document's refusal, its limits, or a busy service. */
function importFailure(error: unknown): unknown {
  if (error instanceof WorkerJobError && isRefusal(error.code)) return new HttpException({ code: error.code, message: error.message }, REFUSAL_STATUS[error.code]);
  if (error instanceof WorkerLimitError) {
    return new HttpException({ code: 'DOCUMENT_TOO_COMPLEX', message: `The document could not be read within the import's limits: it ${error.message}` }, HttpStatus.UNPROCESSABLE_ENTITY);
  }
  if (error instanceof WorkersBusyError) return new HttpException({ code: 'IMPORTS_BUSY', message: `Other documents are being imported: ${error.message}` }, HttpStatus.SERVICE_UNAVAILABLE);
  return error;
}
