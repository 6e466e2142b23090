import { maySubscribeToReports, type ReportSubscriptionChoice } from '../../domain/reports/subscriptions';
import { renderText } from '../../domain/text/catalog';
import type { DbOrTx } from '../../db/client';
import type { Staff } from '../../db/schema';
import { deleteSubscription, upsertSubscription } from '../../db/repos/reports';
import { findStaff } from '../../db/repos/staff';
import type { AppDeps } from '../deps';

/** Subscribing a staff member to the digests, from the admin API or their own `/baocao`. */
export async function setReportSubscription(
  deps: Pick<AppDeps, 'db' | 'now'>,
  communeId: number,
  staffId: number,
  choice: { daily: boolean; weekly: boolean },
  db: DbOrTx = deps.db,
): Promise<'ok' | 'not_found' | 'role_not_allowed'> {
  const member = await findStaff(db, communeId, staffId);
  if (!member) return 'not_found';
  if (!maySubscribeToReports(member.role)) return 'role_not_allowed';
  if (!choice.daily && !choice.weekly) {
    await deleteSubscription(db, communeId, staffId);
    return 'ok';
  }
  await upsertSubscription(db, {
    communeId,
    staffId,
    daily: choice.daily,
    weekly: choice.weekly,
    now: deps.now(),
  });
  return 'ok';
}

/** `/baocao` from a staff member's Zalo: the answer to send back. */
export async function subscribeFromZalo(
  deps: Pick<AppDeps, 'db' | 'now'>,
  tx: DbOrTx,
  member: Staff,
  choice: ReportSubscriptionChoice,
): Promise<string> {
  if (!maySubscribeToReports(member.role)) {
    return renderText('staff.reports.notAllowed', { role: renderText(`staff.role.${member.role}`) });
  }
  const wanted =
    choice.kind === 'unsubscribe'
      ? { daily: false, weekly: false }
      : { daily: choice.daily, weekly: choice.weekly };
  await setReportSubscription(deps, member.communeId, member.id, wanted, tx);
  if (choice.kind === 'unsubscribe') return renderText('staff.reports.unsubscribed');
  const what = wanted.daily && wanted.weekly ? 'both' : wanted.daily ? 'daily' : 'weekly';
  return renderText('staff.reports.subscribed', { what: renderText(`staff.reports.what.${what}`) });
}
