import { PlanListPage } from '../plans/PlanListPage';

/** The auditor starts from every plan; each opens in the audit view. */
export function AuditPlansPage() {
  return <PlanListPage linkTo={(planId) => `/audit/${planId}`} />;
}
