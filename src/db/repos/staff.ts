import { createHash } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNotNull, isNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { residents, staff, staffInvites, staffRoles as STAFF_ROLES, type Staff, type StaffRoleName } from '../schema';

/** Invite codes are stored only as this hash; the code itself is shown once, to the admin who made it. */
export function inviteCodeHash(code: string): string {
  return createHash('sha256').update(normalizeInviteCode(code), 'utf8').digest('hex');
}

/** Codes are typed on phones: case, spaces and dashes do not matter. */
export function normalizeInviteCode(code: string): string {
  return code.toUpperCase().replace(/[\s\-_.]/g, '');
}

export async function findStaff(db: DbOrTx, communeId: number, id: number): Promise<Staff | undefined> {
  const [row] = await db.select().from(staff).where(and(eq(staff.communeId, communeId), eq(staff.id, id)));
  return row;
}

/** The active staff member linked to this Zalo user, if any. */
export async function findActiveStaffByZaloUser(db: DbOrTx, communeId: number, zaloUserId: string): Promise<Staff | undefined> {
  const [row] = await db
    .select()
    .from(staff)
    .where(and(eq(staff.communeId, communeId), eq(staff.zaloUserId, zaloUserId), eq(staff.active, true)));
  return row;
}

export async function listStaff(db: DbOrTx, communeId: number): Promise<Staff[]> {
  return db.select().from(staff).where(eq(staff.communeId, communeId)).orderBy(asc(staff.id));
}

export async function insertStaff(
  db: DbOrTx,
  communeId: number,
  values: { name: string; role: StaffRoleName; agencyId: number | null; onDuty?: boolean },
): Promise<Staff> {
  const [row] = await db
    .insert(staff)
    .values({ communeId, ...values })
    .returning();
  if (!row) throw new Error('staff insert returned nothing');
  return row;
}

export async function updateStaff(
  db: DbOrTx,
  communeId: number,
  id: number,
  values: Partial<{ name: string; role: StaffRoleName; agencyId: number | null; onDuty: boolean; active: boolean; zaloUserId: string | null; linkedAt: Date | null; reportsAsResidentUntil: Date | null }>,
): Promise<Staff | undefined> {
  if (Object.keys(values).length === 0) return findStaff(db, communeId, id);
  const [row] = await db
    .update(staff)
    .set(values)
    .where(and(eq(staff.communeId, communeId), eq(staff.id, id)))
    .returning();
  return row;
}

export async function insertInvite(
  db: DbOrTx,
  communeId: number,
  values: { staffId: number; code: string; expiresAt: Date; now: Date },
): Promise<void> {
  await db.insert(staffInvites).values({
    communeId,
    staffId: values.staffId,
    codeHash: inviteCodeHash(values.code),
    expiresAt: values.expiresAt,
    createdAt: values.now,
  });
}

/** Takes a valid, unused, unexpired invite for the code (row-locked), or nothing. */
export async function takeInvite(
  db: DbOrTx,
  communeId: number,
  code: string,
  now: Date,
): Promise<{ id: number; staffId: number } | undefined> {
  const [row] = await db
    .select({ id: staffInvites.id, staffId: staffInvites.staffId })
    .from(staffInvites)
    .where(
      and(
        eq(staffInvites.communeId, communeId),
        eq(staffInvites.codeHash, inviteCodeHash(code)),
        isNull(staffInvites.usedAt),
        gt(staffInvites.expiresAt, now),
      ),
    )
    .for('update');
  return row;
}

export async function markInviteUsed(db: DbOrTx, id: number, now: Date): Promise<void> {
  await db.update(staffInvites).set({ usedAt: now }).where(eq(staffInvites.id, id));
}

/** Linked, active staff of the given roles, optionally only of one agency: who receives a notice. */
export async function linkedStaff(
  db: DbOrTx,
  communeId: number,
  filter: { roles: readonly StaffRoleName[]; agencyId?: number },
): Promise<Staff[]> {
  return db
    .select()
    .from(staff)
    .where(
      and(
        eq(staff.communeId, communeId),
        eq(staff.active, true),
        isNotNull(staff.zaloUserId),
        inArray(staff.role, [...filter.roles]),
        ...(filter.agencyId === undefined ? [] : [eq(staff.agencyId, filter.agencyId)]),
      ),
    )
    .orderBy(asc(staff.id));
}

/** Frees a Zalo account from any other staff record (the unique index allows one record per account). */
export async function unlinkZaloUser(db: DbOrTx, communeId: number, zaloUserId: string, exceptStaffId: number): Promise<void> {
  await db
    .update(staff)
    .set({ zaloUserId: null })
    .where(and(eq(staff.communeId, communeId), eq(staff.zaloUserId, zaloUserId), ne(staff.id, exceptStaffId)));
}

/** Who hears an emergency: linked staff on duty, or the commune leaders when nobody is marked on duty. */
export async function onDutyStaff(db: DbOrTx, communeId: number): Promise<Staff[]> {
  const linked = await linkedStaff(db, communeId, { roles: STAFF_ROLES });
  const onDuty = linked.filter((member) => member.onDuty);
  return onDuty.length > 0 ? onDuty : linked.filter((member) => member.role === 'commune_leader');
}

/**
 * Linked, active staff with the time their Zalo account last wrote to the OA: a consultation message reaches
 * only someone who interacted within 7 days (docs/zalo.md §4), which decides who an emergency alert can reach.
 */
export async function linkedStaffWithReach(
  db: DbOrTx,
  communeId: number,
): Promise<{ member: Staff; lastInteractionAt: Date | null }[]> {
  const rows = await db
    .select({ member: staff, lastInteractionAt: residents.lastInteractionAt })
    .from(staff)
    .leftJoin(residents, and(eq(residents.communeId, staff.communeId), eq(residents.zaloUserId, staff.zaloUserId)))
    .where(and(eq(staff.communeId, communeId), eq(staff.active, true), isNotNull(staff.zaloUserId)))
    .orderBy(asc(staff.id));
  return rows;
}
