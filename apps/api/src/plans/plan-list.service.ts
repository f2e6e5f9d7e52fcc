import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ScopeService, type AuthUser } from '../auth/index.js';
import type { PlanAlertsView, PlanListQuery, PlanSummaryView } from './dto/plan-list.view.js';

interface PlanRow {
  plan_id: string;
  parent_plan_id: string | null;
  number_symbol: string;
  title: string;
  issuing_unit: string;
  issuing_unit_name: string | null;
  status: string;
  issued_on: string;
  launched_at: Date | null;
  version: number;
  created_at: Date;
}

interface AlertsRow extends PlanAlertsView {
  plan_id: string;
}

const NO_ALERTS: PlanAlertsView = { units: 0, overdue: 0, returned: 0, awaitingDecision: 0 };

/**
 * The plans a person may see, for a list the web app polls every few seconds: two queries on the read models
 * (`plans`, then `unit_tasks` grouped for all the listed plans), whatever the number of plans.
 */
@Injectable()
export class PlanListService {
  constructor(
    private readonly scope: ScopeService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * GET /plans/:id's rule, in SQL: the issuer, a recipient or an implementer is a unit the caller sees (auditors see
   * every plan). Newest first by the creation of the plan's stream (`plan:<id>`, planStreamId).
   */
  async list(user: AuthUser, query: PlanListQuery = {}): Promise<PlanSummaryView[]> {
    const visible = await this.scope.visibleUnits(user);
    const units = visible === 'all' ? null : [...visible];
    if (units?.length === 0) return [];
    const plans: PlanRow[] = await this.dataSource.query(
      `SELECT p.plan_id, p.parent_plan_id, p.number_symbol, p.title, p.issuing_unit, u.name AS issuing_unit_name, p.status,
              p.document ->> 'issuedOn' AS issued_on, p.launched_at, p.version, s.created_at
         FROM plans p
         JOIN event_streams s ON s.stream_id = 'plan:' || p.plan_id
         LEFT JOIN units u ON u.code = p.issuing_unit
        WHERE ($1::text[] IS NULL
               OR p.issuing_unit = ANY($1::text[])
               OR jsonb_exists_any(p.implementers, $1::text[])
               OR EXISTS (SELECT 1 FROM jsonb_array_elements(p.document -> 'recipients') r WHERE r ->> 'unitCode' = ANY($1::text[])))
          AND ($2::text IS NULL OR p.status = $2)
          AND (NOT $3::boolean OR p.parent_plan_id IS NULL)
        ORDER BY s.created_at DESC, p.plan_id`,
      [units, query.status ?? null, query.root ?? false],
    );
    if (plans.length === 0) return [];

    // Counted as PlanViewService counts a tree's units: only the units the caller sees, and a closed or cancelled
    // task is never overdue (it keeps its stages' flags for the record).
    const alerts: AlertsRow[] = await this.dataSource.query(
      `SELECT plan_id,
              count(*)::int AS units,
              (count(*) FILTER (WHERE overdue AND status = 'open'))::int AS overdue,
              (count(*) FILTER (WHERE stage_status = 'returned'))::int AS returned,
              (count(*) FILTER (WHERE status = 'open' AND stage_status = 'submitted'))::int AS "awaitingDecision"
         FROM unit_tasks
        WHERE plan_id = ANY($1::text[]) AND ($2::text[] IS NULL OR unit_code = ANY($2::text[]))
        GROUP BY plan_id`,
      [plans.map((plan) => plan.plan_id), units],
    );
    const byPlan = new Map(alerts.map(({ plan_id, ...counts }) => [plan_id, counts]));
    return plans.map((row) => toSummary(row, byPlan.get(row.plan_id) ?? NO_ALERTS));
  }
}

function toSummary(row: PlanRow, alerts: PlanAlertsView): PlanSummaryView {
  return {
    planId: row.plan_id,
    ...(row.parent_plan_id ? { parentPlanId: row.parent_plan_id } : {}),
    numberSymbol: row.number_symbol,
    title: row.title,
    issuingUnit: row.issuing_unit,
    issuingUnitName: row.issuing_unit_name ?? row.issuing_unit,
    status: row.status,
    issuedOn: row.issued_on,
    ...(row.launched_at ? { launchedAt: row.launched_at.toISOString() } : {}),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    alerts,
  };
}
