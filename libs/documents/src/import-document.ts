import { fileURLToPath } from 'node:url';
import { hierarchyAsOf, vietnamDateOf, type UnitVersion } from '#domain';
import type { ImportedPlan } from './imported-plan.js';
import { importPlan } from './import-plan.js';
import { textOfDocx } from './read-docx.js';
import { RefusedDocumentError } from './refused-document.js';
import type { WorkerLimits } from './worker-runner.js';

/** A plan document to import, as pasted text or as a .docx file, with the unit versions its names are matched against. */
export type ImportJob = ({ text: string } | { docx: Uint8Array }) & { unitVersions: UnitVersion[] };

/**
 * The whole import of one document (unpacking, reading, parsing), as the import worker runs it: names matched to the
 * units in force on the document's date (today when it has none).
 */
export async function importDocument(job: ImportJob): Promise<ImportedPlan> {
  // A Buffer crosses a thread as a plain Uint8Array.
  const text = 'text' in job ? job.text : await textOfDocx(Buffer.from(job.docx.buffer, job.docx.byteOffset, job.docx.byteLength));
  if (!text.trim()) throw new RefusedDocumentError('EMPTY_DOCUMENT', 'The document has no text to read');
  const unitsOn = (date: string | undefined) =>
    [...hierarchyAsOf(job.unitVersions, date ?? vietnamDateOf(new Date())).units.values()].map(({ code, name }) => ({ code, name }));
  return importPlan(text, { units: unitsOn });
}

/**
 * Imports run at once, whatever the host's cores: each may take IMPORT_HEAP_MB, so this bounds what imports can take
 * from the API process rather than letting a large host multiply it.
 */
const MAX_CONCURRENT_IMPORTS = 2;
/** A legal 3 MB .docx reads in a few seconds and well under this heap (V8 old generation, per import thread). */
const IMPORT_HEAP_MB = 512;

/**
 * Imports run off the API's thread, each stopped after 20 s or IMPORT_HEAP_MB. Worst case, on top of the API's own
 * memory: MAX_CONCURRENT_IMPORTS × 512 MB = 1 GB of import heaps (plus each thread's young generation and code, a few
 * tens of MB), and the 8 waiting jobs hold only their input, at most 3 MB each.
 */
export const IMPORT_WORKER_LIMITS: WorkerLimits = {
  concurrency: MAX_CONCURRENT_IMPORTS,
  queue: 8,
  timeoutMs: 20_000,
  heapMb: IMPORT_HEAP_MB,
};

// A thread cannot run TypeScript: under ts-jest (this module is the .ts source) it runs the worker `npm run build`
// compiled, as the Temporal worker runs the built workflow bundle; from a build the worker is beside this module.
const here = fileURLToPath(import.meta.url);
export const IMPORT_WORKER_ENTRY = new URL(
  here.endsWith('.ts') ? '../../../dist/libs/documents/src/import-worker.js' : './import-worker.js',
  import.meta.url,
);
