import type { DataSource } from 'typeorm';
import { canonicalJson, computeEventHash, GENESIS_HASH, type EventEnvelope, type EventMetadata } from '#event-store';

export interface SeedOptions {
  events: number;
  /** Events per stream; the last stream takes the remainder. */
  streamLength: number;
  /** Whole streams written per transaction; their events are interleaved, as concurrent workflows write them. */
  streamsPerTransaction: number;
  onProgress?: (seeded: number) => void;
}

export interface SeededStore {
  events: number;
  streams: number;
  /** Mean size of an event's data plus metadata as JSON, in bytes. */
  meanPayloadBytes: number;
}

/** A stream to write whole: its events as the store would record them, before hashing. */
export interface StreamToSeed {
  streamId: string;
  streamType: string;
  events: EventEnvelope[];
}

/**
 * Writes whole streams into an empty store far faster than EventStore.append: hashes are computed here with the
 * store's own computeEventHash, then each transaction writes `streamsPerTransaction` streams' rows and events in two
 * set-based INSERTs. The store's triggers stay on, so every chain link, version and transaction id is also checked
 * by PostgreSQL as the store would write it. Returns the mean size of an event's data plus metadata as JSON.
 */
export async function writeStreams(
  dataSource: DataSource,
  streams: Iterable<StreamToSeed>,
  options: { streamsPerTransaction: number; onProgress?: (written: number) => void },
): Promise<{ events: number; meanPayloadBytes: number }> {
  let written = 0;
  let payloadBytes = 0;
  let batch: ChainedStream[] = [];
  const flush = async () => {
    await writeBatch(dataSource, batch);
    for (const stream of batch) for (const event of stream.events) payloadBytes += event.dataJson.length + event.metadataJson.length;
    written += batch.reduce((sum, stream) => sum + stream.events.length, 0);
    batch = [];
    options.onProgress?.(written);
  };
  for (const stream of streams) {
    batch.push(chain(stream));
    if (batch.length === options.streamsPerTransaction) await flush();
  }
  if (batch.length > 0) await flush();
  return { events: written, meanPayloadBytes: written === 0 ? 0 : Math.round(payloadBytes / written) };
}

/**
 * Fills an empty store with synthetic unit-task streams (valid chains, payloads shaped like the domain's) through
 * writeStreams. Deterministic: the same options give the same events (except for transaction ids and positions).
 */
export async function seedEvents(dataSource: DataSource, options: SeedOptions): Promise<SeededStore> {
  const { events, streamLength } = options;
  if (!Number.isSafeInteger(events) || events < 1) throw new RangeError(`events must be a positive integer, got ${events}`);
  const streams = Math.ceil(events / streamLength);
  const random = mulberry32(0x45504542);
  function* generate(): Generator<StreamToSeed> {
    for (let s = 0; s < streams; s++) yield generateStream(s, Math.min(streamLength, events - s * streamLength), random);
  }
  const written = await writeStreams(dataSource, generate(), options);
  return { events: written.events, streams, meanPayloadBytes: written.meanPayloadBytes };
}

interface ChainedEvent extends EventEnvelope {
  dataJson: string;
  metadataJson: string;
  prevHash: string;
  hash: string;
}

interface ChainedStream {
  streamId: string;
  streamType: string;
  events: ChainedEvent[];
  /** The hash of its last event: the stream row's last_hash. */
  lastHash: string;
}

function chain(stream: StreamToSeed): ChainedStream {
  let prevHash = GENESIS_HASH;
  const events = stream.events.map((envelope) => {
    const hash = computeEventHash(prevHash, envelope);
    const event = { ...envelope, dataJson: canonicalJson(envelope.data), metadataJson: canonicalJson(envelope.metadata), prevHash, hash };
    prevHash = hash;
    return event;
  });
  return { streamId: stream.streamId, streamType: stream.streamType, events, lastHash: prevHash };
}

async function writeBatch(dataSource: DataSource, batch: ChainedStream[]): Promise<void> {
  // Round-robin over the streams (every version 1, then every version 2, …): a stream's events are spread through
  // the table as in a live store, and each event still follows its predecessor, which the chain trigger requires.
  const rows: ChainedEvent[] = [];
  const longest = Math.max(...batch.map((stream) => stream.events.length));
  for (let index = 0; index < longest; index++) {
    for (const stream of batch) {
      const event = stream.events[index];
      if (event) rows.push(event);
    }
  }
  await dataSource.transaction(async (tx) => {
    // The stream rows go in at their final heads: only an UPDATE of event_streams is checked against the events.
    await tx.query(
      `INSERT INTO event_streams (stream_id, stream_type, version, last_hash)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[])`,
      [
        batch.map((stream) => stream.streamId),
        batch.map((stream) => stream.streamType),
        batch.map((stream) => stream.events.length),
        batch.map((stream) => stream.lastHash),
      ],
    );
    await tx.query(
      `INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[], $8::timestamptz[], $9::text[], $10::text[])`,
      [
        rows.map((e) => e.streamId),
        rows.map((e) => e.version),
        rows.map((e) => e.eventId),
        rows.map((e) => e.type),
        rows.map((e) => e.schemaVersion),
        rows.map((e) => e.dataJson),
        rows.map((e) => e.metadataJson),
        rows.map((e) => e.recordedAt),
        rows.map((e) => e.prevHash),
        rows.map((e) => e.hash),
      ],
    );
  });
}

/** Forty implementing units per plan: eight departments, each with four divisions. */
const UNITS = ['SNV', 'SNGV', 'SGDDT', 'STTTT', 'STC', 'SYT', 'SXD', 'SCT'].flatMap((code) => [
  code,
  ...[1, 2, 3, 4].map((n) => `${code}.P${n}`),
]);
const STAGES = ['registration', 'interim-review', 'nomination', 'final-review'] as const;
const SUMMARIES = [
  'Đơn vị đã triển khai kế hoạch đến toàn thể cán bộ, công chức; tổ chức ký kết giao ước thi đua và phát động phong trào.',
  'Hoàn thành 95% chỉ tiêu đề ra; hai sáng kiến được công nhận cấp cơ sở; không có cá nhân vi phạm kỷ luật.',
  'Báo cáo sơ kết sáu tháng: tiến độ đạt yêu cầu, một số nhiệm vụ chậm do thay đổi nhân sự.',
];
const REASONS = ['Thiếu biên bản họp Hội đồng thi đua', 'Số liệu không khớp với báo cáo quý', 'Chưa có xác nhận của thủ trưởng đơn vị'];
const TITLES = ['Chiến sĩ thi đua cơ sở', 'Lao động tiên tiến', 'Tập thể lao động xuất sắc', 'Bằng khen của Chủ tịch UBND tỉnh'];
const NAMES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hoàng Cường', 'Phạm Thu Dung', 'Võ Minh Đức'];

/** One unit's task stream in a plan: each stage opens, is reminded, submitted, sometimes returned and resubmitted, accepted. */
function generateStream(index: number, length: number, random: () => number): StreamToSeed {
  const planId = uuidFrom(random);
  const unit = UNITS[index % UNITS.length];
  const streamId = `plan:${planId}:unit:${unit}`;
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const unitActor = `van.phong@${unit.toLowerCase()}`;
  let time = Date.UTC(2024, 0, 1) + index * 37_000 + Math.floor(random() * 86_400_000);
  const events: EventEnvelope[] = [];
  for (let version = 1; version <= length; version++) {
    const stage = STAGES[Math.floor((version - 1) / 6) % STAGES.length];
    const [type, data, actor] = ((): [string, unknown, string] => {
      switch ((version - 1) % 6) {
        case 0:
          return version === 1
            ? [
                'TaskAssigned',
                { planId, unitCode: unit, issuer: 'TINH', deadline: { date: '2024-12-15', rule: 'before' } },
                'system:plan-workflow',
              ]
            : ['StageOpened', { stage, deadline: { date: '2024-06-30', rule: 'at', time: '16:00' } }, 'system:unit-lifecycle'];
        case 1:
          return ['ReminderSent', { stage, daysBefore: pick([7, 1]), recipients: [unitActor] }, 'system:timers'];
        case 2:
          return ['SubmissionMade', submission(stage, pick), unitActor];
        case 3:
          return random() < 0.5
            ? ['SubmissionReturned', { stage, reason: pick(REASONS) }, 'can.bo@tinh']
            : ['DeadlineMissed', { stage, daysLate: 1 + Math.floor(random() * 10), escalatedTo: 'unit' }, 'system:timers'];
        case 4:
          return ['SubmissionMade', submission(stage, pick), unitActor];
        default:
          return ['SubmissionAccepted', { stage, note: 'Đạt yêu cầu' }, 'can.bo@tinh'];
      }
    })();
    // Millisecond times that never go back within a stream, as the store records them.
    time += 60_000 + Math.floor(random() * 3 * 86_400_000);
    const metadata: EventMetadata = { actor, correlationId: planId };
    events.push({
      streamId,
      version,
      eventId: `${streamId}/${version}`,
      type,
      schemaVersion: 1,
      data,
      metadata,
      recordedAt: new Date(time).toISOString(),
    });
  }
  return { streamId, streamType: 'unit-task', events };
}

function submission(stage: (typeof STAGES)[number], pick: <T>(values: readonly T[]) => T): unknown {
  switch (stage) {
    case 'registration':
      return { stage, titles: [pick(TITLES), pick(TITLES)] };
    case 'nomination':
      return {
        stage,
        nominees: [
          { name: pick(NAMES), title: pick(TITLES) },
          { name: pick(NAMES), title: pick(TITLES) },
        ],
      };
    default:
      return { stage, summary: pick(SUMMARIES), attachments: 2 };
  }
}

export function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** A small seeded PRNG, so every run seeds the same store. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
