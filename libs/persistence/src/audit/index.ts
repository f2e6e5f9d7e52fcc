export { loadAuditKeys, type AuditKeys } from './audit-keys.js';
export { exportBundle, PlanNotFoundError } from './bundle-export.js';
export { eventTime, findCascade, readCascadeEvents, type Cascade } from './cascade-events.js';
export {
  cascadeRows,
  diffCascade,
  eventsUpTo,
  timeline,
  timelineEntry,
  type CascadeRows,
  type FieldChange,
  type HistoryPoint,
  type RowDiff,
  type TimelineEntry,
  type TimelineFilter,
} from './history.js';
