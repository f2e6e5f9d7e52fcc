import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { freePort } from '#config';
import { findOnPath, isExecutable, run } from './executables.js';

export interface TimeSkippingServerOptions {
  /** TEMPORAL_TEST_SERVER_PATH: a test server executable the operator chose; it must exist. */
  serverPath?: string;
  /** TEMPORAL_TEST_SERVER_CACHE_DIR: kept outside the repo so that clones and CI runs share one build; one folder per version. */
  cacheDir?: string;
  /** The `io.temporal:temporal-test-server` release on Maven Central. */
  version?: string;
  log?: (message: string) => void;
}

// The newest release on Maven Central in November 2026 (1.35.0–1.38.0 are there); tested with the TS SDK 1.24.
export const DEFAULT_TEMPORAL_TEST_SERVER_VERSION = '1.38.0';
export const defaultTestServerCacheDir = () => path.join(homedir(), '.cache', 'temporal-test-server');

const WRAPPER = 'temporal-test-server';
const CDS_ARCHIVE = 'classes.jsa';
const MAIN_CLASS = 'io.temporal.testserver.TestServer';
// Full plugin coordinates: Maven 3.8's default for `dependency:` is 2.8 (2013), and a prefix needs a metadata look-up.
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
// The SDK gives a server 5 s to accept connections. A short-lived test server wants start-up, not peak throughput:
// C1 only, one GC thread. The class-data-sharing archive (written at build time) saves most of the class loading;
// an archive the JVM cannot use (another JDK, changed jars) is skipped with one warning line (-Xshare:auto, the default).
// slf4j-simple at WARN: the server's warnings and errors reach the test output, its info lines do not.
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn'];

/**
 * Resolves the Temporal time-skipping test server (the Java one from Maven Central, run by a wrapper script):
 * configured path → cache → build the cache with Maven. Throws when it can do none of these: no download fallback.
 */
export async function resolveTimeSkippingServer(options: TimeSkippingServerOptions = {}): Promise<string> {
  const log = options.log ?? (() => undefined);
  if (options.serverPath) {
    if (!isExecutable(options.serverPath)) {
      throw new Error(`TEMPORAL_TEST_SERVER_PATH points to "${options.serverPath}", which is not an executable file`);
    }
    return options.serverPath;
  }
  // The wrapper runs `java` from PATH: without it the SDK would only report a start-up timeout.
  requireOnPath('java', 'is a Java program (Java 17 or newer)');

  const version = options.version ?? DEFAULT_TEMPORAL_TEST_SERVER_VERSION;
  const cacheRoot = options.cacheDir ?? defaultTestServerCacheDir();
  const target = path.join(cacheRoot, version);
  const wrapper = path.join(target, WRAPPER);
  if (isExecutable(wrapper)) return wrapper;

  requireOnPath('mvn', 'is fetched from Maven Central with Maven');
  log(`Fetching the Temporal test server ${version} from Maven Central into ${target} (first time only)…`);
  await buildWithMaven(version, cacheRoot, target, log);
  return wrapper;
}

/**
 * A time-skipping environment on the server at `serverPath` (a path from resolveTimeSkippingServer).
 * No `--enable-time-skipping`: as with the SDK's own download, the server starts with time skipping locked and the
 * SDK's client unlocks it while it awaits a workflow result. With the flag, time runs ahead from the start (a
 * 200-day sleep test then failed with "Workflow execution timed out").
 */
export function startTimeSkippingEnvironment(serverPath: string): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: serverPath } } });
}

/**
 * Builds the whole cache folder in a temporary sibling and renames it into place, so a cache folder is always
 * complete and concurrent builders (two Jest workers) cannot see each other's half-built one.
 */
async function buildWithMaven(version: string, cacheRoot: string, target: string, log: (message: string) => void): Promise<void> {
  mkdirSync(cacheRoot, { recursive: true });
  const work = mkdtempSync(path.join(cacheRoot, `.${version}-building-`));
  chmodSync(work, 0o755); // mkdtemp makes it private; the cache folder it becomes need not be
  try {
    writeFileSync(path.join(work, 'pom.xml'), pom(version));
    // The artifact is a thin jar (~40 runtime dependencies: gRPC, protobuf, the Java SDK…): copy them all.
    await run('mvn', ['-B', '-q', `${DEPENDENCY_PLUGIN}:copy-dependencies`, '-DincludeScope=runtime', '-DoutputDirectory=lib'], {
      cwd: work,
    });
    // Relative paths, run from the wrapper's folder: the CDS archive records the class path as given, so this keeps
    // the archive valid after the rename below.
    const classPath = readdirSync(path.join(work, 'lib'))
      .filter((file) => file.endsWith('.jar'))
      .sort()
      .map((file) => `lib/${file}`)
      .join(':');
    try {
      await writeClassDataSharingArchive(work, classPath);
    } catch (error) {
      // Only start-up time is lost: the JVM runs without an unusable archive (with one warning line).
      log(`Could not write the class-data-sharing archive: ${error instanceof Error ? error.message : String(error)}`);
    }
    const wrapper = path.join(work, WRAPPER);
    writeFileSync(
      wrapper,
      [
        '#!/bin/sh',
        `# Temporal time-skipping test server ${version} (io.temporal:temporal-test-server from Maven Central),`,
        '# written by libs/temporal/src/dev/test-server.ts. The SDK runs it as `temporal-test-server <port> [args]`.',
        'cd "$(dirname "$0")" || exit 1',
        `exec java -XX:SharedArchiveFile=${CDS_ARCHIVE} ${JVM_FLAGS.join(' ')} -cp '${classPath}' ${MAIN_CLASS} "$@"`,
        '',
      ].join('\n'),
    );
    chmodSync(wrapper, 0o755);
    try {
      renameSync(work, target);
    } catch (error) {
      // Another process finished first: its folder is complete (it was renamed into place whole).
      if (!isExecutable(path.join(target, WRAPPER))) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// slf4j-simple: without a binding, every start prints a "no SLF4J binding" notice and the server's errors are lost.
const pom = (version: string) => `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>${version}</version>
  <dependencies>
    <dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>${version}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
`;

/**
 * Starts the server once with -XX:ArchiveClassesAtExit and stops it when it accepts connections: the JVM then
 * writes the classes it loaded to an archive that later starts map instead of loading and verifying them.
 */
async function writeClassDataSharingArchive(dir: string, classPath: string): Promise<void> {
  const port = await freePort();
  const child = spawn('java', [`-XX:ArchiveClassesAtExit=${CDS_ARCHIVE}`, ...JVM_FLAGS, '-cp', classPath, MAIN_CLASS, String(port)], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  const deadline = Date.now() + 60_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the test server did not accept connections on port ${port} (exit code ${child.exitCode})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGTERM'); // a normal exit: the archive is written by the JVM's exit path
  await exited;
  if (!existsSync(path.join(dir, CDS_ARCHIVE))) throw new Error('the JVM exited without writing it');
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function requireOnPath(name: string, what: string): void {
  if (!findOnPath(name)) {
    throw new Error(
      `\`${name}\` is not on PATH: the Temporal time-skipping test server ${what}. ` +
        'Install Java 17+ and Maven (Debian: apt-get install -y openjdk-17-jre-headless maven), or set TEMPORAL_TEST_SERVER_PATH.',
    );
  }
}
