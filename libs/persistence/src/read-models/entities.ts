import { Column, Entity, PrimaryColumn } from 'typeorm';
import type {
  DisplayStage,
  EscalationLevel,
  UnitTaskState,
  PlanDraft,
  PlanState,
  PlanStatus,
  StageKind,
  StageState,
  StageStatus,
  UnitKind,
} from '#domain';

/** Reference data: the organisational units plans are sent to. */
@Entity('units')
export class UnitEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('text') kind!: UnitKind;
  @Column('text', { name: 'parent_code', nullable: true }) parentCode!: string | null;
}

/**
 * Projection of a plan stream (`plan:<planId>`): one row per plan. `state` is the domain's PlanState as folded by
 * `planDecider.evolve`, the source of the next fold; the other columns are copies of it for queries.
 */
@Entity('plans')
export class PlanEntity {
  @PrimaryColumn('text', { name: 'plan_id' }) planId!: string;
  /** A derived plan's parent (the plan it implements). */
  @Column('text', { name: 'parent_plan_id', nullable: true }) parentPlanId!: string | null;
  @Column('text', { name: 'number_symbol' }) numberSymbol!: string;
  @Column('text') title!: string;
  @Column('text', { name: 'issuing_unit' }) issuingUnit!: string;
  @Column('text') status!: PlanStatus;
  @Column('timestamptz', { name: 'launched_at', nullable: true }) launchedAt!: Date | null;
  @Column('jsonb') state!: PlanState;
  /** The PlanDraft as amended (state.draft; a generated column). */
  @Column({ type: 'jsonb', generatedType: 'STORED', asExpression: "state -> 'draft'" }) document!: PlanDraft;
  /** The units that implement the plan, each with a task (state.implementers; a generated column). */
  @Column({ type: 'jsonb', generatedType: 'STORED', asExpression: "state -> 'implementers'" }) implementers!: string[];
  /** Version of the plan stream this row reflects. */
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

/** A `plans` row as its projection writes it: every column but those PostgreSQL generates from `state`. */
export type PlanRow = Omit<PlanEntity, 'document' | 'implementers'>;

export type UnitTaskStatus = UnitTaskState['status'];

/**
 * Projection of a unit's task stream (`plan:<planId>:unit:<unitCode>`): one row per (plan, unit). `state` is the
 * UnitTaskState folded by `unitTaskDecider.evolve`; the other columns are what a tree or a list filters and sorts on.
 */
@Entity('unit_tasks')
export class UnitTaskEntity {
  @PrimaryColumn('text', { name: 'plan_id' }) planId!: string;
  @PrimaryColumn('text', { name: 'unit_code' }) unitCode!: string;
  /** The plan's issuer: it decides on this unit's submissions. */
  @Column('text', { name: 'issuer_unit' }) issuerUnit!: string;
  @Column('text') status!: UnitTaskStatus;
  /** displayStage(state). */
  @Column('text') stage!: DisplayStage;
  /** isOverdue(state): some stage's deadline passed without a submission. */
  @Column('boolean') overdue!: boolean;
  /** The highest escalation level any stage has reached (an extension resets a stage's ladder). */
  @Column('text', { nullable: true }) escalation!: EscalationLevel | null;
  /** The stage shown (domain currentStage): the one displayStage names, else the next pending one. */
  @Column('text', { name: 'stage_id', nullable: true }) stageId!: string | null;
  @Column('text', { name: 'stage_status', nullable: true }) stageStatus!: StageStatus | null;
  @Column('timestamptz', { name: 'due_at', nullable: true }) dueAt!: Date | null;
  /** The issuer's reason, while the shown stage is returned. */
  @Column('text', { name: 'returned_reason', nullable: true }) returnedReason!: string | null;
  /** The plan this unit issued to carry the plan down (its derived-plan submission). */
  @Column('text', { name: 'derived_plan_id', nullable: true }) derivedPlanId!: string | null;
  @Column('jsonb') state!: UnitTaskState;
  /** state.stages (a generated column). */
  @Column({ type: 'jsonb', generatedType: 'STORED', asExpression: "state -> 'stages'" }) stages!: StageState[];
  /** Version of the unit's task stream this row reflects. */
  @Column('int') version!: number;
  /** When the last event folded in was recorded. */
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

/** A `unit_tasks` row as its projection writes it: every column but the one PostgreSQL generates from `state`. */
export type UnitTaskRow = Omit<UnitTaskEntity, 'stages'>;

/** Who at the addressee unit must act: its staff, its head (an escalation), or the unit as the plan's issuer. */
export const INBOX_AUDIENCES = ['unit', 'head', 'issuer'] as const;
export type InboxAudience = (typeof INBOX_AUDIENCES)[number];

/**
 * submit: a stage is open for the unit; resubmit: the issuer returned it (see reason); decide: a submission awaits
 * the issuer; overdue: the unit missed a deadline, escalated to its head or to the issuer.
 */
export const INBOX_KINDS = ['submit', 'resubmit', 'decide', 'overdue'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export const INBOX_RESOLUTIONS = [
  'submitted',
  'accepted',
  'returned',
  'conferred',
  'forwarded',
  'extended',
  'closed',
  'cancelled',
] as const;
export type InboxResolution = (typeof INBOX_RESOLUTIONS)[number];

/** Projection of unit task streams: what is waiting for whom. Open while resolved_at is null. */
@Entity('inbox_items')
export class InboxItemEntity {
  /** Derived from the source event, the audience, the kind and the stage, so a rebuild yields the same ids. */
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'plan_id' }) planId!: string;
  /** Whose task the item belongs to. */
  @Column('text', { name: 'unit_code' }) unitCode!: string;
  /** Who must act. */
  @Column('text', { name: 'addressee_unit' }) addresseeUnit!: string;
  @Column('text') audience!: InboxAudience;
  @Column('text') kind!: InboxKind;
  @Column('text', { name: 'stage_id', nullable: true }) stageId!: string | null;
  @Column('text', { name: 'stage_kind', nullable: true }) stageKind!: StageKind | null;
  /** Short English text; UI labels come from kind and audience. */
  @Column('text') message!: string;
  /** Why a submission was returned. */
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('timestamptz', { name: 'due_at', nullable: true }) dueAt!: Date | null;
  /** The deadline passed without a submission (DeadlineMissed); cleared by an extension. */
  @Column('boolean') overdue!: boolean;
  @Column('text', { nullable: true }) escalation!: EscalationLevel | null;
  /** The last reminder sent for this deadline. */
  @Column('timestamptz', { name: 'reminded_at', nullable: true }) remindedAt!: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
  @Column('text', { nullable: true }) resolution!: InboxResolution | null;
  @Column('text', { name: 'source_event_id' }) sourceEventId!: string;
}
