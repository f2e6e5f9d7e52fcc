import { decidePlan, evolvePlan, initialPlanState, type PlanEvent, type PlanState } from '#domain';

const created = {
  planId: 'p1',
  numberSymbol: '119/KH-UBND',
  title: 'Phát động phong trào thi đua "Toàn dân bảo vệ an ninh Tổ quốc" năm 2022',
  issuingUnit: 'UBND',
  recipients: ['SNGV', 'SGDDT'],
  deadline: '2022-04-27T17:00:00.000Z',
};
const fold = (events: PlanEvent[]): PlanState => events.reduce(evolvePlan, initialPlanState());

describe('plan decider', () => {
  it('creates a draft plan', () => {
    const events = decidePlan({ type: 'CreatePlan', data: created }, initialPlanState());
    expect(events).toEqual([{ type: 'PlanCreated', data: created }]);
    expect(fold(events)).toMatchObject({ status: 'draft', recipients: ['SNGV', 'SGDDT'] });
  });

  it('refuses duplicate recipients and the issuer as its own recipient', () => {
    expect(() => decidePlan({ type: 'CreatePlan', data: { ...created, recipients: ['SNGV', 'SNGV'] } }, initialPlanState())).toThrow(
      /only once/,
    );
    expect(() => decidePlan({ type: 'CreatePlan', data: { ...created, recipients: ['UBND'] } }, initialPlanState())).toThrow(
      /cannot be one of its own/,
    );
  });

  it('launches once; launching again decides nothing', () => {
    const draft = fold(decidePlan({ type: 'CreatePlan', data: created }, initialPlanState()));
    const launch = { type: 'LaunchPlan' as const, data: { planId: 'p1', now: '2022-04-27T03:00:00.000Z' } };
    const events = decidePlan(launch, draft);
    expect(events).toEqual([{ type: 'PlanLaunched', data: { planId: 'p1', launchedAt: launch.data.now, recipients: ['SNGV', 'SGDDT'] } }]);
    expect(decidePlan(launch, evolvePlan(draft, events[0]!))).toEqual([]);
  });

  it('cannot launch a plan that does not exist', () => {
    expect(() => decidePlan({ type: 'LaunchPlan', data: { planId: 'x', now: '2022-01-01T00:00:00Z' } }, initialPlanState())).toThrow(
      /does not exist/,
    );
  });
});
