import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { findOnPath, isExecutable, run } from './executables.js';

/** Where a Temporal dev server binary comes from, in the order we try them. */
export type TemporalExecutable =
  { type: 'existing-path'; path: string; source: 'configured' | 'PATH' | 'cache' | 'built' } | { type: 'cached-download' };

export interface ResolveOptions {
  /** TEMPORAL_CLI_PATH: a binary the operator chose; it must exist. */
  cliPath?: string;
  /** TEMPORAL_CLI_CACHE_DIR: kept outside the repo so that clones and CI runs share one build. */
  cacheDir?: string;
  /** The CLI release to build from the Go module proxy. v1.5.1 is the newest whose go.mod `go install` accepts. */
  version?: string;
  log?: (message: string) => void;
}

export const DEFAULT_TEMPORAL_CLI_VERSION = 'v1.5.1';
export const defaultTemporalCacheDir = () => path.join(homedir(), '.cache', 'temporal-cli');

/**
 * Resolves a Temporal CLI binary: configured path → PATH → cache → build with Go → the SDK's download.
 * The start command, the tests and CI all call this, so they run the same server.
 */
export async function resolveTemporalExecutable(options: ResolveOptions = {}): Promise<TemporalExecutable> {
  const log = options.log ?? (() => undefined);
  if (options.cliPath) {
    if (!isExecutable(options.cliPath)) {
      throw new Error(`TEMPORAL_CLI_PATH points to "${options.cliPath}", which is not an executable file`);
    }
    return { type: 'existing-path', path: options.cliPath, source: 'configured' };
  }
  const onPath = findOnPath('temporal');
  if (onPath) return { type: 'existing-path', path: onPath, source: 'PATH' };

  const cacheDir = options.cacheDir ?? defaultTemporalCacheDir();
  const cached = path.join(cacheDir, 'temporal');
  if (isExecutable(cached)) return { type: 'existing-path', path: cached, source: 'cache' };

  const go = findOnPath('go');
  if (go) {
    const version = options.version ?? DEFAULT_TEMPORAL_CLI_VERSION;
    log(`Building the Temporal CLI ${version} with Go into ${cacheDir} (first time only, takes a few minutes)…`);
    try {
      await buildWithGo(go, version, cacheDir);
      if (isExecutable(cached)) return { type: 'existing-path', path: cached, source: 'built' };
      log(`go install finished but ${cached} is missing.`);
    } catch (error) {
      log(`Building with Go failed: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }
  log('No Temporal CLI could be found or built: falling back to the SDK download (needs internet access).');
  return { type: 'cached-download' };
}

export interface DevServerOptions {
  port?: number;
  /** Set to serve the Temporal Web UI on this port. */
  uiPort?: number;
  /** Persist the dev server's SQLite database here; in memory when absent. */
  dbFilename?: string;
  namespace?: string;
}

export interface RunningDevServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** Starts a real Temporal dev server (the CLI's `server start-dev`) owned by this process. */
export async function startDevServer(executable: TemporalExecutable, options: DevServerOptions = {}): Promise<RunningDevServer> {
  const namespace = options.namespace ?? 'default';
  const exe =
    executable.type === 'existing-path' ? { type: 'existing-path' as const, path: executable.path } : { type: 'cached-download' as const };
  if (options.dbFilename) mkdirSync(path.dirname(options.dbFilename), { recursive: true });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: exe,
      ip: '127.0.0.1',
      namespace,
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
      log: { format: 'json', level: 'warn' },
    },
  });
  return {
    address: env.address,
    namespace,
    uiUrl: options.uiPort !== undefined ? `http://127.0.0.1:${options.uiPort}` : undefined,
    stop: () => env.teardown(),
  };
}

function buildWithGo(go: string, version: string, cacheDir: string): Promise<void> {
  mkdirSync(cacheDir, { recursive: true });
  return run(go, ['install', `github.com/temporalio/cli/cmd/temporal@${version}`], {
    env: { ...process.env, GOBIN: cacheDir, GOFLAGS: '-mod=mod' },
  });
}
