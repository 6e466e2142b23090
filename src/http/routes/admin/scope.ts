import type { FastifyReply, FastifyRequest } from 'fastify';

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
