import { randomUUID } from 'node:crypto';
import {
  decideDue,
  DEFAULT_TIMER_POLICY,
  eventIdOf,
  nextWakeUp,
  planDecider,
  planStreamId,
  stagesFor,
  startOfVietnamDay,
  unitTaskDecider,
  unitTaskStreamId,
  WORKFLOW_ACTOR,
  type Command,
  type CommandData,
  type Decider,
  type DomainEvent,
  type PlanCommand,
  type PlanDraft,
  type PlanEvent,
  type PlanState,
  type SubmissionPayload,
  type TimerPolicy,
  type UnitKind,
  type UnitTaskCommand,
  type UnitTaskEvent,
  type UnitTaskState,
} from '#domain';
import type { EventStore } from '#event-store';
import { KH_119, SNGV_PLAN } from './seed-plans.js';

/** Where a driven stream's decisions go: the event store, or anything else that takes appends (the bench's generator). */
export type Appender = Pick<EventStore, 'append'>;

/**
 * Test kit: drives plan and unit-task streams with the domain's deciders and appends what they decide the way the
 * workflows do (event ids `<stream>/<version>`, the plan id as correlation id, one append per decision), so that
 * read-model tests and benchmarks see realistic event sequences without running Temporal.
 */
abstract class DrivenStream<S, C extends Command, E extends DomainEvent> {
  version = 0;
  /** Every event appended so far, in order. */
  readonly events: E[] = [];
  state: S;

  protected constructor(
    protected readonly store: Appender,
    readonly streamId: string,
    private readonly streamType: string,
    private readonly correlationId: string,
    private readonly decider: Decider<S, C, E>,
  ) {
    this.state = decider.initialState();
  }

  /** Decides the command at `now` as the workflow's handler does, and appends what it decides. */
  do(command: CommandData<C>, now: string, actor: string): Promise<E[]> {
    return this.append(this.decider.decide({ ...command, metadata: { now, actor } }, this.state), actor);
  }

  protected async append(events: E[], actor: string): Promise<E[]> {
    if (events.length === 0) return events;
    const expectedVersion = this.version;
    await this.store.append(
      this.streamId,
      events.map((event, i) => ({
        eventId: eventIdOf(this.streamId, expectedVersion + i + 1),
        type: event.type,
        data: event.data,
        metadata: { actor, correlationId: this.correlationId },
      })),
      { expectedVersion, streamType: this.streamType },
    );
    this.version += events.length;
    this.events.push(...events);
    this.state = events.reduce((state, event) => this.decider.evolve(state, event), this.state);
    return events;
  }
}

export class PlanStream extends DrivenStream<PlanState, PlanCommand, PlanEvent> {
  constructor(
    store: Appender,
    readonly planId: string,
  ) {
    super(store, planStreamId(planId), 'plan', planId, planDecider);
  }

  /** PlanCreated has no time of its own; the draft is dated by its issue date. */
  create(draft: PlanDraft) {
    return this.do(
      { type: 'CreatePlan', data: { planId: this.planId, draft } },
      startOfVietnamDay(draft.issuedOn).toISOString(),
      'test:issuer',
    );
  }

  launch(now: string) {
    return this.do({ type: 'LaunchPlan', data: { planId: this.planId } }, now, 'test:issuer');
  }
}

export class TaskStream extends DrivenStream<UnitTaskState, UnitTaskCommand, UnitTaskEvent> {
  constructor(
    store: Appender,
    readonly planId: string,
    readonly unitCode: string,
    readonly policy: TimerPolicy = DEFAULT_TIMER_POLICY,
  ) {
    super(store, unitTaskStreamId(planId, unitCode), 'unit-task', planId, unitTaskDecider);
  }

  /**
   * The task's clock: the latest instant it acted at. A timer that fell due before an action fires at that action's time, as in the
   * workflow.
   */
  private clock = Number.NEGATIVE_INFINITY;

  override do(command: CommandData<UnitTaskCommand>, now: string, actor = 'test:person'): Promise<UnitTaskEvent[]> {
    this.clock = Math.max(this.clock, Date.parse(now));
    return super.do(command, now, actor);
  }

  /** What the workflow does when it is assigned: the stages of the plan's milestones for this unit. */
  assign(plan: PlanDraft, options: { issuerKind: UnitKind; hasUnitsBelow: boolean; launchedAt: string; now?: string }) {
    const stages = stagesFor(plan, this.unitCode, options.hasUnitsBelow, options.launchedAt);
    const rules = { quotas: plan.quotas, issuerKind: options.issuerKind, ruleDate: plan.issuedOn };
    return this.do(
      { type: 'Assign', data: { planId: this.planId, unitCode: this.unitCode, issuerUnit: plan.issuingUnit, rules, stages } },
      options.now ?? options.launchedAt,
      WORKFLOW_ACTOR,
    );
  }

  /** Lets the task's timers fire up to `until`, each wake-up one append, as the workflow's loop does. */
  async advance(until: string): Promise<UnitTaskEvent[]> {
    const end = Date.parse(until);
    const appended: UnitTaskEvent[] = [];
    for (let guard = 0; guard < 1000; guard++) {
      const next = nextWakeUp(this.state, this.policy, Number.NEGATIVE_INFINITY);
      if (next === undefined || next > end || this.state.status !== 'open') return appended;
      const wake = Math.max(next, this.clock);
      this.clock = wake;
      appended.push(...(await this.append(decideDue(this.state, this.policy, wake), WORKFLOW_ACTOR)));
    }
    throw new Error('advance did not settle');
  }

  submit(stageId: string, payload: SubmissionPayload, now: string, assessments?: { route: 'decide-here' | 'forward' | 'central' }[]) {
    return this.do({ type: 'Submit', data: { stageId, payload, assessments } }, now);
  }

  accept(stageId: string, now: string) {
    return this.do({ type: 'Decide', data: { stageId, decision: 'accept' } }, now, 'test:issuer');
  }

  giveBack(stageId: string, reason: string, now: string) {
    return this.do({ type: 'Decide', data: { stageId, decision: 'return', reason } }, now, 'test:issuer');
  }
}

export const KH119_REGISTRATION_DUE = '2022-04-27T17:00:00.000Z'; // KH 119: "Đăng ký thi đua: trước ngày 28/4/2022"
export const KH119_RETURN_REASON = 'Thiếu danh hiệu tập thể';
export const KH119_EXTENSION_REASON = 'Đơn vị đang kiện toàn tổ chức';

/**
 * KH 119 launched by the board TINH to SNGV, SGDDT and STTTT on 20/4/2022; SNGV carries it down with its own plan
 * to three divisions. Time runs to 5/5/2022 by the tasks' own timers: SNGV is on time (after one return), SGDDT
 * never acts (escalated to the board), STTTT gets its registration extended, SNGV.VP awaits SNGV's decision,
 * SNGV.LS is escalated to SNGV, SNGV.BG's task is cancelled.
 */
export async function playKh119Cascade(
  store: EventStore,
  afterReturn: (plans: { planA: PlanStream; planB: PlanStream }) => Promise<void> = async () => undefined,
) {
  const planA = new PlanStream(store, randomUUID());
  const planB = new PlanStream(store, randomUUID());
  const launchA = '2022-04-20T03:00:00.000Z';
  const launchB = '2022-04-21T02:00:00.000Z';
  const sngvPlan: PlanDraft = { ...SNGV_PLAN, parentPlanId: planA.planId, bases: [{ ...SNGV_PLAN.bases[0], planId: planA.planId }] };
  const tasks = {
    SNGV: new TaskStream(store, planA.planId, 'SNGV'),
    SGDDT: new TaskStream(store, planA.planId, 'SGDDT'),
    STTTT: new TaskStream(store, planA.planId, 'STTTT'),
    'SNGV.VP': new TaskStream(store, planB.planId, 'SNGV.VP'),
    'SNGV.LS': new TaskStream(store, planB.planId, 'SNGV.LS'),
    'SNGV.BG': new TaskStream(store, planB.planId, 'SNGV.BG'),
  };
  const tick = async (until: string) => {
    for (const task of Object.values(tasks)) if (task.state.status !== 'unassigned') await task.advance(until);
  };

  await planA.create(KH_119);
  await planA.launch(launchA);
  for (const unit of ['SNGV', 'SGDDT', 'STTTT'] as const)
    await tasks[unit].assign(KH_119, { issuerKind: 'board', hasUnitsBelow: true, launchedAt: launchA });

  await tick(launchB);
  await planB.create(sngvPlan);
  await planB.launch(launchB);
  for (const unit of ['SNGV.VP', 'SNGV.LS', 'SNGV.BG'] as const)
    await tasks[unit].assign(sngvPlan, { issuerKind: 'department', hasUnitsBelow: false, launchedAt: launchB });

  await tick('2022-04-21T03:00:00.000Z');
  await tasks.SNGV.submit('derived-plan', { kind: 'derived-plan', derivedPlanId: planB.planId }, '2022-04-21T03:00:00.000Z');
  await tasks.SNGV.accept('derived-plan', '2022-04-21T05:00:00.000Z');
  await tick('2022-04-22T02:00:00.000Z');
  await tasks.SNGV.submit(
    'registration',
    { kind: 'registration', titles: [{ award: 'TLDTT', recipientKind: 'collective' }] },
    '2022-04-22T01:00:00.000Z',
  );
  await tasks.SNGV.giveBack('registration', KH119_RETURN_REASON, '2022-04-22T02:00:00.000Z');
  await afterReturn({ planA, planB });

  await tick('2022-04-23T00:00:00.000Z');
  await tasks['SNGV.VP'].submit(
    'registration',
    { kind: 'registration', titles: [{ award: 'LDTT', recipientKind: 'individual', name: 'Nguyễn Văn A' }] },
    '2022-04-23T00:00:00.000Z',
  );
  await tick('2022-04-26T00:00:00.000Z');
  await tasks.SNGV.submit(
    'registration',
    {
      kind: 'registration',
      titles: [
        { award: 'TLDTT', recipientKind: 'collective' },
        { award: 'LDTT', recipientKind: 'individual', name: 'Trần Thị B' },
      ],
    },
    '2022-04-25T00:00:00.000Z',
  );
  await tasks.SNGV.accept('registration', '2022-04-26T00:00:00.000Z');

  await tick('2022-04-29T00:00:00.000Z');
  await tasks.STTTT.do(
    { type: 'Extend', data: { stageId: 'registration', dueAt: '2022-05-05T17:00:00.000Z', reason: KH119_EXTENSION_REASON } },
    '2022-04-29T00:00:00.000Z',
    'test:issuer',
  );
  await tick('2022-05-02T00:00:00.000Z');
  await tasks['SNGV.BG'].do({ type: 'Cancel', data: { reason: 'Phòng sáp nhập' } }, '2022-05-02T00:00:00.000Z', 'test:issuer');
  await tick('2022-05-05T00:00:00.000Z');
  return { planA, planB, tasks };
}

export type Kh119Cascade = Awaited<ReturnType<typeof playKh119Cascade>>;
