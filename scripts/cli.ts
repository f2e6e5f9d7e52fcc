/**
 * The operator's command line: `npm run -s cli -- <command> …` (runs the build in dist/; build first).
 * Each capability contributes a commander subcommand; add new ones (audit …, plan import …) with addCommand.
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { auditCommand } from '../apps/api/src/audit/audit.command.js';
import { tokenCommand } from '../apps/api/src/auth/token.command.js';
import { planCommand } from '../apps/api/src/documents/plan.command.js';

const program = new Command('cli')
  .description('Emulation-plan engine: operator commands')
  .showHelpAfterError('(add --help for usage)')
  .addCommand(tokenCommand())
  .addCommand(auditCommand())
  .addCommand(planCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
