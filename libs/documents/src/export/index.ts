export { buildPlanDocument, type ExportContext, type PlanBlock, type PlanDocument, type PlanSection } from './plan-document.js';
export { renderDocx } from './docx.js';
export { renderMarkdown } from './markdown.js';
export { exportContextFor } from './context.js';
