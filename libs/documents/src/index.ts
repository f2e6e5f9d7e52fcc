export * from './grammar.js';
export * from './imported-plan.js';
export { importPlan, type ImportOptions } from './import-plan.js';
export * from './export/index.js';
export { textOfDocx } from './read-docx.js';
export * from './refused-document.js';
export { IMPORT_WORKER_ENTRY, IMPORT_WORKER_LIMITS, type ImportJob } from './import-document.js';
export * from './worker-runner.js';
export * from './safe-unzip.js';
