import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { computeEventHash, EventStore, GENESIS_HASH, type RecordedEvent } from '#event-store';
import { createMigratedDataSource } from '../../../test/support/database.js';

let dataSource: DataSource;
let store: EventStore;
let streamId: string;
let stored: RecordedEvent[];

beforeAll(async () => {
  ({ dataSource } = await createMigratedDataSource('es_append_only'));
  store = new EventStore(dataSource);
  streamId = `plan-${randomUUID()}`;
  const metadata = { actor: 'user-1' };
  stored = (
    await store.append(
      streamId,
      [1, 2].map((n) => ({ eventId: `${streamId}/${n}`, type: 'Happened', data: { n }, metadata })),
      { expectedVersion: 'no-stream' },
    )
  ).events;
});

afterAll(async () => {
  await dataSource?.destroy();
});

/** Inserts a hand-made event, as a buggy writer or a stray script would, bypassing the store. */
async function rawInsert(version: number, prevHash: string): Promise<void> {
  const envelope = {
    streamId,
    version,
    eventId: `${streamId}/raw-${version}-${randomUUID()}`,
    type: 'Raw',
    schemaVersion: 1,
    data: {},
    metadata: { actor: 'script' },
    recordedAt: new Date().toISOString(),
  };
  await dataSource.query(
    `INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
     VALUES ($1, $2, $3, $4, 1, '{}', $5::jsonb, $6::timestamptz, $7, $8)`,
    [
      streamId,
      version,
      envelope.eventId,
      envelope.type,
      JSON.stringify(envelope.metadata),
      envelope.recordedAt,
      prevHash,
      computeEventHash(prevHash, envelope),
    ],
  );
}

describe('the database keeps events append-only', () => {
  it('refuses UPDATE of events, even by the superuser', async () => {
    await expect(dataSource.query(`UPDATE events SET data = '{"n": 99}' WHERE stream_id = $1`, [streamId])).rejects.toThrow(
      /append-only: UPDATE on events is not allowed/,
    );
  });

  it('refuses DELETE of events, even one that matches no row', async () => {
    await expect(dataSource.query('DELETE FROM events WHERE stream_id = $1', [streamId])).rejects.toThrow(/append-only: DELETE on events/);
    await expect(dataSource.query('DELETE FROM events WHERE false')).rejects.toThrow(/append-only/);
  });

  it('refuses TRUNCATE of events, directly or through a cascade from the stream table', async () => {
    await expect(dataSource.query('TRUNCATE events')).rejects.toThrow(/append-only: TRUNCATE on events/);
    await expect(dataSource.query('TRUNCATE event_streams CASCADE')).rejects.toThrow(/append-only: TRUNCATE/);
    await expect(dataSource.query('DELETE FROM event_streams WHERE stream_id = $1', [streamId])).rejects.toThrow(/append-only/);
  });

  it('refuses an insert that skips a version, repeats one, or breaks the prev_hash link', async () => {
    await expect(rawInsert(4, stored[1].hash)).rejects.toThrow(/next version must be 3, not 4/);
    await expect(rawInsert(2, stored[0].hash)).rejects.toThrow(/next version must be 3, not 2/);
    await expect(rawInsert(3, GENESIS_HASH)).rejects.toThrow(/prev_hash does not match the hash of version 2/);
  });

  it('refuses to move a stream head back or onto an event that does not exist', async () => {
    await expect(dataSource.query('UPDATE event_streams SET version = 1 WHERE stream_id = $1', [streamId])).rejects.toThrow(/moved back/);
    await expect(
      dataSource.query('UPDATE event_streams SET version = 3, last_hash = $2 WHERE stream_id = $1', [streamId, GENESIS_HASH]),
    ).rejects.toThrow(/does not point at a stored event/);
  });

  it('still holds the original events afterwards', async () => {
    expect(await store.readStream(streamId)).toEqual(stored);
    expect((await store.verifyStream(streamId)).ok).toBe(true);
  });
});
