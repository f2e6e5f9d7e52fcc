/**
 * Every change the web app asks for carries an Idempotency-Key, the same across its retries; an answer 504
 * NOT_CONFIRMED_YET (the action was accepted but not yet stored) or no answer at all (a network error: the API may
 * have acted) is retried with that key, while the person is told it is not confirmed yet, never that it failed. The
 * API answers a retry of a done action with its first answer. Until an action gets a final answer, sending the same
 * request again (a person's manual retry, from any form) reuses its key, so it can never be recorded twice.
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
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => count,
    change,
  };
})();

/** The keys of the actions whose outcome is still unknown, by request (method, URL, body); removed once answered. */
const unsettledKeys = new Map<string, string>();

type Outcome = { response: Response } | { error: unknown };

/** Whether the action may or may not have happened: a 504 NOT_CONFIRMED_YET, or no answer (but not a cancel). */
async function unknown(outcome: Outcome): Promise<boolean> {
  if ('error' in outcome) return !(outcome.error instanceof DOMException && outcome.error.name === 'AbortError');
  if (outcome.response.status !== 504) return false;
  const body: unknown = await outcome.response
    .clone()
    .json()
    .catch(() => undefined);
  return typeof body === 'object' && body !== null && 'code' in body && body.code === 'NOT_CONFIRMED_YET';
}

/** Wraps a fetch so that changes are keyed and retried until confirmed (see above). */
export function confirmingFetch(
  send: (request: Request) => Promise<Response>,
  { attempts = 8, pause = defaultPause }: ConfirmingOptions = {},
) {
  return async (request: Request): Promise<Response> => {
    if (!MUTATING.has(request.method)) return send(request);
    const action = `${request.method} ${request.url}\n${await request.clone().text()}`;
    const key = request.headers.get('idempotency-key') ?? unsettledKeys.get(action) ?? crypto.randomUUID();
    const headers = new Headers(request.headers);
    headers.set('idempotency-key', key);
    const keyed = new Request(request, { headers });
    const once = (): Promise<Outcome> =>
      send(keyed.clone()).then(
        (response) => ({ response }),
        (error: unknown) => ({ error }),
      );
    let outcome = await once();
    if (await unknown(outcome)) {
      unconfirmedActions.change(1);
      try {
        for (let retry = 1; retry < attempts && (await unknown(outcome)); retry++) {
          await pause(retry);
          outcome = await once();
        }
      } finally {
        unconfirmedActions.change(-1);
      }
    }
    if (await unknown(outcome)) unsettledKeys.set(action, key);
    else unsettledKeys.delete(action);
    if ('error' in outcome) throw outcome.error;
    return outcome.response;
  };
}
