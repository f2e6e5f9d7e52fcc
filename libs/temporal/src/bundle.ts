import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

// dist/ mirrors the source tree, so the same relative step finds the workflows from source (.ts) and from a build (.js).
const here = fileURLToPath(import.meta.url);
const extension = path.extname(here);
const root = path.resolve(path.dirname(here), '../../..');

/** The workflow entry point next to this build: workflows/index.ts from source, dist/workflows/index.js from a build. */
export const defaultWorkflowsPath = () => path.join(root, 'workflows', `index${extension}`);

/**
 * Bundles the workflows for the Temporal sandbox. From source, webpack is taught what tsc and Jest
 * already know: `./x.js` means `./x.ts`, and `#domain`-style imports point at the libs' sources.
 */
export function bundleWorkflows(workflowsPath = defaultWorkflowsPath()): Promise<WorkflowBundleWithSourceMap> {
  if (!existsSync(workflowsPath)) throw new Error(`Workflow entry point ${workflowsPath} does not exist (run npm run build?)`);
  const fromSource = workflowsPath.endsWith('.ts');
  return bundleWorkflowCode({
    workflowsPath,
    logger: quietLogger,
    webpackConfigHook: fromSource
      ? (config) => {
          config.resolve = {
            ...config.resolve,
            extensionAlias: { '.js': ['.ts', '.js'] },
            alias: {
              ...(config.resolve?.alias as Record<string, string>),
              '#domain': path.join(root, 'libs/domain/src/index.ts'),
            },
          };
          return config;
        }
      : undefined,
  });
}

// Webpack's progress lines are noise in the worker's JSON logs; warnings and errors still surface.
const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
};
