import { hierarchyAsOf, launchOf, unitTaskStreamId } from '#domain';
import { KH_119, SEED_UNIT_VERSIONS, SNGV_PLAN } from '../../../../test/support/seed-plans.js';

const units = hierarchyAsOf(SEED_UNIT_VERSIONS, '2022-04-27');

describe('launchOf', () => {
  it('cascades to the implementers with units below them, for a board issuing a plan of its own', () => {
    const launch = launchOf(KH_119, units);
    expect(launch).toStrictEqual({ cascading: ['SNGV', 'STTTT'], issuerKind: 'board' }); // SGDDT has no units below it in the seed
    expect('parentTaskId' in launch).toBe(false);
  });

  it("names a derived plan's parent task: its issuer's task in the parent plan", () => {
    expect(launchOf(SNGV_PLAN, units)).toStrictEqual({
      cascading: ['SNGV.VP'],
      issuerKind: 'department',
      parentTaskId: unitTaskStreamId('kh-119', 'SNGV'),
    });
  });

  it('does not cascade to the units that only receive the plan', () => {
    const recipients = KH_119.recipients.map((r) => ({
      ...r,
      role: r.unitCode === 'SGDDT' ? ('implement' as const) : ('report-to' as const),
    }));
    expect(launchOf({ ...KH_119, recipients }, units).cascading).toEqual([]);
  });

  it('refuses a unit that did not exist on the issue date', () => {
    expect(() => launchOf({ ...KH_119, issuingUnit: 'NOWHERE' }, units)).toThrow(expect.objectContaining({ code: 'UNIT_NOT_FOUND' }));
  });
});
