import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { communeNotice, noticeVersionOf } from '../../app/consent-notice';
import type { AppDeps } from '../../app/deps';
import { knownNoticeVersion, type Notice } from '../../domain/consent/notice';
import { findCommuneBySlug } from '../../db/repos/communes';

const params = z.object({ slug: z.string().min(1).max(100) });
const query = z.object({ v: z.coerce.number().int().positive().optional() });

/**
 * GET /du-lieu-ca-nhan/:slug: the commune's personal-data notice in full, as a plain server-rendered page that
 * works without JavaScript on an old phone (the chat's consent question links here). `?v=` shows an earlier
 * version, the text a recorded consent answered.
 */
export function consentNoticeRoutes(deps: Pick<AppDeps, 'db'>) {
  return (app: FastifyInstance): void => {
    app.get('/du-lieu-ca-nhan/:slug', async (request, reply) => {
      const p = params.safeParse(request.params);
      const q = query.safeParse(request.query);
      const commune = p.success ? await findCommuneBySlug(deps.db, p.data.slug) : undefined;
      if (!commune)
        return reply
          .code(404)
          .type('text/html; charset=utf-8')
          .send(page('Không tìm thấy', '<p>Không tìm thấy trang này.</p>'));
      const asked = q.success ? q.data.v : undefined;
      const version = asked !== undefined && knownNoticeVersion(asked) ? asked : noticeVersionOf(commune);
      const notice = communeNotice(commune, version);
      return reply
        .header('cache-control', 'public, max-age=600')
        .type('text/html; charset=utf-8')
        .send(renderNotice(notice));
    });
  };
}

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export function renderNotice(notice: Notice): string {
  const body = notice.sections
    .map((section) => {
      const paragraphs = section.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('');
      const items = section.items?.length
        ? `<ul>${section.items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>`
        : '';
      return `<section><h2>${escape(section.heading)}</h2>${paragraphs}${items}</section>`;
    })
    .join('');
  return page(
    notice.title,
    `<h1>${escape(notice.title)}</h1>${body}<p class="version">Phiên bản thông báo: ${notice.version}</p>`,
  );
}

function page(title: string, content: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title><style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;padding:16px;line-height:1.55;font-size:18px;color:#1b1b1b;background:#fff;max-width:44rem}
h1{font-size:1.3rem;line-height:1.3;margin:0 0 12px}h2{font-size:1.1rem;margin:20px 0 6px}p,li{margin:0 0 8px}ul{padding-left:1.2rem;margin:0 0 8px}
.version{color:#555;font-size:.9rem;margin-top:24px}
</style></head><body><main>${content}</main></body></html>`;
}
