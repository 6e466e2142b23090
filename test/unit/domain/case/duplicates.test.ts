import {
  type DuplicateProbe,
  findPossibleDuplicates,
  haversineMeters,
  planMerge,
} from '../../../../src/domain/case/duplicates';
import type { CaseSnapshot } from '../../../../src/domain/case/workflow';
import type { Actor } from '../../../../src/domain/staff/permissions';

const roads = 10;
const land = 11;
const subArea6 = 60;
const subArea7 = 70;
const t0 = new Date('2026-03-09T02:00:00Z');
const hoursLater = (hours: number): Date => new Date(t0.getTime() + hours * 3_600_000);
const base = { lat: 20.85, lng: 105.52 };
/** About 50 m and 500 m north of `base` (0.001° of latitude ≈ 111 m). */
const near = { lat: 20.85045, lng: 105.52 };
const far = { lat: 20.8545, lng: 105.52 };

function probe(overrides: Partial<DuplicateProbe> = {}): DuplicateProbe {
  return {
    id: 2,
    code: 'LS-0431',
    status: 'received',
    caseType: 'feedback',
    categoryId: roads,
    areaId: subArea6,
    location: near,
    receivedAt: hoursLater(5),
    reporterIds: [8002],
    ...overrides,
  };
}
const open = (overrides: Partial<DuplicateProbe> = {}): DuplicateProbe =>
  probe({
    id: 1,
    code: 'LS-0427',
    status: 'assigned',
    location: base,
    receivedAt: t0,
    reporterIds: [8001],
    ...overrides,
  });

describe('haversineMeters', () => {
  it('measures great-circle distances', () => {
    expect(haversineMeters(base, base)).toBe(0);
    expect(haversineMeters({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111_195, -1);
    expect(haversineMeters(base, near)).toBeCloseTo(50, 0);
    const hanoiToSaigon = haversineMeters({ lat: 21.0285, lng: 105.8542 }, { lat: 10.7769, lng: 106.7009 });
    expect(hanoiToSaigon / 1000).toBeGreaterThan(1130);
    expect(hanoiToSaigon / 1000).toBeLessThan(1145);
  });
});

describe('findPossibleDuplicates', () => {
  it('links a report of the same category, close in time and place, with its reasons', () => {
    const [match, ...rest] = findPossibleDuplicates(probe(), [open()]);
    expect(rest).toEqual([]);
    expect(match).toEqual({
      caseId: 1,
      code: 'LS-0427',
      score: expect.any(Number),
      reasons: [
        { kind: 'same_category' },
        { kind: 'close_in_time', hours: 5 },
        { kind: 'close_in_place', meters: 50 },
      ],
    });
    expect(match!.score).toBeGreaterThan(0.7);
    expect(match!.score).toBeLessThanOrEqual(1);
  });

  it('ignores another category, a case out of the time window, or one too far away', () => {
    expect(findPossibleDuplicates(probe(), [open({ categoryId: land })])).toEqual([]);
    expect(findPossibleDuplicates(probe({ receivedAt: hoursLater(73) }), [open()])).toEqual([]);
    expect(findPossibleDuplicates(probe({ location: far }), [open()])).toEqual([]);
    expect(findPossibleDuplicates(probe({ categoryId: null }), [open({ categoryId: null })])).toEqual([]);
  });

  it('lets the coordinates decide when both cases have them, even in the same area', () => {
    expect(
      findPossibleDuplicates(probe({ location: far, areaId: subArea6 }), [open({ areaId: subArea6 })]),
    ).toEqual([]);
  });

  it('falls back to the residential area when a case has no coordinates', () => {
    const [match] = findPossibleDuplicates(probe({ location: null }), [open()]);
    expect(match?.reasons).toContainEqual({ kind: 'same_area' });
    expect(findPossibleDuplicates(probe({ location: null, areaId: subArea7 }), [open()])).toEqual([]);
    expect(findPossibleDuplicates(probe({ location: null, areaId: null }), [open({ areaId: null })])).toEqual(
      [],
    );
  });

  it('only considers open cases', () => {
    for (const status of ['resolved', 'closed', 'rejected', 'merged'] as const) {
      expect(findPossibleDuplicates(probe(), [open({ status })])).toEqual([]);
    }
    expect(findPossibleDuplicates(probe(), [open({ status: 'reopened' })])).toHaveLength(1);
  });

  it('never links complaints or denunciations, which are individual by law', () => {
    expect(findPossibleDuplicates(probe({ caseType: 'denunciation' }), [open()])).toEqual([]);
    expect(findPossibleDuplicates(probe(), [open({ caseType: 'complaint' })])).toEqual([]);
    expect(
      findPossibleDuplicates(probe({ caseType: 'emergency' }), [open({ caseType: 'emergency' })]),
    ).toHaveLength(1);
  });

  it('does not match a case with itself', () => {
    expect(findPossibleDuplicates(probe(), [probe()])).toEqual([]);
  });

  it('notes a resident reporting the same thing twice', () => {
    const [match] = findPossibleDuplicates(probe({ reporterIds: [8001] }), [open()]);
    expect(match?.reasons).toContainEqual({ kind: 'same_reporter' });
  });

  it('ranks closer candidates first and honours the options', () => {
    const candidates = [
      open({ id: 3, code: 'LS-0300', receivedAt: hoursLater(-60), location: near }),
      open({ id: 1, code: 'LS-0427', receivedAt: hoursLater(4), location: near }),
    ];
    expect(findPossibleDuplicates(probe(), candidates).map((m) => m.code)).toEqual(['LS-0427', 'LS-0300']);
    expect(
      findPossibleDuplicates(probe(), candidates, { windowHours: 24, maxDistanceMeters: 150 }),
    ).toHaveLength(1);
    expect(
      findPossibleDuplicates(probe({ location: far }), [open()], {
        windowHours: 72,
        maxDistanceMeters: 1000,
      }),
    ).toHaveLength(1);
    expect(() => findPossibleDuplicates(probe(), [], { windowHours: -1, maxDistanceMeters: 1 })).toThrow(
      RangeError,
    );
  });
});

describe('planMerge', () => {
  const now = new Date('2026-03-10T03:00:00Z');
  const reception: Actor = { kind: 'staff', staffId: 5, role: 'reception_officer', agencyId: null };
  const officer: Actor = { kind: 'staff', staffId: 6, role: 'agency_officer', agencyId: 100 };
  const snapshot = (overrides: Partial<CaseSnapshot>): CaseSnapshot => ({
    id: 1,
    code: 'LS-0427',
    status: 'assigned',
    caseType: 'feedback',
    categoryId: roads,
    areaId: subArea6,
    agencyId: 100,
    dueAt: new Date('2026-03-16T10:00:00Z'),
    requiresEvidence: true,
    reporterIds: [8001],
    identitySealed: false,
    ...overrides,
  });
  const survivor = snapshot({});
  const duplicate = snapshot({
    id: 2,
    code: 'LS-0431',
    status: 'received',
    agencyId: null,
    reporterIds: [8002, 8001, 8003],
  });

  it('keeps every reporter subscribed to the survivor and records both sides', () => {
    const result = planMerge(duplicate, survivor, reception, now);
    expect(result).toEqual({
      ok: true,
      plan: {
        duplicate: {
          next: { status: 'merged', mergedIntoCaseId: 1 },
          event: expect.objectContaining({
            caseId: 2,
            action: 'merge',
            fromStatus: 'received',
            toStatus: 'merged',
            data: { survivorCaseId: 1, survivorCode: 'LS-0427' },
            notifyResident: true,
          }),
        },
        survivor: {
          next: { status: 'assigned', reporterIds: [8001, 8002, 8003] },
          event: {
            caseId: 1,
            action: 'absorb',
            fromStatus: 'assigned',
            toStatus: 'assigned',
            actor: reception,
            at: now,
            data: { mergedCaseId: 2, mergedCaseCode: 'LS-0431', addedReporterIds: [8002, 8003] },
            internal: false,
            notifyResident: false,
          },
        },
        newSubscriberIds: [8002, 8003],
      },
    });
  });

  it('refuses an actor who may not merge, a closed survivor, and individual case types', () => {
    expect(planMerge(duplicate, survivor, officer, now)).toEqual({ ok: false, reason: 'role_not_allowed' });
    expect(planMerge(duplicate, snapshot({ status: 'resolved' }), reception, now)).toEqual({
      ok: false,
      reason: 'survivor_not_open',
    });
    expect(planMerge(duplicate, snapshot({ caseType: 'denunciation' }), reception, now)).toEqual({
      ok: false,
      reason: 'not_mergeable',
    });
    expect(planMerge({ ...duplicate, caseType: 'complaint' }, survivor, reception, now)).toEqual({
      ok: false,
      reason: 'not_mergeable',
    });
    expect(planMerge(survivor, survivor, reception, now)).toEqual({ ok: false, reason: 'merge_into_self' });
    // A sealed reporter never joins a case whose reporters are shown; the other way round is fine.
    const tip = { ...duplicate, caseType: 'crime_tip' as const, identitySealed: true };
    const onceTip = { ...duplicate, identitySealed: true };
    expect(planMerge(tip, survivor, reception, now)).toEqual({ ok: false, reason: 'sealed_reporter' });
    expect(planMerge(onceTip, survivor, reception, now)).toEqual({ ok: false, reason: 'sealed_reporter' });
    expect(
      planMerge(tip, { ...survivor, caseType: 'crime_tip', identitySealed: true }, reception, now).ok,
    ).toBe(true);
    expect(
      planMerge(duplicate, { ...survivor, caseType: 'crime_tip', identitySealed: true }, reception, now).ok,
    ).toBe(true);
    expect(planMerge({ ...duplicate, status: 'closed' }, survivor, reception, now)).toEqual({
      ok: false,
      reason: 'illegal_transition',
      currentStatus: 'closed',
    });
  });
});
