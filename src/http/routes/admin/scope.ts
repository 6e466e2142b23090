import type { FastifyReply, FastifyRequest } from 'fastify';
import { ADMIN_API_ACTOR } from '../../../app/cases/admin-actions';
import type { StaffActor } from '../../../domain/staff/permissions';

/** `deployment`: ADMIN_TOKEN, every commune; `commune`: a commune's own token, that commune only (index.ts). */
export type AdminScope = 'deployment' | 'commune';

/**
 * For what only the deployment's operator may do (create communes and their tokens, act on every commune at
 * once): sends 403 and returns true for a commune's own token.
 */
export function refuseUnlessDeployment(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.adminScope === 'deployment') return false;
  void reply.code(403).send({ ok: false, error: 'only the deployment operator (ADMIN_TOKEN) may do this' });
  return true;
}

/** Who a case event records for an admin request: the operator (`admin-api`) or a commune's token by its id. */
export function adminActor(request: FastifyRequest): StaffActor {
  return request.adminTokenId === null ? ADMIN_API_ACTOR : { ...ADMIN_API_ACTOR, staffId: `admin-token-${request.adminTokenId}` };
}
