import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The built CLI; `npm run -s cli` runs the same file. */
const CLI = fileURLToPath(new URL('../../dist/scripts/cli.js', import.meta.url));

/** Runs the built CLI with exactly `env` (plus PATH), as an operator's shell would, and returns its exit code and output. */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
