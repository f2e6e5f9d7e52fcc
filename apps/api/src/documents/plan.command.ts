import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { importPlan, textOfDocx, type Extracted, type ImportedPlan } from '#documents';

/**
 * `plan import FILE`: reads a plan document (plain text, Markdown or .docx) the way POST /plans/import does, without
 * a database (so no unit codes are matched). `--json` prints the import, its `draft` included, as JSON on stdout.
 */
export function planCommand(): Command {
  const plan = new Command('plan').description('Plan documents');
  plan
    .command('import')
    .description('Read a plan document (.txt, .md or .docx) into its fields and a draft plan')
    .argument('<file>')
    .option('--json', 'print the import (fields with spans, absent fields, warnings, draft) as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const content = readFileSync(file);
      const text = /\.docx$/i.test(file) ? await textOfDocx(content) : content.toString('utf8');
      const imported = importPlan(text);
      process.stdout.write(options.json ? `${JSON.stringify(imported, null, 2)}\n` : summary(imported));
    });
  return plan;
}

const shown = (field: Extracted<unknown> | null, value?: string) => (field ? (value ?? field.source) : '(absent)');

function summary(plan: ImportedPlan): string {
  const lines = [
    `Kind:        ${shown(plan.documentKind)}`,
    `Number:      ${shown(plan.numberSymbol)}`,
    `Place, date: ${shown(plan.place)}, ${shown(plan.issuedOn)}`,
    `Issuer:      ${shown(plan.issuingUnit, plan.issuingUnit?.value.name)}`,
    `Title:       ${shown(plan.title)}`,
    `Movement:    ${shown(plan.movement, plan.movement?.value)}`,
    `Signer:      ${shown(plan.signer, plan.signer ? `${plan.signer.value.title} ${plan.signer.value.name ?? '(unsigned)'}` : undefined)}`,
    `Bases:       ${plan.bases.map((b) => b.value.numberSymbol).join('; ') || '(absent)'}`,
    `Time frame:  ${shown(plan.timeFrame)}`,
    `Phases:      ${plan.phases.length}, deadlines: ${plan.deadlines.length}, targets: ${plan.targets.length}, quotas: ${plan.quotas.length}, recipients: ${plan.recipients.length}`,
    `Sections:    ${plan.sections.map((s) => `${s.number}. ${s.heading ?? ''}`).join(' | ')}`,
    `Absent:      ${plan.absent.join(', ') || 'nothing'}`,
    ...plan.warnings.map((w) => `Warning [${w.code}] ${w.message}`),
  ];
  return `${lines.join('\n')}\n`;
}
