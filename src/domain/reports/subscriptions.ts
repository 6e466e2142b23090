import type { StaffRole } from '../staff/permissions';

/**
 * Who may receive the report digests: the leaders the reports are made for and the Front's supervisors, who
 * supervise with the same figures (issue 10). Agency officers follow their own cases with /ds.
 */
export const REPORT_SUBSCRIBER_ROLES: readonly StaffRole[] = [
  'commune_leader',
  'agency_leader',
  'front_supervisor',
  'admin',
];

export function maySubscribeToReports(role: StaffRole): boolean {
  return REPORT_SUBSCRIBER_ROLES.includes(role);
}

export type ReportSubscriptionChoice =
  | { readonly kind: 'subscribe'; readonly daily: boolean; readonly weekly: boolean }
  | { readonly kind: 'unsubscribe' };
