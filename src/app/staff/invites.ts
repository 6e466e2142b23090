import { randomInt } from 'node:crypto';
import type { StaffRole } from '../../domain/staff/permissions';
import { findStaff, insertInvite, insertStaff } from '../../db/repos/staff';
import type { Staff } from '../../db/schema';
import type { AppDeps } from '../deps';

/**
 * One-time codes that link a staff member's Zalo account (`/dangky <code>`). Eight characters from an alphabet
 * without look-alikes (0/O, 1/I/L), shown as XXXX-XXXX: easy to read aloud and type on a phone, about 40 bits,
 * valid for a few days and once. Only a hash is stored (db/repos/staff.ts).
 */

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const DEFAULT_INVITE_HOURS = 72;

export function newInviteCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET.charAt(randomInt(ALPHABET.length));
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export interface Invite {
  staff: Staff;
  code: string;
  expiresAt: Date;
}

/** Creates the staff record and its first invite in one transaction. */
export async function inviteNewStaff(
  deps: AppDeps,
  communeId: number,
  input: { name: string; role: StaffRole; agencyId: number | null; onDuty?: boolean; expiresInHours?: number },
): Promise<Invite> {
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + (input.expiresInHours ?? DEFAULT_INVITE_HOURS) * 3600_000);
  const code = newInviteCode();
  const member = await deps.db.transaction(async (tx) => {
    const created = await insertStaff(tx, communeId, {
      name: input.name,
      role: input.role,
      agencyId: input.agencyId,
      ...(input.onDuty === undefined ? {} : { onDuty: input.onDuty }),
    });
    await insertInvite(tx, communeId, { staffId: created.id, code, expiresAt, now });
    return created;
  });
  deps.logger.info({ communeId, staffId: member.id }, 'staff invite created');
  return { staff: member, code, expiresAt };
}

/** A fresh invite for an existing staff member (a new phone); the link moves when it is used. */
export async function reinviteStaff(
  deps: AppDeps,
  communeId: number,
  staffId: number,
  expiresInHours: number = DEFAULT_INVITE_HOURS,
): Promise<Invite | null> {
  const member = await findStaff(deps.db, communeId, staffId);
  if (!member?.active) return null;
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + expiresInHours * 3600_000);
  const code = newInviteCode();
  await insertInvite(deps.db, communeId, { staffId, code, expiresAt, now });
  deps.logger.info({ communeId, staffId }, 'staff invite created');
  return { staff: member, code, expiresAt };
}
