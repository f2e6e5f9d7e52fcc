import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ScopeService, type AuthUser } from '../auth/index.js';
import { INBOX_DEFAULT_LIMIT, type InboxItemView, type InboxQuery } from './dto/inbox.view.js';

interface Row {
  id: string;
  kind: string;
  audience: string;
  addressee_unit: string;
  addressee_name: string | null;
  plan_id: string;
  number_symbol: string | null;
  title: string | null;
  unit_code: string;
  unit_name: string | null;
  stage_id: string | null;
  stage_kind: string | null;
  message: string;
  reason: string | null;
  due_at: Date | null;
  overdue: boolean;
  escalation: string | null;
  reminded_at: Date | null;
  created_at: Date;
}

/**
 * A person's open inbox items (the `inbox_items` read model): those addressed to the units they may see, i.e. their
 * unit and every unit below it, for any audience (a department is the issuer of its derived plan, so it decides on its
 * divisions' submissions too); auditors see every open item. Soonest deadline first; decisions, which have none, last.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly scope: ScopeService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(user: AuthUser, query: InboxQuery = {}, now = new Date()): Promise<InboxItemView[]> {
    if (query.unit) await this.scope.assertCanSee(user, query.unit);
    const visible = await this.scope.visibleUnits(user);
    const addressees = query.unit ? [query.unit] : visible === 'all' ? null : [...visible];
    if (addressees?.length === 0) return [];
    const rows: Row[] = await this.dataSource.query(
      `SELECT i.id, i.kind, i.audience, i.addressee_unit, a.name AS addressee_name, i.plan_id, p.number_symbol, p.title,
              i.unit_code, u.name AS unit_name, i.stage_id, i.stage_kind, i.message, i.reason, i.due_at, i.overdue,
              i.escalation, i.reminded_at, i.created_at
         FROM inbox_items i
         LEFT JOIN plans p ON p.plan_id = i.plan_id
         LEFT JOIN units u ON u.code = i.unit_code
         LEFT JOIN units a ON a.code = i.addressee_unit
        WHERE i.resolved_at IS NULL
          AND ($1::text[] IS NULL OR i.addressee_unit = ANY($1::text[]))
          AND ($2::text IS NULL OR i.audience = $2)
        ORDER BY i.due_at ASC NULLS LAST, i.created_at ASC, i.plan_id, i.unit_code, i.stage_id, i.id
        LIMIT $3`,
      [addressees, query.audience ?? null, query.limit ?? INBOX_DEFAULT_LIMIT],
    );
    return rows.map((row) => toView(row, now));
  }
}

function toView(row: Row, now: Date): InboxItemView {
  // The projection marks an item overdue when the workflow records the missed deadline; between the deadline and
  // that event (normally the same instant) the clock says so already.
  const overdue = row.overdue || (row.kind !== 'decide' && row.due_at !== null && row.due_at.getTime() <= now.getTime());
  return {
    id: row.id,
    kind: row.kind,
    audience: row.audience,
    addresseeUnit: row.addressee_unit,
    addresseeUnitName: row.addressee_name ?? row.addressee_unit,
    planId: row.plan_id,
    planNumberSymbol: row.number_symbol ?? '',
    planTitle: row.title ?? '',
    unitCode: row.unit_code,
    unitName: row.unit_name ?? row.unit_code,
    ...(row.stage_id ? { stageId: row.stage_id } : {}),
    ...(row.stage_kind ? { stage: row.stage_kind } : {}),
    message: row.message,
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.due_at ? { dueAt: row.due_at.toISOString() } : {}),
    overdue,
    ...(row.escalation ? { escalation: row.escalation } : {}),
    ...(row.reminded_at ? { remindedAt: row.reminded_at.toISOString() } : {}),
    createdAt: row.created_at.toISOString(),
  };
}
