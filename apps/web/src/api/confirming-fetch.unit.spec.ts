import { confirmingFetch, unconfirmedActions } from './confirming-fetch';

const notConfirmed = () =>
  new Response(JSON.stringify({ statusCode: 504, code: 'NOT_CONFIRMED_YET', message: 'not confirmed' }), {
    status: 504,
    headers: { 'content-type': 'application/json' },
  });
const done = () => new Response(JSON.stringify({ status: 'open' }), { status: 200, headers: { 'content-type': 'application/json' } });
const noPause = () => Promise.resolve();

describe('changes sent from the web app', () => {
  it('retry an action not confirmed yet with the same Idempotency-Key and body, saying meanwhile that it is not confirmed', async () => {
    const sent: { key: string | null; body: string }[] = [];
    const whileRetrying: number[] = [];
    const answers = [notConfirmed(), notConfirmed(), done()];
    const send = confirmingFetch(
      async (request) => {
        sent.push({ key: request.headers.get('idempotency-key'), body: await request.text() });
        whileRetrying.push(unconfirmedActions.getSnapshot());
        return answers.shift()!;
      },
      { pause: noPause },
    );

    const response = await send(new Request('http://api/plans/p/close', { method: 'POST', body: '{"reason":"x"}' }));

    expect(response.status).toBe(200);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((s) => s.key)).size).toBe(1);
    expect(sent[0].key).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.every((s) => s.body === '{"reason":"x"}')).toBe(true);
    expect(whileRetrying).toEqual([0, 1, 1]);
    expect(unconfirmedActions.getSnapshot()).toBe(0);
  });

  it("keep the caller's own key, give each action a key of its own, and leave reads and other answers alone", async () => {
    const keys: (string | null)[] = [];
    const send = confirmingFetch(
      async (request) => {
        keys.push(request.headers.get('idempotency-key'));
        return new Response('{}', { status: request.method === 'GET' ? 200 : 409 });
      },
      { pause: noPause },
    );
    await send(new Request('http://api/plans', { method: 'POST', headers: { 'idempotency-key': 'mine' } }));
    await send(new Request('http://api/plans/p/close', { method: 'POST' }));
    await send(new Request('http://api/plans/p/close', { method: 'POST' }));
    expect((await send(new Request('http://api/plans'))).status).toBe(200);
    expect(keys[0]).toBe('mine');
    expect(keys[1]).not.toBe(keys[2]);
    expect(keys).toHaveLength(4);
    expect(keys[3]).toBeNull();
  });

  it('give up after the set attempts with the last 504, which the page shows as not confirmed', async () => {
    let tries = 0;
    const send = confirmingFetch(async () => (tries++, notConfirmed()), { attempts: 3, pause: noPause });
    expect((await send(new Request('http://api/x', { method: 'POST' }))).status).toBe(504);
    expect(tries).toBe(3);
  });

  it('retry an action that got no answer (network error) with the same key, as a 504', async () => {
    const keys: (string | null)[] = [];
    const send = confirmingFetch(
      async (request) => {
        keys.push(request.headers.get('idempotency-key'));
        if (keys.length < 3) throw new TypeError('Failed to fetch');
        return done();
      },
      { pause: noPause },
    );
    expect((await send(new Request('http://api/plans/p/close', { method: 'POST' }))).status).toBe(200);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });

  it('keep the key of an action whose outcome stayed unknown for the same request sent again, until it is answered', async () => {
    const keys: (string | null)[] = [];
    let reachable = false;
    const send = confirmingFetch(
      async (request) => {
        keys.push(request.headers.get('idempotency-key'));
        if (!reachable) throw new TypeError('Failed to fetch');
        return done();
      },
      { attempts: 2, pause: noPause },
    );
    const extension = () => new Request('http://api/plans/p/extend', { method: 'POST', body: '{"reason":"x"}' });
    await expect(send(extension())).rejects.toThrow('Failed to fetch');
    reachable = true;
    expect((await send(extension())).status).toBe(200);
    await send(extension());
    await send(new Request('http://api/plans/p/extend', { method: 'POST', body: '{"reason":"y"}' }));
    expect(keys.slice(0, 3)).toEqual([keys[0], keys[0], keys[0]]);
    expect(new Set(keys).size).toBe(3);
  });
});
