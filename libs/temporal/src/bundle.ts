import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';

// dist/ mirrors the source tree: from a build this file is dist/libs/temporal/src/bundle.js, under ts-jest libs/temporal/src/bundle.ts.
const here = fileURLToPath(import.meta.url);
const buildRoot = path.resolve(path.dirname(here), here.endsWith('.ts') ? '../../../dist' : '../../..');

/** The workflow bundle written by `npm run build`; the worker runs it, so tests and production run the same code. */
export const workflowBundlePath = () => path.join(buildRoot, 'workflow-bundle.js');

export function requireWorkflowBundle(): { codePath: string } {
  const codePath = workflowBundlePath();
  if (!existsSync(codePath)) throw new Error(`No workflow bundle at ${codePath}: run npm run build`);
  return { codePath };
}

/** Bundles the compiled workflows (dist/workflows) for the Temporal sandbox. */
export async function writeWorkflowBundle(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: path.join(buildRoot, 'workflows', 'index.js'), logger: quietLogger });
  writeFileSync(workflowBundlePath(), code);
  return workflowBundlePath();
}

// Webpack's progress lines are noise; warnings and errors still surface.
const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
};
