import type { FastifyInstance } from 'fastify';
import { opensInline } from '../../domain/media/policy';
import { checkMediaLink } from '../../media/signed-url';
import { isMediaKey, type MediaStore } from '../../media/store';

export interface MediaRouteDeps {
  store: MediaStore;
  secret: string;
  now: () => Date;
}

const refusals = {
  missing: 'this media link is incomplete (exp and sig are required)',
  bad_signature: 'this media link is not valid',
  expired: 'this media link has expired; open the case again for a fresh one',
} as const;

/**
 * GET /media/<key>?exp=&sig=: our copy of a resident's or officer's media, for whoever holds a signed link
 * (media/signed-url.ts). 403 with a reason for a missing, forged or expired link, 404 for a key the store does
 * not hold (never copied, or deleted). Bytes are served with the content type sniffed at copy time, never
 * sniffed again by the browser, never able to run script on our origin; documents download.
 */
export function mediaRoutes(deps: MediaRouteDeps) {
  return (app: FastifyInstance): void => {
    app.get<{ Params: { '*': string }; Querystring: Record<string, unknown> }>(
      '/media/*',
      async (request, reply) => {
        const key = request.params['*'];
        if (!isMediaKey(key))
          return reply.code(404).send({ ok: false, error: 'no such media', reason: 'not_found' });
        const now = deps.now();
        const check = checkMediaLink({
          secret: deps.secret,
          key,
          exp: request.query.exp,
          sig: request.query.sig,
          now,
        });
        if (check !== 'ok') return reply.code(403).send({ ok: false, error: refusals[check], reason: check });
        const found = await deps.store.stream(key);
        if (!found) return reply.code(404).send({ ok: false, error: 'no such media', reason: 'not_found' });
        const { meta, body } = found;
        const maxAge = Math.max(
          0,
          Math.min(3600, Number(request.query.exp) - Math.floor(now.getTime() / 1000)),
        );
        const fileName = key.split('/').pop() ?? 'media';
        return reply
          .header('content-type', meta.contentType)
          .header('content-length', String(meta.size))
          .header('cache-control', `private, max-age=${maxAge}`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header(
            'content-disposition',
            `${opensInline(meta.contentType) ? 'inline' : 'attachment'}; filename="${fileName}"`,
          )
          .send(body);
      },
    );
  };
}
