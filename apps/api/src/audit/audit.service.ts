import { BadRequestException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { planStreamId } from '#domain';
import {
  Checkpointer,
  keyFingerprint,
  verifyStore,
  type RecordedEvent,
  type SignedCheckpoint,
  type VerificationReport,
} from '#event-store';
import {
  cascadeRows,
  diffCascade,
  eventsUpTo,
  exportBundle,
  findCascade,
  readCascadeEvents,
  timeline,
  type AuditKeys,
  type Cascade,
  type HistoryPoint,
  type RowDiff,
  type TimelineEntry,
} from '#persistence';
import { ScopeService, type AuthUser } from '../auth/index.js';
import type { PlanView } from '../plan-access/dto/plan.view.js';
import { PlanViewService, rowsSource } from '../plan-access/plan-view.service.js';
import { TIMELINE_DEFAULT_LIMIT, type AsOfQuery, type DiffQuery, type TimelineQuery } from './dto/audit-queries.dto.js';

export const AUDIT_KEYS = Symbol('AUDIT_KEYS');

/**
 * An inspector's questions, answered from the events (never from the read models they are checking): a cascade's
 * timeline, its state as of a point through the read models' own fold, the diff between two points, verification
 * and the signed bundle. Read-only, except for signing a checkpoint on demand.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys | undefined,
    private readonly scope: ScopeService,
    private readonly views: PlanViewService,
  ) {}

  async timeline(
    planId: string,
    user: AuthUser,
    query: TimelineQuery,
  ): Promise<{ entries: TimelineEntry[]; total: number; next?: string }> {
    const { events } = await this.history(planId, user);
    const filter = {
      ...(query.unit ? { unit: query.unit } : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.type ? { types: query.type } : {}),
      ...(query.from ? { from: new Date(query.from) } : {}),
      ...(query.to ? { to: new Date(query.to) } : {}),
    };
    return timeline(events, filter, { ...(query.after ? { after: query.after } : {}), limit: query.limit ?? TIMELINE_DEFAULT_LIMIT });
  }

  async asOf(planId: string, user: AuthUser, query: AsOfQuery): Promise<PlanView & { asOf: HistoryPointView }> {
    const point = historyPointOf(query);
    const { events } = await this.history(planId, user);
    const upTo = eventsUpTo(events, point, planStreamId(planId));
    const view = await this.views.view(planId, user, {}, rowsSource(cascadeRows(upTo))).catch((error: unknown) => {
      // The plan existed, but not yet at that point.
      if (error instanceof NotFoundException)
        throw new NotFoundException({ code: 'NOT_YET_CREATED', message: `Plan ${planId} had not been created at that point` });
      throw error;
    });
    return {
      // eslint-disable-next-line @typescript-eslint/no-misused-spread -- the view is a plain object typed by its response class
      ...view,
      asOf: { ...('at' in point ? { at: point.at.toISOString() } : { planVersion: point.planVersion }), events: upTo.length },
    };
  }

  async diff(planId: string, user: AuthUser, query: DiffQuery): Promise<{ from: string; to: string; rows: RowDiff[] }> {
    const [from, to] = [new Date(query.from), new Date(query.to)];
    if (from >= to) throw new BadRequestException({ code: 'DIFF_RANGE', message: 'from must be before to' });
    const { events } = await this.history(planId, user);
    return { from: from.toISOString(), to: to.toISOString(), rows: diffCascade(events, { at: from }, { at: to }, planStreamId(planId)) };
  }

  async verify(planId?: string): Promise<VerificationReport> {
    const keys = this.requireKeys();
    const streams = planId ? (await this.cascade(planId)).streams : undefined;
    return verifyStore(this.dataSource, { publicKeyPem: keys.publicKeyPem, ...(streams ? { streams } : {}) });
  }

  async checkpoint(): Promise<{ created: boolean; checkpoint?: SignedCheckpoint }> {
    const keys = this.requireKeys();
    if (!keys.privateKeyPem)
      throw new ServiceUnavailableException({
        code: 'AUDIT_KEY_MISSING',
        message: 'This server holds only the public audit key (AUDIT_SIGNING_KEY_FILE is not set); it cannot sign checkpoints',
      });
    const checkpoint = await new Checkpointer(this.dataSource, { privateKeyPem: keys.privateKeyPem, keyId: keys.keyId }).createCheckpoint();
    return checkpoint ? { created: true, checkpoint } : { created: false };
  }

  async bundle(planId: string, user: AuthUser): Promise<string> {
    const keys = this.requireKeys();
    if (!keys.privateKeyPem)
      throw new ServiceUnavailableException({
        code: 'AUDIT_KEY_MISSING',
        message: 'This server cannot sign bundles: AUDIT_SIGNING_KEY_FILE is not set',
      });
    await this.assertMaySee(await this.cascade(planId), user);
    return exportBundle(this.dataSource, planId, { ...keys, privateKeyPem: keys.privateKeyPem });
  }

  publicKey(): { publicKeyPem: string; fingerprint: string; keyId: string } {
    const keys = this.requireKeys();
    return { publicKeyPem: keys.publicKeyPem, fingerprint: keyFingerprint(keys.publicKeyPem), keyId: keys.keyId };
  }

  /** The cascade's events, after checking that the person may see the plan. */
  private async history(planId: string, user: AuthUser): Promise<{ cascade: Cascade; events: RecordedEvent[] }> {
    const cascade = await this.cascade(planId);
    const events = await readCascadeEvents(this.dataSource.manager, cascade);
    await this.assertMaySee(cascade, user, events);
    return { cascade, events };
  }

  /** A board sees its own plans, an auditor all; decided by the root plan's own stream (read unless given). */
  private async assertMaySee(cascade: Cascade, user: AuthUser, events?: RecordedEvent[]): Promise<void> {
    const rootStream = planStreamId(cascade.rootPlanId);
    const rootEvents = (events ?? (await readCascadeEvents(this.dataSource.manager, { ...cascade, streams: [rootStream] }))).filter(
      (e) => e.streamId === rootStream,
    );
    const root = cascadeRows(rootEvents).plans[0];
    if (root) {
      const units = [root.issuingUnit, ...(root.document?.recipients ?? []).map((r) => r.unitCode)];
      await this.scope.assertCanSeeAny(user, units, `plan ${root.numberSymbol}`);
    }
  }

  private async cascade(planId: string): Promise<Cascade> {
    const cascade = await findCascade(this.dataSource.manager, planId);
    if (!cascade) throw new NotFoundException({ code: 'PLAN_NOT_FOUND', message: `Plan ${planId} does not exist` });
    return cascade;
  }

  private requireKeys(): AuditKeys {
    if (!this.keys) {
      throw new ServiceUnavailableException({
        code: 'AUDIT_KEY_MISSING',
        message: 'No audit key is configured on this server (AUDIT_SIGNING_KEY_FILE or AUDIT_PUBLIC_KEY_FILE)',
      });
    }
    return this.keys;
  }
}

/** Exactly one of a date-time or a version of the plan. */
function historyPointOf({ at, version }: AsOfQuery): HistoryPoint {
  if (at !== undefined && version === undefined) return { at: new Date(at) };
  if (version !== undefined && at === undefined) return { planVersion: version };
  throw new BadRequestException({ code: 'AS_OF_POINT', message: 'Give exactly one of at (an ISO date-time) or version (of the plan)' });
}

export type HistoryPointView = ({ at: string } | { planVersion: number }) & { events: number };
