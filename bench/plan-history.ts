import type { NomineeRoute, PlanDraft, StageState, SubmissionPayload, Unit } from '#domain';
import type { AppendOptions, AppendResult, EventEnvelope, NewEvent } from '#event-store';
import { occurredAt } from '#persistence';
import { demoPlan } from '#persistence/dev';
import { PlanStream, TaskStream, type Appender } from '../test/support/driven-streams.js';
import { mulberry32, uuidFrom, type StreamToSeed } from './seed-events.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The plan is drafted on this day and launched the next; fixed, so every run generates the same history. */
const DRAFTED_ON = new Date('2026-01-05T02:00:00.000Z');
const LAUNCHED_AT = '2026-01-06T02:00:00.000Z';
/** Shares of units that submit a stage late, and of submissions the board returns once. */
const LATE_SHARE = 0.15;
const RETURN_SHARE = 0.3;
const RETURN_REASONS = [
  'Thiếu biên bản họp Hội đồng thi đua',
  'Số liệu không khớp với báo cáo quý',
  'Chưa có xác nhận của thủ trưởng đơn vị',
];

export interface GeneratedPlan {
  planId: string;
  /** The plan's stream first, then one task stream per unit. */
  streams: StreamToSeed[];
  events: number;
}

export interface PlanHistoryOptions {
  units: readonly string[];
  /** Nothing happens after this instant: units are left mid-way, with open, returned and overdue stages. */
  until?: string;
}

/**
 * A board's plan to many units and each unit's task, driven by the domain's own deciders (test/support/driven-streams.ts)
 * as the workflows would drive them: assigned at launch, reminded, submitting each stage on time or late (missed
 * deadlines and escalations), some submissions returned with a reason and submitted again, accepted, nominees
 * approved. The events are collected in memory with their domain times as recorded times, ready for writeStreams.
 * Deterministic for the same options.
 */
export async function generatePlanHistory(options: PlanHistoryOptions): Promise<GeneratedPlan> {
  const random = mulberry32(0x504c414e);
  const recorder = new Recorder();
  const planId = uuidFrom(random);
  const draft: PlanDraft = { ...demoPlan(DRAFTED_ON), recipients: options.units.map((unitCode) => ({ unitCode, role: 'implement' })) };
  const plan = new PlanStream(recorder, planId);
  await plan.create(draft);
  await plan.launch(LAUNCHED_AT);
  const until = Date.parse(options.until ?? '9999-12-31T00:00:00.000Z');
  for (const unitCode of options.units) {
    const task = new TaskStream(recorder, planId, unitCode);
    await task.assign(draft, { issuerKind: 'board', hasUnitsBelow: false, launchedAt: LAUNCHED_AT });
    await playTask(task, until, random);
  }
  const streams = recorder.streams();
  return { planId, streams, events: streams.reduce((sum, stream) => sum + stream.events.length, 0) };
}

/** The unit's stages in due order; stops (timers fired up to `until`) at the first action after `until`. */
async function playTask(task: TaskStream, until: number, random: () => number): Promise<void> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const stages = [...(task.state.status === 'unassigned' ? [] : task.state.stages)].sort(
    (a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt),
  );
  for (const stage of stages) {
    const due = Date.parse(stage.dueAt);
    const submitAt = random() < LATE_SHARE ? due + 3 * DAY_MS : due - 2 * DAY_MS;
    const returned = stage.kind !== 'nomination' && random() < RETURN_SHARE; // nominees are decided one by one instead
    const submit = (at: number) => () => {
      const { payload, assessments } = submissionFor(stage, task.unitCode);
      return task.submit(stage.id, payload, iso(at), assessments);
    };
    const steps: [number, () => Promise<unknown>][] = [[submitAt, submit(submitAt)]];
    if (returned) {
      const reason = RETURN_REASONS[Math.floor(random() * RETURN_REASONS.length)];
      steps.push(
        [submitAt + DAY_MS, () => task.giveBack(stage.id, reason, iso(submitAt + DAY_MS))],
        [submitAt + 2 * DAY_MS, submit(submitAt + 2 * DAY_MS)],
      );
    }
    const decideAt = submitAt + (returned ? 3 : 1) * DAY_MS;
    const decide =
      stage.kind === 'nomination'
        ? () =>
            task.do({ type: 'DecideNominee', data: { stageId: stage.id, index: 0, decision: 'approved' } }, iso(decideAt), 'test:issuer')
        : () => task.accept(stage.id, iso(decideAt));
    steps.push([decideAt, decide]);
    for (const [at, step] of steps) {
      if (at > until) {
        await task.advance(iso(until));
        return;
      }
      await task.advance(iso(at));
      await step();
    }
  }
}

function submissionFor(stage: StageState, unitCode: string): { payload: SubmissionPayload; assessments?: { route: NomineeRoute }[] } {
  switch (stage.kind) {
    case 'registration':
      return {
        payload: {
          kind: 'registration',
          titles: [
            { award: 'TLDTT', recipientKind: 'collective' },
            { award: 'LDTT', recipientKind: 'individual', name: 'Nguyễn Văn An' },
          ],
        },
      };
    case 'nomination':
      return {
        payload: {
          kind: 'nomination',
          nominees: [
            {
              nomineeKind: 'individual',
              name: 'Trần Thị Bình',
              award: 'BANG_KHEN_TINH',
              achievement: `Hoàn thành xuất sắc nhiệm vụ tại ${unitCode}`,
            },
          ],
        },
        assessments: [{ route: 'decide-here' }],
      };
    default:
      return {
        payload: {
          kind: 'report',
          summary: 'Đơn vị đã triển khai kế hoạch; hoàn thành 95% chỉ tiêu; hai sáng kiến được công nhận cấp cơ sở.',
        },
      };
  }
}

/** Takes appends as the store would, keeping each stream's events in memory with their domain times. */
class Recorder implements Appender {
  private readonly byStream = new Map<string, StreamToSeed>();

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const stream = this.byStream.get(streamId) ?? { streamId, streamType: options.streamType ?? 'unknown', events: [] };
    this.byStream.set(streamId, stream);
    for (const event of events) {
      const last = stream.events.at(-1)?.recordedAt ?? DRAFTED_ON.toISOString();
      const envelope: EventEnvelope = {
        streamId,
        version: stream.events.length + 1,
        eventId: event.eventId,
        type: event.type,
        schemaVersion: 1,
        data: event.data,
        metadata: event.metadata,
        recordedAt: last,
      };
      // Recorded when it happened, never before the stream's previous event (as the store keeps them).
      const at = Math.max(occurredAt(envelope).getTime(), Date.parse(last));
      stream.events.push({ ...envelope, recordedAt: new Date(at).toISOString() });
    }
    return { streamId, version: stream.events.length, written: events.length, events: [] };
  }

  streams(): StreamToSeed[] {
    return [...this.byStream.values()];
  }
}

/** A province-like hierarchy: `departments` departments under the board TINH, each with `divisionsEach` divisions. */
export function benchUnits(departments: number, divisionsEach: number): Unit[] {
  const units: Unit[] = [{ code: 'TINH', name: 'Hội đồng Thi đua – Khen thưởng tỉnh', kind: 'board' }];
  for (let d = 1; d <= departments; d++) {
    const code = `S${String(d).padStart(3, '0')}`;
    units.push({ code, name: `Sở thứ ${d}`, kind: 'department', parentCode: 'TINH' });
    for (let p = 1; p <= divisionsEach; p++)
      units.push({ code: `${code}.P${String(p).padStart(2, '0')}`, name: `Phòng ${p}, Sở thứ ${d}`, kind: 'division', parentCode: code });
  }
  return units;
}
