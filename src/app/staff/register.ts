import { renderText } from '../../domain/text/catalog';
import type { Tx } from '../../db/client';
import { findAgency } from '../../db/repos/reference';
import { findActiveStaffByZaloUser, findStaff, markInviteUsed, takeInvite, unlinkZaloUser, updateStaff } from '../../db/repos/staff';
import type { AppDeps } from '../deps';

/**
 * `/dangky <code>`: links the sender's Zalo account to the staff record the one-time invite was made for.
 * The code is checked by its hash, only once, only before it expires. A wrong code gets a friendly answer and
 * an audit log line that names the inbox event, never the code. A fresh invite for a staff member who is
 * already linked moves the link to the new account (a new phone): the admin who made the invite decided so.
 */
export async function registerStaff(
  deps: AppDeps,
  tx: Tx,
  input: { communeId: number; zaloUserId: string; code: string; inboxId: number; now: Date },
): Promise<string> {
  const log = deps.logger.child({ communeId: input.communeId, inboxId: input.inboxId });
  const linked = await findActiveStaffByZaloUser(tx, input.communeId, input.zaloUserId);
  if (linked) return renderText('staff.register.already', { name: linked.name });

  const invite = await takeInvite(tx, input.communeId, input.code, input.now);
  const member = invite ? await findStaff(tx, input.communeId, invite.staffId) : undefined;
  if (!invite || !member?.active) {
    log.warn('staff link refused: unknown, used or expired invite code');
    return renderText('staff.register.invalid');
  }
  await markInviteUsed(tx, invite.id, input.now);
  // The Zalo account may have been linked to an inactive record before: free it for this one.
  await unlinkZaloUser(tx, input.communeId, input.zaloUserId, member.id);
  await updateStaff(tx, input.communeId, member.id, { zaloUserId: input.zaloUserId, linkedAt: input.now });
  log.info({ staffId: member.id, relinked: member.zaloUserId !== null }, 'staff linked to a Zalo account');
  const agency = member.agencyId === null ? undefined : await findAgency(tx, input.communeId, member.agencyId);
  return renderText('staff.register.ok', {
    name: member.name,
    role: renderText(`staff.role.${member.role}`),
    agency: agency ? `, ${agency.name}` : '',
  });
}
