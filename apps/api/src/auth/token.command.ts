import { Command, InvalidArgumentError, Option } from 'commander';
import type { UnitKind } from '#domain';
import { createDataSource, UnitEntity } from '#persistence';
import { authSecretProblem } from './auth.config.js';
import { ROLES, type Role } from './auth.types.js';
import { roleUnitProblem } from './scope.rules.js';
import { claimProblems, DEFAULT_TTL, parseTtl, TokenService } from './token.service.js';

interface IssueOptions {
  role: Role;
  unit?: string;
  sub: string;
  name: string;
  ttl: number;
}

const ttlArgument = (value: string): number => {
  try {
    return parseTtl(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

/** The kind of unit `code` in the database at DATABASE_URL; undefined when there is none. */
async function unitKind(env: NodeJS.ProcessEnv, code: string): Promise<UnitKind | undefined> {
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL must be set: --unit is checked against the unit tree (the start command prints it)');
  const dataSource = createDataSource({ url: env.DATABASE_URL, applicationName: 'token-cli' });
  await dataSource.initialize();
  try {
    return (await dataSource.getRepository(UnitEntity).findOneBy({ code }))?.kind;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * `token issue`: prints a signed bearer token on stdout and nothing else, so `TOKEN=$(npm run -s cli -- token issue …)`
 * works; AUTH_SECRET comes from the environment and must be the API's. A token naming a unit is issued only when
 * the role fits the unit in the tree at DATABASE_URL (the API checks it again on every request).
 */
export function tokenCommand(env: NodeJS.ProcessEnv = process.env): Command {
  const token = new Command('token').description('Bearer tokens for the API');
  token
    .command('issue')
    .description('Issue a signed bearer token (JWT, HS256) with AUTH_SECRET from the environment; prints it on stdout')
    .addOption(new Option('--role <role>', 'what the person may do').choices(ROLES).makeOptionMandatory())
    .option('--unit <code>', 'the unit the person acts for, e.g. SNGV (required for board and department)')
    .requiredOption('--sub <id>', "the person's id, recorded as the actor of what they do, e.g. van.phong@sngv")
    .requiredOption('--name <name>', 'the person\'s display name, e.g. "Văn phòng Sở Ngoại vụ"')
    .addOption(
      new Option('--ttl <duration>', 'lifetime: 90s, 30m, 8h, 7d (at most 30d)')
        .default(parseTtl(DEFAULT_TTL), DEFAULT_TTL)
        .argParser(ttlArgument),
    )
    .addHelpText(
      'after',
      '\nExample:\n  AUTH_SECRET=… npm run -s cli -- token issue --role department --unit SNGV --sub van.phong@sngv --name "Văn phòng Sở Ngoại vụ" --ttl 8h',
    )
    .action(async (options: IssueOptions, command: Command) => {
      const secret = env.AUTH_SECRET ?? ''; // unset and empty are the same problem
      const problem = authSecretProblem(secret);
      if (problem) command.error(`error: ${problem}`);
      const claims = {
        sub: options.sub,
        name: options.name,
        role: options.role,
        ...(options.unit !== undefined ? { unit: options.unit } : {}),
      };
      const problems = claimProblems(claims).map((p) => p.replace(/^"(\w+)"/, '--$1'));
      if (problems.length > 0) command.error(`error: ${problems.join('\n       ')}`);
      if (options.unit !== undefined) {
        const problem = roleUnitProblem(options.role, options.unit, await unitKind(env, options.unit));
        if (problem) command.error(`error: --${problem.message}`);
      }
      const now = new Date();
      const signed = new TokenService(secret).issue(claims, options.ttl, now);
      process.stdout.write(`${signed}\n`);
      const expires = new Date(now.getTime() + options.ttl * 1000).toISOString();
      process.stderr.write(
        `Issued a ${options.role} token${options.unit ? ` for ${options.unit}` : ''} to ${options.sub}, valid until ${expires}\n`,
      );
    });
  return token;
}
