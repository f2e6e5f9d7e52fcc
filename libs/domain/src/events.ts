/**
 * The vocabulary shared by the API, the workflows and the auditors. Event data holds only what
 * happened; who did it and why travel in the event store's metadata (actor, reason).
 */
export type DomainEvent<Type extends string, Data> = { readonly type: Type; readonly data: Data };

export type PlanCreated = DomainEvent<
  'PlanCreated',
  {
    planId: string;
    /** Số/ký hiệu, e.g. "119/KH-UBND". */
    numberSymbol: string;
    title: string;
    issuingUnit: string;
    recipients: string[];
    /** ISO instant at which the recipients' task closes. */
    deadline: string;
  }
>;
export type PlanLaunched = DomainEvent<'PlanLaunched', { planId: string; launchedAt: string; recipients: string[] }>;
export type PlanEvent = PlanCreated | PlanLaunched;

export type AcknowledgementRequested = DomainEvent<'AcknowledgementRequested', { planId: string; unitCode: string; dueAt: string; assignedAt: string }>;
export type TaskAcknowledged = DomainEvent<'TaskAcknowledged', { planId: string; unitCode: string; acknowledgedAt: string; late: boolean }>;
export type TaskDeadlineMissed = DomainEvent<'TaskDeadlineMissed', { planId: string; unitCode: string; dueAt: string; detectedAt: string }>;
export type UnitTaskEvent = AcknowledgementRequested | TaskAcknowledged | TaskDeadlineMissed;
