import { z } from 'zod';
import type { AppDeps } from '../../../app/deps';
import { inviteNewStaff, reinviteStaff } from '../../../app/staff/invites';
import { STAFF_ROLES, type StaffRole } from '../../../domain/staff/permissions';
import { findAgency } from '../../../db/repos/reference';
import { findStaff, listStaff, updateStaff } from '../../../db/repos/staff';
import type { Staff } from '../../../db/schema';
import type { AdminApp } from './index';
import { badField, communeQuery, idParams, name, notFound } from './schemas';

/** Staff records, their roles and on-duty flag, and one-time invites that link a Zalo account (/dangky). */

const role = z.enum(STAFF_ROLES);
const AGENCY_ROLES: readonly StaffRole[] = ['agency_officer', 'agency_leader'];

const inviteBody = z.object({
  name,
  role,
  agencyId: z.number().int().positive().nullable().optional().describe('Required for agency_officer and agency_leader'),
  onDuty: z.boolean().optional().describe('Receives emergency alerts'),
  expiresInHours: z.number().int().min(1).max(24 * 30).optional().describe('Default 72'),
});
const staffPatch = z.object({
  name: name.optional(),
  role: role.optional(),
  agencyId: z.number().int().positive().nullable().optional(),
  onDuty: z.boolean().optional(),
  active: z.boolean().optional(),
});
const reinviteBody = z.object({ expiresInHours: z.number().int().min(1).max(24 * 30).optional() }).optional();

/** The Zalo user id is not shown: whether the account is linked is what an admin needs. */
function view(member: Staff) {
  return {
    id: member.id,
    name: member.name,
    role: member.role,
    agencyId: member.agencyId,
    onDuty: member.onDuty,
    active: member.active,
    linked: member.zaloUserId !== null,
    linkedAt: member.linkedAt,
    createdAt: member.createdAt,
  };
}

export function staffRoutes(api: AdminApp, deps: AppDeps): void {
  const { db } = deps;

  const checkAgency = async (communeId: number, roleName: StaffRole, agencyId: number | null) => {
    if (AGENCY_ROLES.includes(roleName) && agencyId === null) return badField('agencyId', `required for ${roleName}`);
    if (agencyId !== null && !(await findAgency(db, communeId, agencyId))) return badField('agencyId', 'unknown agency');
    return null;
  };

  api.post('/staff-invites', { schema: { tags: ['staff'], querystring: communeQuery, body: inviteBody } }, async (request, reply) => {
    const agencyId = request.body.agencyId ?? null;
    const bad = await checkAgency(request.adminCommuneId, request.body.role, agencyId);
    if (bad) return reply.code(400).send(bad);
    const invite = await inviteNewStaff(deps, request.adminCommuneId, {
      name: request.body.name,
      role: request.body.role,
      agencyId,
      ...(request.body.onDuty === undefined ? {} : { onDuty: request.body.onDuty }),
      ...(request.body.expiresInHours === undefined ? {} : { expiresInHours: request.body.expiresInHours }),
    });
    return reply.code(201).send({ code: invite.code, expiresAt: invite.expiresAt, staffId: invite.staff.id });
  });

  api.get('/staff', { schema: { tags: ['staff'], querystring: communeQuery } }, async (request) => {
    return (await listStaff(db, request.adminCommuneId)).map(view);
  });

  api.patch('/staff/:id', { schema: { tags: ['staff'], querystring: communeQuery, params: idParams, body: staffPatch } }, async (request, reply) => {
    const current = await findStaff(db, request.adminCommuneId, request.params.id);
    if (!current) return reply.code(404).send(notFound('staff member', request.params.id));
    const nextRole = request.body.role ?? current.role;
    const nextAgency = request.body.agencyId === undefined ? current.agencyId : request.body.agencyId;
    const bad = await checkAgency(request.adminCommuneId, nextRole, nextAgency);
    if (bad) return reply.code(400).send(bad);
    // Deactivating also unlinks: the account's messages become a resident's again.
    const unlink = request.body.active === false ? { zaloUserId: null } : {};
    const updated = await updateStaff(db, request.adminCommuneId, request.params.id, { ...request.body, ...unlink });
    return updated ? view(updated) : reply.code(404).send(notFound('staff member', request.params.id));
  });

  api.delete('/staff/:id', { schema: { tags: ['staff'], querystring: communeQuery, params: idParams } }, async (request, reply) => {
    const updated = await updateStaff(db, request.adminCommuneId, request.params.id, { active: false, zaloUserId: null });
    return updated ? view(updated) : reply.code(404).send(notFound('staff member', request.params.id));
  });

  api.post(
    '/staff/:id/invites',
    { schema: { tags: ['staff'], querystring: communeQuery, params: idParams, body: reinviteBody } },
    async (request, reply) => {
      const invite = await reinviteStaff(deps, request.adminCommuneId, request.params.id, request.body?.expiresInHours);
      if (!invite) return reply.code(404).send(notFound('active staff member', request.params.id));
      return reply.code(201).send({ code: invite.code, expiresAt: invite.expiresAt, staffId: invite.staff.id });
    },
  );
}
