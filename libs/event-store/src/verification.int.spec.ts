import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { computeEventHash, envelopeOf, EventStore, type RecordedEvent } from '#event-store';
import { createMigratedDataSource } from '../../../test/support/database.js';

let dataSource: DataSource;
let url: string;
let store: EventStore;

beforeAll(async () => {
  ({ dataSource, url } = await createMigratedDataSource('es_verify'));
  store = new EventStore(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
});

async function seedStream(events = 4): Promise<{ streamId: string; stored: RecordedEvent[] }> {
  const streamId = `plan-${randomUUID()}`;
  const batch = Array.from({ length: events }, (_, i) => ({
    eventId: `${streamId}/${i + 1}`,
    type: 'AmountChanged',
    data: { amount: (i + 1) * 100 },
    metadata: { actor: 'user-1' },
  }));
  const { events: stored } = await store.append(streamId, batch, { expectedVersion: 'no-stream' });
  return { streamId, stored };
}

/** An attacker with superuser rights: replica mode skips the append-only triggers (and foreign keys). */
async function asReplica(sql: string, params: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET session_replication_role = replica');
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** The same attacker, switching the table's triggers off for one transaction instead. */
async function withTriggersDisabled(sql: string, params: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE events DISABLE TRIGGER USER');
    await client.query(sql, params);
    await client.query('ALTER TABLE events ENABLE TRIGGER USER');
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

describe('verification detects tampering behind the store’s back', () => {
  it('passes an untouched stream, checking every event and the head', async () => {
    const { streamId } = await seedStream();
    expect(await store.verifyStream(streamId)).toEqual({ streamId, ok: true, eventsChecked: 4 });
    expect(await store.verifyStream(`plan-${randomUUID()}`)).toMatchObject({ ok: true, eventsChecked: 0 });
  });

  it('reports a row altered with triggers bypassed (replica mode) as altered at that version', async () => {
    const { streamId, stored } = await seedStream();
    await asReplica(`UPDATE events SET data = '{"amount": 1}' WHERE event_id = $1`, [stored[1].eventId]);

    const result = await store.verifyStream(streamId);
    expect(result).toMatchObject({ ok: false, eventsChecked: 4, firstBreak: { kind: 'altered', version: 2, eventId: stored[1].eventId } });
    expect(result.firstBreak!.message).toMatch(/version 2: .*its content was altered/);
  });

  it('reports a metadata change (who did it) as altered, with triggers disabled by ALTER TABLE', async () => {
    const { streamId, stored } = await seedStream();
    await withTriggersDisabled(`UPDATE events SET metadata = '{"actor": "someone-else"}' WHERE event_id = $1`, [stored[2].eventId]);
    expect((await store.verifyStream(streamId)).firstBreak).toMatchObject({ kind: 'altered', version: 3 });
  });

  it('reports a row altered together with a recomputed hash as altered, located through the next event’s link', async () => {
    const { streamId, stored } = await seedStream();
    const forged = { ...stored[1], data: { amount: 1 } };
    const forgedHash = computeEventHash(forged.prevHash, envelopeOf(forged));
    await asReplica(`UPDATE events SET data = '{"amount": 1}', hash = $2 WHERE event_id = $1`, [forged.eventId, forgedHash]);

    expect((await store.verifyStream(streamId)).firstBreak).toMatchObject({ kind: 'altered', version: 2, eventId: stored[1].eventId });
  });

  it('reports a deleted middle event as missing', async () => {
    const { streamId, stored } = await seedStream();
    await asReplica('DELETE FROM events WHERE event_id = $1', [stored[1].eventId]);

    const result = await store.verifyStream(streamId);
    expect(result).toMatchObject({ ok: false, eventsChecked: 3, firstBreak: { kind: 'missing', version: 2 } });
    expect(result.firstBreak!.message).toMatch(/versions 2–2 are missing/);
  });

  it('reports a truncated tail as missing', async () => {
    const { streamId, stored } = await seedStream();
    await asReplica('DELETE FROM events WHERE event_id = ANY($1)', [[stored[2].eventId, stored[3].eventId]]);

    const result = await store.verifyStream(streamId);
    expect(result).toMatchObject({ ok: false, eventsChecked: 2, firstBreak: { kind: 'missing', version: 3 } });
    expect(result.firstBreak!.message).toMatch(
      /stream row says version 4, but the events end at version 2; the tail of the stream is missing/,
    );
  });

  it('reports a stream whose events were all deleted, and verifyAll lists exactly the broken streams', async () => {
    const emptied = await seedStream(2);
    await asReplica('DELETE FROM events WHERE stream_id = $1', [emptied.streamId]);
    expect((await store.verifyStream(emptied.streamId)).firstBreak).toMatchObject({ kind: 'missing', version: 1 });

    const report = await store.verifyAll();
    expect(report.ok).toBe(false);
    // Every earlier test in this file broke one stream, except the first.
    expect(report.broken.map((b) => b.firstBreak!.kind).sort()).toEqual(
      ['altered', 'altered', 'altered', 'missing', 'missing', 'missing'].sort(),
    );
    expect(report.streams).toBe(report.broken.length + 1);
    expect(report.events).toBe(4 + 4 + 4 + 4 + 3 + 2 + 0);
  });
});
