export * from './grammar.js';
export * from './imported-plan.js';
export { importPlan, type ImportOptions } from './import-plan.js';
export * from './export/index.js';
export { textOfDocx, UnreadableDocumentError } from './read-docx.js';
