import { createHmac } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tokenMatches } from './admin';

/**
 * The BullMQ dashboard at /admin/queues, behind the admin token. A browser cannot send a bearer header, so:
 * `Authorization: Bearer <ADMIN_TOKEN>` works (scripts), and so does opening `/admin/queues?token=<ADMIN_TOKEN>`
 * once: the token is checked, an HttpOnly SameSite=Strict cookie scoped to /admin/queues is set, and the
 * browser is redirected to the same page without the token, so it does not stay in the address bar or
 * history. The cookie holds an HMAC derived from the token, never the token; changing ADMIN_TOKEN ends every
 * session.
 */

export const QUEUES_BOARD_PATH = '/admin/queues';
const COOKIE = 'langnghe_admin';
const SESSION_SECONDS = 12 * 3600;

export interface QueuesBoardDeps {
  queues: Queue[];
  adminToken: string;
  /** Adds `Secure` to the cookie (PUBLIC_BASE_URL is https). */
  secureCookie: boolean;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export function queuesBoardRoutes(deps: QueuesBoardDeps) {
  const session = createHmac('sha256', deps.adminToken).update('langnghe queues board session v1').digest('base64url');

  function authorize(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    const auth = request.headers.authorization;
    if (auth?.startsWith('Bearer ') && tokenMatches(auth.slice(7), deps.adminToken)) return undefined;
    const cookie = cookieValue(request.headers.cookie, COOKIE);
    if (cookie !== undefined && tokenMatches(cookie, session)) return undefined;

    const url = new URL(request.url, 'http://board.invalid');
    const token = url.searchParams.get('token');
    if (token !== null && tokenMatches(token, deps.adminToken)) {
      url.searchParams.delete('token');
      const attributes = [`${COOKIE}=${session}`, `Path=${QUEUES_BOARD_PATH}`, 'HttpOnly', 'SameSite=Strict', `Max-Age=${SESSION_SECONDS}`];
      if (deps.secureCookie) attributes.push('Secure');
      return reply
        .header('set-cookie', attributes.join('; '))
        .header('cache-control', 'no-store')
        .redirect(url.pathname + url.search, 303);
    }
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="langnghe admin"')
      .send({ ok: false, error: `Admin authentication required: open ${QUEUES_BOARD_PATH}?token=<ADMIN_TOKEN> once, or send a bearer token` });
  }

  return async (app: FastifyInstance): Promise<void> => {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUES_BOARD_PATH);
    createBullBoard({
      queues: deps.queues.map((q) => new BullMQAdapter(q)),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'langnghe queues' } },
    });
    // The hook is added to this scope before the board registers, so it guards every board route and asset.
    app.addHook('onRequest', async (request, reply) => {
      const refused = authorize(request, reply);
      if (refused) return refused;
      return undefined;
    });
    await app.register(serverAdapter.registerPlugin(), { prefix: QUEUES_BOARD_PATH });
  };
}
