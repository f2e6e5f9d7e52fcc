import { readFileSync, writeFileSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import type { DataSource } from 'typeorm';
import { planStreamId } from '#domain';
import { Checkpointer, verifyBundle, verifyStore, type BundleVerification, type VerificationReport } from '#event-store';
import {
  cascadeRows,
  createDataSource,
  eventsUpTo,
  exportBundle,
  findCascade,
  loadAuditKeys,
  readCascadeEvents,
  timeline,
  type AuditKeys,
} from '#persistence';

/**
 * `audit …`: an inspector's commands. verify, history, export and checkpoint read DATABASE_URL and the audit key
 * files (AUDIT_SIGNING_KEY_FILE / AUDIT_PUBLIC_KEY_FILE, or --public-key); verify-bundle needs nothing but the file.
 * Each exits 1 when something does not verify, after printing what and where.
 */
export function auditCommand(env: NodeJS.ProcessEnv = process.env): Command {
  const audit = new Command('audit').description('Replay plans, prove nothing was altered, take the evidence away');

  audit
    .command('verify')
    .description('Verify hash chains and signed checkpoints: everything, or one plan and its cascade')
    .option('--plan <id>', 'only this plan and the plans derived from it')
    .option('--public-key <file>', 'the published public key (PEM); default: AUDIT_PUBLIC_KEY_FILE or the signing key')
    .option('--json', 'print the report as JSON')
    .action(async (options: { plan?: string; publicKey?: string; json?: boolean }) => {
      const keys = requireKeys(env, options.publicKey);
      await withDatabase(env, async (dataSource) => {
        const streams = options.plan ? (await cascadeOf(dataSource, options.plan)).streams : undefined;
        const report = await withProgress('Verifying', (onProgress) =>
          verifyStore(dataSource, { publicKeyPem: keys.publicKeyPem, ...(streams ? { streams } : {}), onProgress }),
        );
        print(options.json ? JSON.stringify(report, null, 2) : formatReport(report, options.plan));
        if (!report.ok) process.exitCode = 1;
      });
    });

  audit
    .command('history')
    .description("A plan's timeline (its whole cascade), and the state of every unit as of a date")
    .argument('<planId>')
    .option('--as-of <date>', 'ISO date or date-time, e.g. 2027-07-01 or 2027-07-01T09:00+07:00', parseDate)
    .option('--unit <code>', 'only this unit’s events')
    .option('--json', 'print JSON')
    .action(async (planId: string, options: { asOf?: Date; unit?: string; json?: boolean }) => {
      await withDatabase(env, async (dataSource) => {
        const cascade = await cascadeOf(dataSource, planId);
        const all = await readCascadeEvents(dataSource.manager, cascade);
        const events = options.asOf ? eventsUpTo(all, { at: options.asOf }, planStreamId(planId)) : all;
        const { entries } = timeline(events, options.unit ? { unit: options.unit } : {}, { limit: events.length });
        const { plans, tasks } = cascadeRows(events);
        if (options.json) {
          print(JSON.stringify({ asOf: options.asOf?.toISOString() ?? null, plans, tasks, timeline: entries }, null, 2));
          return;
        }
        print(`Plan ${planId}${options.asOf ? `, as of ${options.asOf.toISOString()}` : ''}: ${entries.length} events`);
        for (const e of entries)
          print(
            `  ${e.atVietnam}  ${(e.unitCode ?? '—').padEnd(10)} ${e.action} (${e.type}) — ${e.actor}${e.reason ? ` — “${e.reason}”` : ''}`,
          );
        print('\nState:');
        for (const plan of plans) {
          print(`  ${plan.numberSymbol || plan.planId}  ${plan.status}  (version ${plan.version})`);
          for (const task of tasks.filter((t) => t.planId === plan.planId)) {
            const due = task.dueAt ? `, due ${task.dueAt.toISOString()}` : '';
            print(
              `    ${task.unitCode.padEnd(10)} ${task.status.padEnd(9)} ${task.stage}${task.stageStatus ? ` (${task.stageStatus})` : ''}${due}${task.overdue ? ', OVERDUE' : ''}`,
            );
          }
        }
      });
    });

  audit
    .command('export')
    .description(
      "Write a plan's audit bundle: its cascade's events (NDJSON), checkpoints with inclusion proofs, the public key, a verification report; signed",
    )
    .argument('<planId>')
    .requiredOption('--out <file>', 'where to write the bundle, e.g. kh119.audit.ndjson')
    .action(async (planId: string, options: { out: string }) => {
      const keys = requireKeys(env);
      const { privateKeyPem } = keys;
      if (!privateKeyPem) throw new Error('AUDIT_SIGNING_KEY_FILE must be set to sign a bundle');
      await withDatabase(env, async (dataSource) => {
        const bundle = await withProgress('Verifying before export', (onProgress) =>
          exportBundle(dataSource, planId, { ...keys, privateKeyPem }, { onProgress }),
        );
        writeFileSync(options.out, bundle);
        const lines = bundle.split('\n').filter(Boolean).length;
        print(
          `Wrote ${options.out}: ${lines} lines, ${Buffer.byteLength(bundle)} bytes. Verify it anywhere with: npm run -s cli -- audit verify-bundle ${options.out}`,
        );
      });
    });

  audit
    .command('verify-bundle')
    .description('Verify an audit bundle offline: no database, no server')
    .argument('<file>')
    .option(
      '--public-key <file>',
      'the public key the province published (PEM); without it the bundle’s own key is used and the report says so',
    )
    .option('--json', 'print the result as JSON')
    .action((file: string, options: { publicKey?: string; json?: boolean }) => {
      const publicKeyPem = options.publicKey ? readFileSync(options.publicKey, 'utf8') : undefined;
      const result = verifyBundle(readFileSync(file), publicKeyPem ? { publicKeyPem } : {});
      print(options.json ? JSON.stringify(result, null, 2) : formatBundle(result, file));
      if (!result.ok) process.exitCode = 1;
    });

  audit
    .command('checkpoint')
    .description('Sign a checkpoint over every event recorded since the last one, now')
    .action(async () => {
      const { privateKeyPem, keyId } = requireKeys(env);
      if (!privateKeyPem) throw new Error('AUDIT_SIGNING_KEY_FILE must be set to sign a checkpoint');
      await withDatabase(env, async (dataSource) => {
        const checkpoint = await new Checkpointer(dataSource, { privateKeyPem, keyId }).createCheckpoint();
        print(
          checkpoint
            ? `Checkpoint ${checkpoint.sequence}: ${checkpoint.count} events, Merkle root ${checkpoint.merkleRoot}`
            : 'Nothing new to checkpoint.',
        );
      });
    });

  return audit;
}

function parseDate(value: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999+07:00` : value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidArgumentError(`"${value}" is not a date; use 2027-07-01 (end of that day, Vietnam time) or an ISO date-time`);
  return date;
}

function requireKeys(env: NodeJS.ProcessEnv, publicKeyFile?: string): AuditKeys {
  const keys = loadAuditKeys(publicKeyFile ? { ...env, AUDIT_PUBLIC_KEY_FILE: publicKeyFile } : env);
  if (!keys) throw new Error('No audit key: set AUDIT_PUBLIC_KEY_FILE (or AUDIT_SIGNING_KEY_FILE), or pass --public-key FILE');
  return keys;
}

async function withDatabase(env: NodeJS.ProcessEnv, work: (dataSource: DataSource) => Promise<void>): Promise<void> {
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL must be set (the start command prints it)');
  const dataSource = createDataSource({ url: env.DATABASE_URL, applicationName: 'audit-cli' });
  await dataSource.initialize();
  try {
    await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function cascadeOf(dataSource: DataSource, planId: string) {
  const cascade = await findCascade(dataSource.manager, planId);
  if (!cascade) throw new Error(`Plan ${planId} has no events in this store`);
  return cascade;
}

/** A progress bar on stderr when it is a terminal (stdout stays the report). */
async function withProgress<T>(
  label: string,
  work: (onProgress: (p: { phase: string; done: number; total: number }) => void) => Promise<T>,
): Promise<T> {
  if (!process.stderr.isTTY) return work(() => undefined);
  const bar = new SingleBar(
    { format: `${label} {phase} [{bar}] {percentage}% | {value}/{total} events | {eta_formatted} left`, stream: process.stderr },
    Presets.shades_classic,
  );
  bar.start(1, 0, { phase: '' });
  try {
    return await work(({ phase, done, total }) => {
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { phase: phase.padEnd(11) });
    });
  } finally {
    bar.stop();
  }
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function describeProblem(p: { kind: string; message: string; more?: number }): string {
  return `  ✗ [${p.kind}] ${p.message}${p.more ? ` (and ${p.more} more event${p.more > 1 ? 's' : ''} of that stream)` : ''}`;
}

export function formatReport(report: VerificationReport, planId?: string): string {
  const { checkpoints } = report;
  return [
    `${report.ok ? 'PASS' : 'FAIL'}: ${planId ? `plan ${planId} and its cascade` : 'the whole store'} — ${report.streams} streams, ${report.events} events`,
    `  checkpoints: ${checkpoints.verified} verified${checkpoints.lastSequence ? ` (last: ${checkpoints.lastSequence}, ${checkpoints.lastCreatedAt})` : ''}; ` +
      `${checkpoints.covered} events under a signature, ${checkpoints.uncovered} recorded since the last checkpoint`,
    ...report.problems.map(describeProblem),
  ].join('\n');
}

export function formatBundle(result: BundleVerification, file: string): string {
  return [
    `${result.ok ? 'PASS' : 'FAIL'}: ${file}${result.planId ? ` — plan ${result.planId}, exported ${result.exportedAt}` : ''}`,
    `  ${result.streams} streams, ${result.events} events, ${result.checkpoints} checkpoints; ${result.covered} events proven under a signed checkpoint, ${result.uncovered} after the last one`,
    `  key ${result.keyFingerprint ?? '?'} ${result.keyPinned ? '(the key you gave)' : '(the bundle’s own key: compare this fingerprint with the one the province published, or pass --public-key)'}`,
    ...result.problems.map(describeProblem),
  ].join('\n');
}
