import { cpus } from 'node:os';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import type { DataSource } from 'typeorm';
import { EventStore, type EventMetadata } from '#event-store';
import { measure, runConcurrently, versus, type Figure, type Scenario, type ScenarioContext, type ScenarioResult } from '../harness.js';
import { generatePlanHistory } from '../plan-history.js';

const TITLE = 'event append';
const BATCHES = [1, 10] as const;
const WRITERS = [1, 8] as const;
/** Streams each writer appends to in turn, in the existing-streams cases. */
const STREAMS_PER_WRITER = 25;
/** Untimed appends per store and case first: connections opened, statements planned, Emmett's schema created. */
const WARM_UP = 20;

interface Payload {
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

/** One store under test: how it appends a batch to a stream at a known version (0: the stream is new). */
interface Writer {
  name: string;
  append(streamId: string, version: number, events: readonly Payload[]): Promise<void>;
}

interface Case {
  batch: number;
  writers: number;
  streams: 'new' | 'existing';
}

/**
 * Appends of the same payloads (events of a generated plan: the domain's own types and data) by three stores on the
 * same database, case by case: 1 and 10 events per append, 1 and 8 concurrent writers, to new streams and to
 * streams that already hold events. Our EventStore (advisory lock, expected version, idempotency check, hash
 * chain, triggers); plain INSERTs into an equivalent table without any of that; Emmett's PostgreSQL event store.
 */
export async function runAppend({ dataSource, databaseUrl, sizes, progress, log }: ScenarioContext): Promise<ScenarioResult> {
  const payloads = await domainPayloads();
  await dataSource.query(`
    CREATE TABLE bench_plain_events (
      global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      stream_id text NOT NULL, version integer NOT NULL, event_id text NOT NULL, type text NOT NULL,
      data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`);
  await dataSource.query('CREATE INDEX bench_plain_events_stream_idx ON bench_plain_events (stream_id, version)');
  const emmett = getPostgreSQLEventStore(databaseUrl);
  try {
    const writers = [plainInserts(dataSource), emmettWriter(emmett), ourStore(dataSource)];
    const cases = BATCHES.flatMap((batch) =>
      WRITERS.flatMap((writers) => (['new', 'existing'] as const).map((streams) => ({ batch, writers, streams }))),
    );
    const figures: Figure[] = [];
    const bar = progress('appending', cases.length * writers.length);
    let done = 0;
    for (const [index, testCase] of cases.entries()) {
      const label = `${testCase.batch} event${testCase.batch > 1 ? 's' : ''}/append, ${testCase.writers} writer${testCase.writers > 1 ? 's' : ''}, ${testCase.streams} streams`;
      // Same case, stores back to back, so a slow moment of the machine hits them alike.
      const timed: number[] = [];
      for (const writer of writers) {
        timed.push(await timeCase(writer, testCase, `c${index}`, sizes.appends, payloads));
        bar.update(++done, `${writer.name}: ${label}`);
      }
      const eventsPerSecond = (seconds: number) => (sizes.appends * testCase.batch) / seconds;
      const plainFigure: Figure = {
        name: `baseline (a): plain INSERT, ${label}`,
        value: eventsPerSecond(timed[0]),
        unit: 'events/s',
        seconds: timed[0],
      };
      const emmettFigure: Figure = {
        name: `baseline (b): Emmett appendToStream, ${label}`,
        value: eventsPerSecond(timed[1]),
        unit: 'events/s',
        seconds: timed[1],
      };
      figures.push(plainFigure, emmettFigure, {
        name: `EventStore.append, ${label}`,
        value: eventsPerSecond(timed[2]),
        unit: 'events/s',
        seconds: timed[2],
        baselines: [versus(plainFigure, timed[2]), versus(emmettFigure, timed[2])],
      });
      log(
        `${label}: ours ${Math.round(eventsPerSecond(timed[2]))} events/s, plain ${Math.round(plainFigure.value)}, Emmett ${Math.round(emmettFigure.value)}`,
      );
    }
    bar.stop();
    return {
      scenario: TITLE,
      parameters: {
        appendsPerCase: sizes.appends,
        streamsPerWriterWhenExisting: STREAMS_PER_WRITER,
        warmUpAppends: WARM_UP,
        payloadTypes: new Set(payloads.map((p) => p.type)).size,
        cores: cpus().length,
      },
      figures,
      notes: [
        'Each case: the same number of appends by each store, split among the writers, each writer awaiting its append before the next. Value = events written / wall-clock time. Ratio = EventStore time / baseline time.',
        "Our store: EventStore.append with no inline projections (Emmett's has none either): one transaction taking the stream's advisory lock, reading the head, checking event ids for a retried batch, hashing the chain, inserting, moving the head; the chain trigger checks each row.",
        'Plain INSERT: one multi-row INSERT per append, autocommit, into a table of the same columns with only a primary key and a (stream_id, version) index.',
        "Emmett: @event-driven-io/emmett-postgresql's appendToStream with the expected stream version (STREAM_DOES_NOT_EXIST for a new stream), its own pool, on the same database.",
        `Existing streams: each writer cycles through ${STREAMS_PER_WRITER} streams of its own, created untimed with one event. New streams: every append creates one.`,
      ],
    };
  } finally {
    await emmett.close();
  }
}

export const appendScenario: Scenario = { id: 'append', title: TITLE, run: runAppend };

async function timeCase(writer: Writer, testCase: Case, prefix: string, appends: number, payloads: readonly Payload[]): Promise<number> {
  const streamOf = (lane: number, n: number) => `bench:${prefix}:${writer.name.replace(/\W+/g, '-')}:${lane}:${n}`;
  const versions = new Map<string, number>();
  let next = 0;
  const batchAt = () => Array.from({ length: testCase.batch }, () => payloads[next++ % payloads.length]);
  const appendTo = async (streamId: string) => {
    const version = versions.get(streamId) ?? 0;
    await writer.append(streamId, version, batchAt());
    versions.set(streamId, version + testCase.batch);
  };
  // Each lane (writer) has its own streams, so concurrent writers never conflict on a version.
  const target = (lane: number, n: number) => (testCase.streams === 'new' ? streamOf(lane, n) : streamOf(lane, n % STREAMS_PER_WRITER));
  if (testCase.streams === 'existing') {
    for (let lane = 0; lane < testCase.writers; lane++) for (let n = 0; n < STREAMS_PER_WRITER; n++) await appendTo(streamOf(lane, n));
  }
  const run = async (count: number, offset: number) => {
    const perLane = Math.ceil(count / testCase.writers);
    await runConcurrently(testCase.writers, testCase.writers, async (lane) => {
      for (let n = 0; n < perLane && lane * perLane + n < count; n++) await appendTo(target(lane, offset + n));
    });
  };
  await run(WARM_UP, 0);
  return (await measure(() => run(appends, WARM_UP))).seconds;
}

function ourStore(dataSource: DataSource): Writer {
  const store = new EventStore(dataSource);
  return {
    name: 'EventStore',
    append: async (streamId, version, events) => {
      await store.append(
        streamId,
        events.map((event, i) => ({ ...event, eventId: `${streamId}/${version + i + 1}` })),
        { expectedVersion: version, streamType: 'bench' },
      );
    },
  };
}

function plainInserts(dataSource: DataSource): Writer {
  return {
    name: 'plain INSERT',
    append: async (streamId, version, events) => {
      const values = events.map(
        (_, i) => `($1, $${i * 5 + 2}::int, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5}::jsonb, $${i * 5 + 6}::jsonb)`,
      );
      const params = [
        streamId,
        ...events.flatMap((event, i) => [
          version + i + 1,
          `${streamId}/${version + i + 1}`,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
        ]),
      ];
      await dataSource.query(
        `INSERT INTO bench_plain_events (stream_id, version, event_id, type, data, metadata) VALUES ${values.join(', ')}`,
        params,
      );
    },
  };
}

function emmettWriter(store: PostgresEventStore): Writer {
  return {
    name: 'Emmett',
    append: async (streamId, version, events) => {
      await store.appendToStream(
        streamId,
        events.map(({ type, data, metadata }) => ({ type, data: data as Record<string, unknown>, metadata: { ...metadata } })),
        { expectedStreamVersion: version === 0 ? STREAM_DOES_NOT_EXIST : BigInt(version) },
      );
    },
  };
}

/** Events of a generated plan (its task streams), in order: what the workflows append in production. */
async function domainPayloads(): Promise<Payload[]> {
  const plan = await generatePlanHistory({ units: Array.from({ length: 20 }, (_, i) => `S${String(i + 1).padStart(3, '0')}`) });
  return plan.streams.slice(1).flatMap((stream) => stream.events.map(({ type, data, metadata }) => ({ type, data, metadata })));
}
