import type { PlanDocument } from './plan-document.js';

/**
 * A plain-text preview that reads like the signed document: one line per paragraph, no Markdown
 * markup beyond the document's own "- " items, so the importer reads it as it reads a pasted plan.
 * The header's two columns are written one after the other, left first.
 */
export function renderMarkdown(doc: PlanDocument): string {
  const { header, recipients, signature } = doc;
  const groups: string[][] = [
    [...(header.authority ? [header.authority] : []), header.issuer, ...header.motto, header.number, header.placeAndDate],
    [doc.kind, doc.title],
    [doc.basis],
    ...doc.sections.map((section) => [section.heading, ...section.blocks.map((block) => block.text)]),
    [recipients.heading, ...recipients.items],
    [signature.title, signature.name],
  ];
  return `${groups.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
