import { importPlan, type ImportedPlan } from '#documents';

/** What must not change: the draft, what is absent, the warnings, and the outline of sections. */
const essence = (plan: ImportedPlan) => ({
  draft: plan.draft,
  absent: plan.absent,
  warnings: plan.warnings.map((w) => w.code),
  outline: plan.sections.map((s) => [s.number, s.heading, s.children.map((c) => c.number)]),
  recipients: plan.recipients.map((r) => r.value),
  responsibilities: plan.responsibilities.map((r) => [r.value.unit, r.value.roles]),
});

/** Hard-wraps every line at `width` characters, as e-mail clients and PDF copies do. */
function hardWrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let current = '';
      for (const word of line.split(' ')) {
        if (current && current.length + 1 + word.length > width) {
          out.push(current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      return [...out, current].join('\n');
    })
    .join('\n');
}

/** Tests that `text` is read to the same plan however users paste it (register inside a describe). */
export function itReadsTheSamePlanAsPasted(text: string): void {
  const expected = essence(importPlan(text));

  it('in NFD (decomposed accents), as some systems copy it', () => {
    expect(text.normalize('NFD')).not.toBe(text);
    expect(essence(importPlan(text.normalize('NFD')))).toEqual(expected);
  });

  it('hard-wrapped at 64 columns, and with Windows line ends', () => {
    const wrapped = hardWrap(text, 64);
    expect(wrapped.split('\n').length).toBeGreaterThan(text.split('\n').length);
    expect(Math.max(...wrapped.split('\n').map((line) => line.length))).toBeLessThanOrEqual(64);
    expect(essence(importPlan(wrapped))).toEqual(expected);
    expect(essence(importPlan(wrapped.replace(/\n/g, '\r\n')))).toEqual(expected);
  });

  it('with markdown emphasis on headings and bullets as "*"', () => {
    const marked = text
      .replace(/^([IVX]+\. .+)$/gm, '**$1**')
      .replace(/^(KẾ HOẠCH|PHÁT ĐỘNG)$/gm, '# $1')
      .replace(/^- /gm, '* ');
    expect(marked).not.toBe(text);
    expect(essence(importPlan(marked))).toEqual(expected);
  });
}
