import { randomBytes } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, ServiceConfig } from '#config';
import { generateSigningKeyPair } from '#event-store';
import { createDataSource, migrate, type AuditKeys } from '#persistence';
import { loadDemoUnits } from '#persistence/dev';
import { createApi } from '../../apps/api/src/app.factory.js';
import { TokenService, type IssueTokenInput } from '../../apps/api/src/auth/index.js';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { createTestDatabase } from './database.js';

export interface RunningSystem {
  baseUrl: string;
  config: ServiceConfig;
  /** The checkpoint key the API signs with (generated for the run). */
  auditKeys: Required<AuditKeys>;
  /** An HTTP client signed in as one of `people`. */
  as(person: IssueTokenInput): ReturnType<typeof http>;
  /** A bearer token for one of `people`, for requests the JSON client does not make (binary downloads). */
  token(person: IssueTokenInput): string;
  stop(): Promise<void>;
}

/** Who acts in the tests, on the demo units: the province board, three departments, an auditor. */
export const people = {
  board: { sub: 'can.bo@tinh', name: 'Ban Thi đua – Khen thưởng tỉnh', role: 'board', unit: 'TINH' },
  sngv: { sub: 'van.phong@sngv', name: 'Văn phòng Sở Ngoại vụ', role: 'department', unit: 'SNGV' },
  sgddt: { sub: 'van.phong@sgddt', name: 'Văn phòng Sở Giáo dục và Đào tạo', role: 'department', unit: 'SGDDT' },
  stttt: { sub: 'van.phong@stttt', name: 'Văn phòng Sở Thông tin và Truyền thông', role: 'department', unit: 'STTTT' },
  auditor: { sub: 'thanh.tra@tinh', name: 'Thanh tra tỉnh', role: 'auditor' },
} satisfies Record<string, IssueTokenInput>;

export const TEST_AUTH_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/**
 * The API and the worker exactly as main.ts builds them, on the run's real PostgreSQL (a fresh database
 * with the demo units) and real Temporal server (a task queue of their own). `updateWaitSeconds` shortens how long
 * the API waits for a workflow to confirm an action (UPDATE_WAIT_SECONDS), for tests of the 504.
 */
export async function startSystem(options: { updateWaitSeconds?: number } = {}): Promise<RunningSystem> {
  const url = await createTestDatabase('e2e');
  const dataSource = createDataSource({ url });
  await migrate(dataSource);
  await loadDemoUnits(dataSource);
  await dataSource.destroy();

  const config = loadConfig(ServiceConfig, {
    DATABASE_URL: url,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: `e2e-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'warn',
    UPDATE_WAIT_SECONDS: options.updateWaitSeconds?.toString(),
  });
  // The worker runs the workflow bundle that `npm run build` wrote, as in production.
  const auditKeys = { ...generateSigningKeyPair(), keyId: 'test-audit-key' };
  const worker: INestApplicationContext = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, auditKeys), {
    logger: ['error', 'warn'],
  });
  await worker.init();
  const api: INestApplication = await createApi(config, { secret: TEST_AUTH_SECRET, demoSignIn: true }, auditKeys);
  await api.listen(0, '127.0.0.1');
  const baseUrl = await api.getUrl();
  const tokens = new TokenService(TEST_AUTH_SECRET);
  return {
    baseUrl,
    config,
    auditKeys,
    as: (person) => http(baseUrl, tokens.issue(person, 3600)),
    token: (person) => tokens.issue(person, 3600),
    stop: async () => {
      await api.close();
      await worker.close();
    },
  };
}

/** A small JSON HTTP client for the tests, with a bearer token when given one. */
export function http(baseUrl: string, token?: string) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.startsWith('application/json');
    return { status: response.status, headers: response.headers, body: text && json ? JSON.parse(text) : text || undefined };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body, headers),
  };
}

/** Polls until `check` returns a value, or fails with the last value seen. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
