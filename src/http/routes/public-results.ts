import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps';
import { createFiguresCache } from '../../app/public/figures-cache';
import {
  formatLocalDateTime,
  loadCasePage,
  loadListView,
  publicFilterOf,
  type ListQuery,
} from '../../app/public/views';
import { parseCaseCode } from '../../domain/case/code';
import { maskForPublic } from '../../domain/public/mask';
import { isPublicStatusGroup } from '../../domain/public/publication';
import { statusLabel } from '../../domain/case/notices';
import { renderText } from '../../domain/text/catalog';
import { communeBySlug, publishablePhotos, publishedResults } from '../../db/repos/public';
import type { Commune } from '../../db/schema';
import { buildFeed, historyEntries } from '../public/feeds';
import type { SafeHtml } from '../public/html';
import { casePage, casePath, listPage, messagePage, STYLE_HASH, type PageContext } from '../public/pages';

/**
 * The public results pages (issue 12): `/cong-khai` for the first commune and `/x/<slug>/cong-khai` for any
 * commune, each with the list and its figures, one page per case (`/cong-khai/LS-0427`, the link residents get),
 * a code look-up, Atom and JSON feeds of results and of each case's history, and the photos staff cleared.
 * `?nhung=1` is the view for an iframe on the commune's website. No JavaScript, no cookies, nothing personal.
 */

const slug = z.string().regex(/^[a-z0-9-]{1,60}$/);
/** Category and area codes as the admin API makes them: "duong-sa", a poster code "TK5". */
const code = z.string().regex(/^[A-Za-z0-9_-]{1,60}$/);
const fields = {
  'linh-vuc': code,
  thon: code,
  'trang-thai': z.string().refine(isPublicStatusGroup),
  thang: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  trang: z.coerce.number().int().min(1).max(1_000_000),
} as const;

type RawQuery = Record<string, unknown>;

/** Each filter on its own: a bad one is named and ignored, the others still apply. */
function parseListQuery(raw: RawQuery): { query: ListQuery; invalid: string[] } {
  const invalid: string[] = [];
  function value<T>(key: keyof typeof fields, schema: z.ZodType<T>): T | undefined {
    const given = raw[key];
    if (given === undefined || given === '') return undefined;
    const parsed = schema.safeParse(given);
    if (parsed.success) return parsed.data;
    invalid.push(key);
    return undefined;
  }
  const category = value('linh-vuc', fields['linh-vuc']);
  const area = value('thon', fields.thon);
  const status = value<string>('trang-thai', fields['trang-thai']);
  const month = value('thang', fields.thang);
  const page = value('trang', fields.trang) ?? 1;
  return {
    query: {
      ...(category === undefined ? {} : { category }),
      ...(area === undefined ? {} : { area }),
      ...(status !== undefined && isPublicStatusGroup(status) ? { status } : {}),
      ...(month === undefined ? {} : { month }),
      page,
    },
    invalid,
  };
}

function isEmbed(raw: RawQuery): boolean {
  return raw.nhung === '1';
}

function send(reply: FastifyReply, status: number, page: SafeHtml, embed: boolean): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header(
      'content-security-policy',
      `default-src 'none'; style-src ${STYLE_HASH}; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors ${embed ? '*' : "'none'"}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'public, max-age=60')
    .send(page.value);
}

export function publicResultsRoutes(deps: AppDeps) {
  const timeZone = deps.config.TZ;
  const absolute = (path: string) => `${deps.config.PUBLIC_BASE_URL.replace(/\/$/, '')}${path}`;
  const timeFormat = (d: Date) => formatLocalDateTime(d, timeZone);
  const figures = createFiguresCache(deps.config.PUBLIC_FIGURES_TTL_SECONDS * 1000, deps.now);

  /** The commune of the path, or a 404 page already sent. */
  async function communeOf(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ commune: Commune; ctx: PageContext } | null> {
    const params = request.params as { commune?: string };
    const embed = isEmbed(request.query as RawQuery);
    const wanted = params.commune ?? null;
    const commune =
      wanted === null || slug.safeParse(wanted).success ? await communeBySlug(deps.db, wanted) : undefined;
    if (!commune) {
      const ctx: PageContext = { communeName: '', base: '', embed };
      await send(
        reply,
        404,
        messagePage(ctx, renderText('public.error.commune'), renderText('public.error.commune')),
        embed,
      );
      return null;
    }
    return {
      commune,
      ctx: { communeName: commune.name, base: wanted === null ? '' : `/x/${commune.slug}`, embed },
    };
  }

  const example = (commune: Commune) => `${commune.caseCodePrefix}-0427`;

  return async (app: FastifyInstance): Promise<void> => {
    const routes = (scope: FastifyInstance, _opts: unknown, done: () => void) => {
      scope.get('/cong-khai', async (request, reply) => {
        const found = await communeOf(request, reply);
        if (!found) return reply;
        const { query, invalid } = parseListQuery(request.query as RawQuery);
        const view = await loadListView(deps.db, found.commune, query, {
          now: deps.now(),
          timeZone,
          figures,
        });
        return send(
          reply,
          200,
          listPage(found.ctx, view, query, { invalid, lookupError: null, example: example(found.commune) }),
          found.ctx.embed,
        );
      });

      scope.get('/cong-khai/tra-cuu', async (request, reply) => {
        const found = await communeOf(request, reply);
        if (!found) return reply;
        const given = (request.query as RawQuery).ma;
        const typed = (typeof given === 'string' ? given : '').trim().slice(0, 40);
        const code = parseCaseCode(typed, found.commune.caseCodePrefix);
        if (code !== null) return reply.redirect(casePath(found.ctx, code), 303);
        const { query } = parseListQuery({});
        const view = await loadListView(deps.db, found.commune, query, {
          now: deps.now(),
          timeZone,
          figures,
        });
        const lookupError = renderText('public.filter.codeNotFound', {
          code: typed,
          example: example(found.commune),
        });
        return send(
          reply,
          404,
          listPage(found.ctx, view, query, { invalid: [], lookupError, example: example(found.commune) }),
          found.ctx.embed,
        );
      });

      for (const format of ['atom', 'json'] as const) {
        scope.get(`/cong-khai/feed.${format}`, async (request, reply) => {
          const found = await communeOf(request, reply);
          if (!found) return reply;
          const { query } = parseListQuery(request.query as RawQuery);
          const { filter } = await publicFilterOf(deps.db, found.commune, query, timeZone);
          const rows = await publishedResults(deps.db, found.commune.id, filter, 50);
          const ctx = { ...found.ctx, embed: false };
          const body = buildFeed(
            format,
            {
              title: renderText('public.feed.title', { commune: found.commune.name }),
              selfUrl: absolute(request.url),
              pageUrl: absolute(`${ctx.base}/cong-khai`),
              updated: deps.now(),
            },
            rows.map((row) => ({
              id: absolute(casePath(ctx, row.code)),
              title: renderText('public.feed.caseTitle', {
                code: row.code,
                category: row.categoryName ?? renderText('public.list.noCategory'),
                area: row.areaName ?? renderText('public.list.noArea'),
                status: statusLabel(row.status),
              }),
              link: absolute(casePath(ctx, row.code)),
              date: row.publishedAt ?? row.updatedAt,
              text: maskForPublic(row.resultText ?? row.description),
            })),
          );
          return reply
            .header(
              'content-type',
              format === 'atom'
                ? 'application/atom+xml; charset=utf-8'
                : 'application/feed+json; charset=utf-8',
            )
            .header('cache-control', 'public, max-age=300')
            .header('access-control-allow-origin', '*')
            .send(body);
        });
      }

      /** A case's code in its canonical spelling, or a redirect / page already sent. */
      async function caseCodeOf(
        request: FastifyRequest,
        reply: FastifyReply,
        commune: Commune,
        ctx: PageContext,
        suffix: string,
      ) {
        const typed = (request.params as { code: string }).code;
        const code = parseCaseCode(typed, commune.caseCodePrefix);
        if (code === null) {
          await send(
            reply,
            404,
            messagePage(
              ctx,
              renderText('public.case.notPublicTitle'),
              renderText('public.case.notPublic', { code: typed.slice(0, 40) }),
            ),
            ctx.embed,
          );
          return null;
        }
        if (code !== typed) {
          await reply.redirect(
            `${casePath({ ...ctx, embed: false }, code)}${suffix}${ctx.embed && suffix === '' ? '?nhung=1' : ''}`,
            301,
          );
          return null;
        }
        return code;
      }

      scope.get('/cong-khai/:code', async (request, reply) => {
        const found = await communeOf(request, reply);
        if (!found) return reply;
        const { commune, ctx } = found;
        const code = await caseCodeOf(request, reply, commune, ctx, '');
        if (code === null) return reply;
        const page = await loadCasePage(deps.db, commune, code, timeZone);
        switch (page.kind) {
          case 'listed':
            return send(reply, 200, casePage(ctx, page.view, timeFormat), ctx.embed);
          case 'merged':
            return send(
              reply,
              200,
              messagePage(
                ctx,
                renderText('public.case.title', { code: page.code }),
                renderText('public.case.merged', { code: page.into }),
                {
                  href: casePath(ctx, page.into),
                  label: renderText('public.case.mergedLink', { code: page.into }),
                },
              ),
              ctx.embed,
            );
          case 'not_public':
            return send(
              reply,
              404,
              messagePage(
                ctx,
                renderText('public.case.notPublicTitle'),
                renderText('public.case.notPublic', { code: page.code }),
              ),
              ctx.embed,
            );
        }
      });

      for (const format of ['atom', 'json'] as const) {
        scope.get(`/cong-khai/:code/feed.${format}`, async (request, reply) => {
          const found = await communeOf(request, reply);
          if (!found) return reply;
          const { commune, ctx } = found;
          const code = await caseCodeOf(request, reply, commune, ctx, `/feed.${format}`);
          if (code === null) return reply;
          const page = await loadCasePage(deps.db, commune, code, timeZone);
          if (page.kind !== 'listed')
            return reply.code(404).send({ ok: false, error: `no public record of ${code}` });
          const url = absolute(casePath({ ...ctx, embed: false }, code));
          const body = buildFeed(
            format,
            {
              title: renderText('public.feed.caseHistory', { code, commune: commune.name }),
              selfUrl: absolute(request.url),
              pageUrl: url,
              updated: page.view.updatedAt,
            },
            historyEntries(page.view.history, url),
          );
          return reply
            .header(
              'content-type',
              format === 'atom'
                ? 'application/atom+xml; charset=utf-8'
                : 'application/feed+json; charset=utf-8',
            )
            .header('cache-control', 'public, max-age=300')
            .header('access-control-allow-origin', '*')
            .send(body);
        });
      }

      scope.get('/cong-khai/:code/anh/:attachment', async (request, reply) => {
        const found = await communeOf(request, reply);
        if (!found) return reply;
        const { commune } = found;
        const params = request.params as { code: string; attachment: string };
        const attachmentId = /^\d{1,15}$/.test(params.attachment) ? Number(params.attachment) : null;
        const code = parseCaseCode(params.code, commune.caseCodePrefix);
        const page =
          code === null || attachmentId === null
            ? null
            : await loadCasePage(deps.db, commune, code, timeZone);
        const shown =
          page?.kind === 'listed' && page.view.photos.some((p) => p.attachmentId === attachmentId);
        const photo = shown
          ? (await publishablePhotos(deps.db, commune.id, [page.caseId])).find(
              (p) => p.attachmentId === attachmentId,
            )
          : undefined;
        const stored = photo ? await deps.media.stream(photo.storageKey) : null;
        if (!photo || !stored) return reply.code(404).send({ ok: false, error: 'no such public photo' });
        return reply
          .header('content-type', stored.meta.contentType)
          .header('content-length', String(stored.meta.size))
          .header('cache-control', 'public, max-age=3600')
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(stored.body);
      });
      done();
    };
    await app.register(routes);
    await app.register(routes, { prefix: '/x/:commune' });
  };
}
