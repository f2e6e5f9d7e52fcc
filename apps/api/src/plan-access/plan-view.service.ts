import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { unitOn, type PlanDraft, type PlanStatus, type UnitKind } from '#domain';
import { loadUnitHierarchy, PlanEntity, UnitEntity, UnitTaskEntity } from '#persistence';
import { ScopeService, type AuthUser } from '../auth/index.js';
import { UNIT_STAGES, type CountsView, type PlanUnitView, type PlanView, type StageView, type UnitStage } from './dto/plan.view.js';

/** Derived plans nest below their units; deeper than this is a data error (a cycle), not a cascade. */
const MAX_DEPTH = 12;

export interface PlanViewOptions {
  /** Keep only overdue units and the units whose derived plans lead to them (counts stay those of the whole tree). */
  onlyLate?: boolean;
}

/** The plan's document as amended, with its issuer's kind on the issue date (PlanDocumentView in the plans feature). */
export interface PlanDocument {
  planId: string;
  status: PlanStatus;
  version: number;
  issuingUnitKind: UnitKind;
  document: PlanDraft;
}

/** Where the tree's rows come from: the live read models, or rows folded as of a point in history (audit). */
export interface CascadeSource {
  plan(planId: string): Promise<PlanEntity | null>;
  /** The tasks of these plans, by unit code. */
  tasks(planIds: string[]): Promise<UnitTaskEntity[]>;
  /** These plans, and the plans whose parent is one of `parentIds`, by launch time. */
  plans(ids: string[], parentIds: string[]): Promise<PlanEntity[]>;
}

/** Rows held in memory (an as-of fold) as a source; the same ordering as the database's. */
export function rowsSource(rows: { plans: PlanEntity[]; tasks: UnitTaskEntity[] }): CascadeSource {
  const byLaunch = (a: PlanEntity, b: PlanEntity) => (a.launchedAt?.getTime() ?? Infinity) - (b.launchedAt?.getTime() ?? Infinity);
  return {
    plan: async (planId) => rows.plans.find((p) => p.planId === planId) ?? null,
    tasks: async (planIds) =>
      rows.tasks.filter((t) => planIds.includes(t.planId)).sort((a, b) => (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0)),
    plans: async (ids, parentIds) =>
      rows.plans.filter((p) => ids.includes(p.planId) || (p.parentPlanId !== null && parentIds.includes(p.parentPlanId))).sort(byLaunch),
  };
}

interface Loaded {
  plans: Map<string, PlanEntity>;
  tasks: Map<string, UnitTaskEntity[]>;
  /** planId → unitCode → the unit's derived plan id. */
  derived: Map<string, Map<string, string>>;
  names: Map<string, string>;
}

/**
 * The board's view of a cascade: a plan, its units' tasks (stage, due date, overdue, returned), each unit's derived
 * plan nested beneath it at any depth, and counts per stage at each level and in total. Read from the read models
 * (`plans`, `unit_tasks`, `units`); a person sees only the units in their scope and what lies below them.
 */
@Injectable()
export class PlanViewService {
  constructor(
    private readonly scope: ScopeService,
    @InjectRepository(PlanEntity) private readonly plans: Repository<PlanEntity>,
    @InjectRepository(UnitTaskEntity) private readonly tasks: Repository<UnitTaskEntity>,
    @InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>,
  ) {}

  /** The read models, as the source of the live tree. */
  private readonly live: CascadeSource = {
    plan: (planId) => this.plans.findOneBy({ planId }),
    tasks: (planIds) => this.tasks.find({ where: { planId: In(planIds) }, order: { unitCode: 'ASC' } }),
    plans: (ids, parentIds) =>
      this.plans.find({
        where: [...(ids.length > 0 ? [{ planId: In(ids) }] : []), { parentPlanId: In(parentIds) }],
        order: { launchedAt: 'ASC' },
      }),
  };

  /**
   * 404 PLAN_NOT_FOUND for an unknown plan; 403 OUT_OF_SCOPE when neither its issuer nor a recipient is in scope.
   * `source` gives the rows: the live read models by default, or an as-of fold of the events.
   */
  async view(planId: string, user: AuthUser, options: PlanViewOptions = {}, source: CascadeSource = this.live): Promise<PlanView> {
    const root = await this.visiblePlan(planId, user, source);
    const visible = await this.scope.visibleUnits(user);
    const sees = (unitCode: string) => visible === 'all' || visible.has(unitCode);
    const loaded = await this.load(root, sees, source);
    const tree = build(root, loaded, sees, new Set());
    return options.onlyLate ? onlyLate(tree) : tree;
  }

  /**
   * The plan's document as amended, and its issuer's kind on the issue date, as launching the plan found it
   * (PlansService.launch): with the quotas, what the domain's checkNominations needs. Seen by whoever sees the plan.
   */
  async document(planId: string, user: AuthUser): Promise<PlanDocument> {
    const plan = await this.visiblePlan(planId, user);
    const units = await loadUnitHierarchy(this.units.manager, plan.document.issuedOn);
    return {
      planId: plan.planId,
      status: plan.status,
      version: plan.version,
      issuingUnitKind: unitOn(units, plan.issuingUnit).kind,
      document: plan.document,
    };
  }

  /** The plan's row, if `user` may see it: its issuer, a recipient or an implementer is in their scope (GET /plans lists the same). */
  private async visiblePlan(planId: string, user: AuthUser, source: CascadeSource = this.live): Promise<PlanEntity> {
    const plan = await source.plan(planId);
    if (!plan) throw new NotFoundException({ code: 'PLAN_NOT_FOUND', message: `Plan ${planId} does not exist` });
    const recipients = (plan.document?.recipients ?? []).map((r) => r.unitCode);
    // Implementers are recipients too: each unit once, in the 403's list of the units the plan concerns.
    await this.scope.assertCanSeeAny(
      user,
      [...new Set([plan.issuingUnit, ...recipients, ...plan.implementers])],
      `plan ${plan.numberSymbol}`,
    );
    return plan;
  }

  /** The tree's rows, level by level: each level's tasks, then the derived plans of the visible units among them. */
  private async load(root: PlanEntity, sees: (unitCode: string) => boolean, source: CascadeSource): Promise<Loaded> {
    const loaded: Loaded = { plans: new Map([[root.planId, root]]), tasks: new Map(), derived: new Map(), names: new Map() };
    for (let level = [root], depth = 0; level.length > 0 && depth < MAX_DEPTH; depth++) {
      const ids = level.map((plan) => plan.planId);
      const tasks = await source.tasks(ids);
      for (const task of tasks) {
        const ofPlan = loaded.tasks.get(task.planId);
        if (ofPlan) ofPlan.push(task);
        else loaded.tasks.set(task.planId, [task]);
      }

      // A unit's derived plan: the one it submitted, else a launched plan it issued under this one (not yet submitted).
      const submitted = tasks.flatMap((t) => (t.derivedPlanId && sees(t.unitCode) ? [t.derivedPlanId] : []));
      const candidates = await source.plans(submitted, ids);
      const byId = new Map(candidates.map((plan) => [plan.planId, plan]));
      const next: PlanEntity[] = [];
      const link = (parentId: string, unitCode: string, child: PlanEntity | undefined) => {
        if (!child || loaded.plans.has(child.planId) || !sees(unitCode)) return;
        loaded.plans.set(child.planId, child);
        loaded.derived.set(parentId, (loaded.derived.get(parentId) ?? new Map<string, string>()).set(unitCode, child.planId));
        next.push(child);
      };
      for (const task of tasks) if (task.derivedPlanId) link(task.planId, task.unitCode, byId.get(task.derivedPlanId));
      for (const plan of level) {
        for (const unitCode of unitsOf(plan, loaded.tasks.get(plan.planId) ?? [])) {
          if (loaded.derived.get(plan.planId)?.has(unitCode)) continue;
          const issued = candidates.filter(
            (c) => c.parentPlanId === plan.planId && c.issuingUnit === unitCode && (c.status === 'launched' || c.status === 'closed'),
          );
          link(plan.planId, unitCode, issued.at(-1));
        }
      }
      level = next;
    }
    const codes = new Set<string>();
    for (const plan of loaded.plans.values()) {
      codes.add(plan.issuingUnit);
      for (const code of unitsOf(plan, loaded.tasks.get(plan.planId) ?? [])) codes.add(code);
    }
    const units = await this.units.findBy({ code: In([...codes]) });
    loaded.names = new Map(units.map((unit) => [unit.code, unit.name]));
    return loaded;
  }
}

/** The plan's implementers, then any unit with a task that is not among them. */
function unitsOf(plan: PlanEntity, tasks: UnitTaskEntity[]): string[] {
  const implementers = new Set(plan.implementers ?? []);
  return [...implementers, ...tasks.map((t) => t.unitCode).filter((code) => !implementers.has(code))];
}

function build(plan: PlanEntity, loaded: Loaded, sees: (unitCode: string) => boolean, path: Set<string>): PlanView {
  const within = new Set(path).add(plan.planId);
  const tasks = new Map((loaded.tasks.get(plan.planId) ?? []).map((task) => [task.unitCode, task]));
  const units = unitsOf(plan, [...tasks.values()])
    .filter(sees)
    .map((unitCode) => {
      const node = unitNode(plan, unitCode, tasks.get(unitCode), loaded.names);
      const derivedId = loaded.derived.get(plan.planId)?.get(unitCode);
      const derived = derivedId ? loaded.plans.get(derivedId) : undefined;
      if (derived && !within.has(derived.planId)) {
        node.derivedPlanId = derived.planId;
        node.derivedPlan = build(derived, loaded, sees, within);
      }
      return node;
    });
  const counts = count(units);
  return {
    planId: plan.planId,
    ...(plan.parentPlanId ? { parentPlanId: plan.parentPlanId } : {}),
    numberSymbol: plan.numberSymbol,
    title: plan.title,
    issuingUnit: plan.issuingUnit,
    issuingUnitName: loaded.names.get(plan.issuingUnit) ?? plan.issuingUnit,
    status: plan.status,
    ...(plan.launchedAt ? { launchedAt: plan.launchedAt.toISOString() } : {}),
    version: plan.version,
    counts,
    totals: units.reduce((sum, unit) => (unit.derivedPlan ? add(sum, unit.derivedPlan.totals) : sum), counts),
    units,
  };
}

function unitNode(plan: PlanEntity, unitCode: string, task: UnitTaskEntity | undefined, names: Map<string, string>): PlanUnitView {
  const unitName = names.get(unitCode) ?? unitCode;
  if (!task) {
    // Not launched yet, or launched and its workflow has not assigned the task yet.
    const status = plan.status === 'draft' ? 'not-launched' : 'unassigned';
    return { unitCode, unitName, status, stage: status, overdue: false, returned: false, stages: [] };
  }
  const returned = task.stageStatus === 'returned';
  const waitingFor =
    task.status !== 'open'
      ? undefined
      : task.stageStatus === 'open' || returned
        ? 'unit'
        : task.stageStatus === 'submitted'
          ? 'issuer'
          : undefined;
  return {
    unitCode,
    unitName,
    status: task.status,
    stage: task.stage,
    ...(task.stageId ? { stageId: task.stageId } : {}),
    ...(task.stageStatus ? { stageStatus: task.stageStatus } : {}),
    ...(task.dueAt ? { dueAt: task.dueAt.toISOString() } : {}),
    // A closed or cancelled task keeps its stages' flags for the record, but nobody is late on it any more.
    overdue: task.overdue && task.status === 'open',
    returned,
    ...(task.returnedReason ? { returnedReason: task.returnedReason } : {}),
    ...(task.escalation ? { escalation: task.escalation } : {}),
    ...(waitingFor ? { waitingFor } : {}),
    stages: task.stages.map((stage): StageView => ({
      id: stage.id,
      kind: stage.kind,
      ...(stage.phase ? { phase: stage.phase } : {}),
      status: stage.status,
      opensAt: stage.opensAt,
      dueAt: stage.dueAt,
      overdue: stage.overdue,
      ...(stage.escalation ? { escalation: stage.escalation } : {}),
      ...(stage.submittedAt ? { submittedAt: stage.submittedAt } : {}),
      ...(stage.late !== undefined ? { late: stage.late } : {}),
      ...(stage.status === 'returned' && stage.returnReason ? { returnReason: stage.returnReason } : {}),
    })),
    ...(task.derivedPlanId ? { derivedPlanId: task.derivedPlanId } : {}),
    updatedAt: task.updatedAt.toISOString(),
  };
}

function count(units: PlanUnitView[]): CountsView {
  const byStage = new Map<string, number>();
  for (const unit of units) byStage.set(unit.stage, (byStage.get(unit.stage) ?? 0) + 1);
  const overdue = units.filter((u) => u.overdue).length;
  return {
    units: units.length,
    overdue,
    onTime: units.length - overdue,
    returned: units.filter((u) => u.returned).length,
    awaitingDecision: units.filter((u) => u.waitingFor === 'issuer').length,
    byStage: ordered(byStage),
  };
}

function add(a: CountsView, b: CountsView): CountsView {
  const byStage = new Map(a.byStage.map(({ stage, count }) => [stage, count]));
  for (const { stage, count } of b.byStage) byStage.set(stage, (byStage.get(stage) ?? 0) + count);
  return {
    units: a.units + b.units,
    overdue: a.overdue + b.overdue,
    onTime: a.onTime + b.onTime,
    returned: a.returned + b.returned,
    awaitingDecision: a.awaitingDecision + b.awaitingDecision,
    byStage: ordered(byStage),
  };
}

const STAGE_ORDER = new Map<string, number>(UNIT_STAGES.map((stage: UnitStage, i) => [stage, i]));
const ordered = (byStage: Map<string, number>) =>
  [...byStage.entries()]
    .map(([stage, count]) => ({ stage, count }))
    .sort((a, b) => (STAGE_ORDER.get(a.stage) ?? 99) - (STAGE_ORDER.get(b.stage) ?? 99));

/** Keeps overdue units and the path to them; the counts stay those of the whole (scoped) tree. */
function onlyLate(plan: PlanView): PlanView {
  const units = plan.units.flatMap((unit) => {
    const derivedPlan = unit.derivedPlan ? onlyLate(unit.derivedPlan) : undefined;
    if (!unit.overdue && !derivedPlan?.units.length) return [];
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- views are plain objects typed by their response classes
    return [{ ...unit, ...(derivedPlan ? { derivedPlan } : {}) }];
  });
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- as above
  return { ...plan, units };
}
