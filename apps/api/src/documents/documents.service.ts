import { BadRequestException, HttpException, HttpStatus, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
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
  WorkerRunnerClosedError,
  WorkersBusyError,
  type DocumentRefusal,
  type ImportedPlan,
  type ImportJob,
} from '#documents';
import { loadUnitHierarchy, loadUnitVersions } from '#persistence';
import type { AuthUser } from '../auth/index.js';
import { PlanAccess } from '../plan-access/plan-access.service.js';
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
export class DocumentsService implements OnModuleDestroy {
  /** Imports run in worker threads, so that no document can stall or exhaust the API (see IMPORT_WORKER_LIMITS). */
  private readonly importer = new WorkerRunner<ImportJob, ImportedPlan>(IMPORT_WORKER_ENTRY, IMPORT_WORKER_LIMITS);
  /**
   * The users with an import running or waiting: one each, so that no one (within the rate limit) can take every
   * import thread and the queue while everyone else is told the service is busy.
   */
  private readonly importing = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PlanAccess,
  ) {}

  /**
   * The document read into its fields and a draft plan, names matched to the units in force on its date (today when
   * it has none). Creates nothing: the user checks the draft and creates the plan with POST /plans.
   */
  async import(dto: ImportPlanDto, user: AuthUser): Promise<ImportedPlan> {
    const document = documentOf(dto);
    if (this.importing.has(user.id)) {
      throw new HttpException(
        { code: 'IMPORT_IN_PROGRESS', message: 'Your previous document is still being imported: send the next one once it has been read' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.importing.add(user.id);
    try {
      const job: ImportJob = { ...document, unitVersions: await loadUnitVersions(this.dataSource) };
      return await this.importer.run(job).catch((error: unknown) => Promise.reject(importFailure(error)));
    } finally {
      this.importing.delete(user.id);
    }
  }

  /** No import thread outlives the API: running imports are stopped and waiting ones answered 503. */
  onModuleDestroy(): Promise<void> {
    return this.importer.close();
  }

  /** The derived plan `unit` issues to implement plan `planId`, pre-filled as of today, as the unit would edit and sign it. */
  async derivedDocument(planId: string, unit: string, user: AuthUser, format: 'docx' | 'markdown'): Promise<RenderedDocument> {
    const draft = await this.access.derivedDraft(planId, unit, user);
    const [parent, units] = await Promise.all([this.access.plan(planId), loadUnitHierarchy(this.dataSource, draft.issuedOn)]);
    const document = buildPlanDocument(draft, exportContextFor(draft, units, parent.draft));
    const filename = `ke-hoach-${unit.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    return format === 'markdown'
      ? { body: Buffer.from(renderMarkdown(document), 'utf8'), type: 'text/markdown; charset=utf-8', filename: `${filename}.md` }
      : { body: await renderDocx(document), type: DOCX, filename: `${filename}.docx` };
  }
}

/** The document the request carries, as text or as the .docx file: exactly one of the two. */
function documentOf({ text, docx }: ImportPlanDto): { text: string } | { docx: Uint8Array } {
  if (text !== undefined && docx === undefined) return { text };
  if (docx !== undefined && text === undefined) return { docx: Buffer.from(docx, 'base64') };
  throw new BadRequestException({
    code: 'ONE_DOCUMENT',
    message: 'Send the document either as text or as docx (base64), not both and not neither',
  });
}

const logger = new Logger('DocumentsService');

/**
 * The answer to an import that did not complete: the document's refusal, its limits, a busy or stopping service; and
 * anything else that went wrong reading it is a 422, never a 500, since a hostile document may well be what made the
 * importer fail. That is logged with its stack, as it may be a bug in the importer.
 */
export function importFailure(error: unknown): HttpException {
  if (error instanceof WorkerJobError && isRefusal(error.code))
    return new HttpException({ code: error.code, message: error.message }, REFUSAL_STATUS[error.code]);
  if (error instanceof WorkerLimitError) {
    return new HttpException(
      { code: 'DOCUMENT_TOO_COMPLEX', message: `The document could not be read within the import's limits: it ${error.message}` },
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
  if (error instanceof WorkersBusyError)
    return new HttpException(
      { code: 'IMPORTS_BUSY', message: `Other documents are being imported: ${error.message}` },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  if (error instanceof WorkerRunnerClosedError)
    return new HttpException(
      { code: 'IMPORTS_STOPPED', message: `The document was not imported: ${error.message}; try again shortly` },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  logger.error(
    `An import failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    error instanceof Error ? error.stack : undefined,
  );
  return new HttpException({ code: 'UNREADABLE_DOCUMENT', message: 'The document could not be read' }, HttpStatus.UNPROCESSABLE_ENTITY);
}
