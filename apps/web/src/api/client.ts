import createClient, { type Middleware } from 'openapi-fetch';
import { confirmingFetch } from './confirming-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type PlanView = Schemas['PlanView'];
export type PlanUnitView = Schemas['PlanUnitView'];
export type CountsView = Schemas['CountsView'];
export type InboxItem = Schemas['InboxItemView'];

/** An answer of the API that is not a success: its status, stable code and the message(s) a person can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly messages: string[],
    readonly problems: { field?: string; code?: string; message: string }[] = [],
  ) {
    super(messages.join('\n'));
  }
}

let currentToken: string | undefined;
let onUnauthorized: (() => void) | undefined;

/** The session sets the bearer token every request carries, and what to do when the API no longer accepts it. */
export function useToken(token: string | undefined, unauthorized: () => void): void {
  currentToken = token;
  onUnauthorized = unauthorized;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (currentToken) request.headers.set('authorization', `Bearer ${currentToken}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && currentToken) onUnauthorized?.();
    return response;
  },
};

/**
 * The typed client: paths and bodies come from the API's OpenAPI document (npm run api-types). Every change it sends
 * carries an Idempotency-Key and is retried with it while not confirmed yet (confirming-fetch.ts).
 */
export const api = createClient<paths>({ baseUrl: '', fetch: confirmingFetch((request) => globalThis.fetch(request)) });
api.use(auth);

interface ErrorBody {
  code?: string;
  message?: string | string[];
  problems?: { field?: string; code?: string; message: string }[];
}

/** The data of a call, or an ApiError with the API's message. */
export async function call<R extends { data?: unknown; error?: unknown; response: Response }>(
  request: Promise<R>,
): Promise<NonNullable<R['data']>> {
  const { data, error, response } = await request;
  if (response.ok) return data as NonNullable<R['data']>;
  const body = (error ?? {}) as ErrorBody;
  const messages = Array.isArray(body.message) ? body.message : [body.message ?? response.statusText];
  throw new ApiError(response.status, body.code, messages, body.problems);
}

/** A file the API answers (DOCX, NDJSON bundle), saved through the browser's download. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const response = await fetch(path, { headers: currentToken ? { authorization: `Bearer ${currentToken}` } : {} });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as ErrorBody;
    throw new ApiError(response.status, body.code, [String(body.message ?? response.statusText)]);
  }
  const name = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
