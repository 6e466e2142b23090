import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { staff } from '../../db/schema';
import type { Logger } from '../../logger';
import { SIM_STAFF, type SimPerson } from './people';

/**
 * Links the simulated staff the way a real commune does (issue 4): the admin API makes a one-time invite and
 * the person sends `/dangky <code>` to the OA from their Zalo. A seeded record (same name and role) gets a
 * fresh invite; a missing one is created by the invite. Already linked people are left alone, so this runs on
 * every start and every page load at no cost.
 */

export interface AdminCall {
  (method: 'GET' | 'POST', url: string, body?: object): Promise<{ statusCode: number; body: string }>;
}

export interface LinkStaffDeps {
  db: Db;
  logger: Logger;
  communeId: number;
  /** The admin API of this app, with the admin token and the commune's slug added. */
  admin: AdminCall;
  /** Sends a text as the person through the simulator (a signed webhook event). */
  sendText(person: SimPerson, text: string): Promise<void>;
}

const AGENCY_ROLES = new Set(['agency_officer', 'agency_leader']);
/** How long a sent `/dangky` is given to be processed before the person is invited again. */
const PENDING_MS = 60_000;

export function createStaffLinker(deps: LinkStaffDeps): () => Promise<number> {
  const log = deps.logger.child({ module: 'simulator' });
  let running: Promise<number> | null = null;
  const pendingSince = new Map<string, number>();

  async function agencyIdByCode(): Promise<Map<string, number>> {
    const response = await deps.admin('GET', '/api/admin/agencies');
    if (response.statusCode !== 200) return new Map();
    const list = JSON.parse(response.body) as { id: number; code: string }[];
    return new Map(list.map((a) => [a.code, a.id]));
  }

  async function inviteCode(person: SimPerson, agencies: () => Promise<Map<string, number>>): Promise<string | null> {
    const [seeded] = await deps.db
      .select({ id: staff.id })
      .from(staff)
      .where(
        and(
          eq(staff.communeId, deps.communeId),
          eq(staff.name, person.displayName),
          eq(staff.role, person.role as (typeof staff.role.enumValues)[number]),
          eq(staff.active, true),
          isNull(staff.zaloUserId),
        ),
      )
      .limit(1);
    let response;
    if (seeded) {
      response = await deps.admin('POST', `/api/admin/staff/${seeded.id}/invites`, {});
    } else {
      const agencyId = person.agencyCode === undefined ? undefined : (await agencies()).get(person.agencyCode);
      if (agencyId === undefined && AGENCY_ROLES.has(person.role)) return null;
      response = await deps.admin('POST', '/api/admin/staff-invites', {
        name: person.displayName,
        role: person.role,
        agencyId: agencyId ?? null,
        onDuty: person.role === 'reception_officer',
      });
    }
    if (response.statusCode !== 201) {
      log.warn({ statusCode: response.statusCode, person: person.key }, 'simulated staff invite refused');
      return null;
    }
    return (JSON.parse(response.body) as { code: string }).code;
  }

  async function linkAll(): Promise<number> {
    let agencyCache: Map<string, number> | null = null;
    const agencies = async () => (agencyCache ??= await agencyIdByCode());
    let sent = 0;
    for (const person of SIM_STAFF) {
      const [linked] = await deps.db
        .select({ id: staff.id })
        .from(staff)
        .where(and(eq(staff.communeId, deps.communeId), eq(staff.zaloUserId, person.zaloUserId), eq(staff.active, true)))
        .limit(1);
      if (linked) {
        pendingSince.delete(person.key);
        continue;
      }
      const since = pendingSince.get(person.key);
      if (since !== undefined && Date.now() - since < PENDING_MS) continue;
      const code = await inviteCode(person, agencies);
      if (code === null) continue;
      await deps.sendText(person, `/dangky ${code}`);
      pendingSince.set(person.key, Date.now());
      sent += 1;
    }
    if (sent > 0) log.info({ invites: sent }, 'simulated staff invited and /dangky sent');
    return sent;
  }

  /** Single-flight: overlapping calls share one run, so nobody is invited twice. */
  return () => {
    running ??= linkAll().finally(() => {
      running = null;
    });
    return running;
  };
}
