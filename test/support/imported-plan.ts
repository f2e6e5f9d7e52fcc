import type { Extracted, ImportedPlan } from '#documents';

/** The values of extracted fields. */
export const values = <T>(found: readonly Extracted<T>[]) => found.map((f) => f.value);

/** Every extracted field, wherever it is in the result, says where it came from: its span slices to its source. */
export function expectSpansToPointAtTheirSource(plan: ImportedPlan): number {
  let checked = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (Array.isArray(record.span) && typeof record.source === 'string') {
      expect(plan.text.slice(...(record.span as [number, number]))).toBe(record.source);
      checked++;
    }
    Object.entries(record).forEach(([key, value]) => key !== 'draft' && visit(value));
  };
  visit({ ...plan, text: undefined });
  return checked;
}
