import { CASE_TYPES, type CaseSnapshot } from '../../../../src/domain/case/workflow';
import {
  type Actor,
  type StaffRole,
  STAFF_ROLES,
  authorize,
  authorizeTypeChange,
  canSeeReporterIdentity,
  canViewCase,
  isIdentitySealed,
} from '../../../../src/domain/staff/permissions';

const economic = 100;
const police = 200;
const resident = 9001;

const feedback: Pick<CaseSnapshot, 'agencyId' | 'reporterIds' | 'caseType' | 'identitySealed'> = {
  agencyId: economic,
  reporterIds: [resident],
  caseType: 'feedback',
  identitySealed: false,
};
const denunciation = { ...feedback, caseType: 'denunciation' as const, identitySealed: true };
/** A denunciation later retyped: its type is ordinary now, its reporter still sealed. */
const onceDenunciation = { ...feedback, identitySealed: true };

const staff = (role: StaffRole, agencyId: number | null = null): Actor => ({
  kind: 'staff',
  staffId: 7,
  role,
  agencyId,
});
const agencyRole = (role: StaffRole): boolean => role === 'agency_officer' || role === 'agency_leader';
const reporter: Actor = { kind: 'resident', residentId: resident };
const otherResident: Actor = { kind: 'resident', residentId: 1 };
const system: Actor = { kind: 'system', job: 'routing' };

describe('canViewCase', () => {
  it.each(STAFF_ROLES.filter((role) => !agencyRole(role)))('%s sees every case', (role) => {
    expect(canViewCase(staff(role), feedback)).toBe(true);
    expect(canViewCase(staff(role), { ...feedback, agencyId: null })).toBe(true);
  });

  it.each(['agency_officer', 'agency_leader'] as const)('%s sees only the cases of their agency', (role) => {
    expect(canViewCase(staff(role, economic), feedback)).toBe(true);
    expect(canViewCase(staff(role, police), feedback)).toBe(false);
    expect(canViewCase(staff(role, economic), { ...feedback, agencyId: null })).toBe(false);
    expect(canViewCase(staff(role, null), { ...feedback, agencyId: null })).toBe(false);
  });

  it('a resident sees only the cases they reported', () => {
    expect(canViewCase(reporter, feedback)).toBe(true);
    expect(canViewCase(otherResident, feedback)).toBe(false);
  });
});

describe('canSeeReporterIdentity', () => {
  it('on a denunciation: only the reception officer and the commune leader', () => {
    const allowed = STAFF_ROLES.filter((role) => canSeeReporterIdentity(staff(role, economic), denunciation));
    expect(allowed.sort()).toEqual(['commune_leader', 'reception_officer']);
  });

  it('on a crime tip: sealed the same way (informants are protected), even from the police officers', () => {
    const crimeTip = { ...feedback, caseType: 'crime_tip' as const };
    const allowed = STAFF_ROLES.filter((role) => canSeeReporterIdentity(staff(role, economic), crimeTip));
    expect(allowed.sort()).toEqual(['commune_leader', 'reception_officer']);
  });

  it.each(CASE_TYPES)('once sealed, sealed whatever the type is now: %s', (caseType) => {
    const c = { ...onceDenunciation, caseType };
    const allowed = STAFF_ROLES.filter((role) => canSeeReporterIdentity(staff(role, economic), c));
    expect(allowed.sort()).toEqual(['commune_leader', 'reception_officer']);
    expect(isIdentitySealed(c)).toBe(true);
  });

  it('a sealed type seals even before the flag is stored (a case as filed)', () => {
    expect(isIdentitySealed({ caseType: 'crime_tip', identitySealed: false })).toBe(true);
    expect(isIdentitySealed({ caseType: 'complaint', identitySealed: false })).toBe(false);
  });

  it('on ordinary feedback: staff who can view the case, except the Front supervisor', () => {
    const allowed = STAFF_ROLES.filter((role) => canSeeReporterIdentity(staff(role, economic), feedback));
    expect(allowed.sort()).toEqual([
      'admin',
      'agency_leader',
      'agency_officer',
      'commune_leader',
      'reception_officer',
    ]);
    expect(canSeeReporterIdentity(staff('agency_officer', police), feedback)).toBe(false);
  });

  it('never to residents, always to the system that delivers updates', () => {
    expect(canSeeReporterIdentity(reporter, feedback)).toBe(false);
    expect(canSeeReporterIdentity(otherResident, denunciation)).toBe(false);
    expect(canSeeReporterIdentity(system, denunciation)).toBe(true);
  });
});

describe('authorize', () => {
  it('does not depend on the status', () => {
    expect(authorize(staff('agency_officer', police), 'take', feedback)).toBe('other_agency');
    expect(authorize(staff('agency_officer', economic), 'take', feedback)).toBeNull();
  });

  it('refuses an agency officer with no agency', () => {
    expect(authorize(staff('agency_officer', null), 'note', { ...feedback, agencyId: null })).toBe(
      'other_agency',
    );
  });

  it('tells a resident apart from a reporter of another case', () => {
    expect(authorize(otherResident, 'reopen', feedback)).toBe('not_reporter');
    expect(authorize(otherResident, 'answer', feedback)).toBe('not_staff');
  });
});

describe('authorizeTypeChange', () => {
  const admin = staff('admin');
  it.each([
    ['denunciation', 'feedback', 'unseal_not_allowed'],
    ['crime_tip', 'complaint', 'unseal_not_allowed'],
    ['denunciation', 'crime_tip', null],
    ['feedback', 'denunciation', null],
    ['complaint', 'feedback', null],
  ] as const)('an admin from %s to %s: %s', (from, to, refusal) => {
    expect(authorizeTypeChange(admin, from, to)).toBe(refusal);
  });

  it('out of a sealed type: reception and the commune leader only', () => {
    const allowed = STAFF_ROLES.filter(
      (role) => authorizeTypeChange(staff(role), 'denunciation', 'feedback') === null,
    );
    expect(allowed.sort()).toEqual(['commune_leader', 'reception_officer']);
    expect(authorizeTypeChange(system, 'denunciation', 'feedback')).toBe('unseal_not_allowed');
    expect(authorizeTypeChange(reporter, 'denunciation', 'feedback')).toBe('unseal_not_allowed');
  });
});
