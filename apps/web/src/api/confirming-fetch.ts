/**
 * Every change the web app asks for carries an Idempotency-Key, the same across its retries; an answer 504
 * NOT_CONFIRMED_YET (the action was accepted but not yet stored) is retried with that key, while the person is told
 * it is not confirmed yet, never that it failed. The API answers a retry of a done action with its first answer.
 */
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ConfirmingOptions {
  /** Tries in all before the last 504 is shown (each try waits up to the API's 15 s). */
  attempts?: number;
  /** The pause before the `retry`th retry. */
  pause?: (retry: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const defaultPause = (retry: number) => sleep(Math.min(2_000 * retry, 10_000));

/** How many actions are waiting for their confirmation now; for useSyncExternalStore. */
export const unconfirmedActions = (() => {
  let count = 0;
  const listeners = new Set<() => void>();
  const change = (by: number) => {
    count += by;
    listeners.forEach((listener) => listener());
  };
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => count,
    change,
  };
})();

async function notConfirmedYet(response: Response): Promise<boolean> {
  if (response.status !== 504) return false;
  const body: unknown = await response.clone().json().catch(() => undefined);
  return typeof body === 'object' && body !== null && 'code' in body && body.code === 'NOT_CONFIRMED_YET';
}

/** Wraps a fetch so that changes are keyed and retried until confirmed (see above). */
export function confirmingFetch(send: (request: Request) => Promise<Response>, { attempts = 8, pause = defaultPause }: ConfirmingOptions = {}) {
  return async (request: Request): Promise<Response> => {
    if (!MUTATING.has(request.method)) return send(request);
    const keyed = request.headers.has('idempotency-key') ? request : new Request(request, { headers: withKey(request.headers) });
    let response = await send(keyed.clone());
    if (!(await notConfirmedYet(response))) return response;
    unconfirmedActions.change(+1);
    try {
      for (let retry = 1; retry < attempts && (await notConfirmedYet(response)); retry++) {
        await pause(retry);
        response = await send(keyed.clone());
      }
      return response;
    } finally {
      unconfirmedActions.change(-1);
    }
  };
}

function withKey(headers: Headers): Headers {
  const keyed = new Headers(headers);
  keyed.set('idempotency-key', crypto.randomUUID());
  return keyed;
}
