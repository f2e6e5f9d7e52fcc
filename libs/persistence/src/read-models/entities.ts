import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PlanStatus, UnitKind, UnitTaskStatus } from '#domain';

/** Reference data: the organisational units plans are sent to. */
@Entity('units')
export class UnitEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('text') kind!: UnitKind;
  @Column('text', { name: 'parent_code', nullable: true }) parentCode!: string | null;
}

/** Projection of plan streams: one row per plan. */
@Entity('plans')
export class PlanEntity {
  @PrimaryColumn('uuid', { name: 'plan_id' }) planId!: string;
  @Column('text', { name: 'number_symbol' }) numberSymbol!: string;
  @Column('text') title!: string;
  @Column('text', { name: 'issuing_unit' }) issuingUnit!: string;
  @Column('jsonb') recipients!: string[];
  @Column('timestamptz') deadline!: Date;
  @Column('text') status!: PlanStatus;
  @Column('timestamptz', { name: 'launched_at', nullable: true }) launchedAt!: Date | null;
  @Column('int') version!: number;
}

/** Projection of unit-task streams: one row per (plan, recipient unit). */
@Entity('plan_unit_tasks')
export class PlanUnitTaskEntity {
  @PrimaryColumn('uuid', { name: 'plan_id' }) planId!: string;
  @PrimaryColumn('text', { name: 'unit_code' }) unitCode!: string;
  @Column('text') status!: UnitTaskStatus;
  @Column('timestamptz', { name: 'due_at' }) dueAt!: Date;
  @Column('boolean') overdue!: boolean;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt!: Date | null;
  @Column('boolean', { nullable: true }) late!: boolean | null;
  @Column('int') version!: number;
}
