import { createHash } from 'node:crypto';
import type { CaseView, ListQuery, ListView, Option } from '../../app/public/views';
import type { HistoryEntry } from '../../domain/public/history';
import { renderText, type TextKey, type TextParams } from '../../domain/text/catalog';
import { html, trusted, type SafeHtml } from './html';

/**
 * The public results pages, laid out from the views of app/public/views.ts: server-rendered, no JavaScript,
 * mobile first (one column at 360 px, two from 800 px), headings in order, every form field labelled, colours
 * with at least 4.5:1 contrast, no map. `embed` is the iframe view (no header or footer, links stay embedded).
 */

const t = (key: TextKey, params: TextParams = {}): string => renderText(key, params);

const CSS = `
:root{--ink:#1b1b1b;--muted:#4a4a4a;--line:#d0d0d0;--link:#0b4f9c;--bg:#fff;--soft:#f3f5f8;--accent:#8a1c1c}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--link)}a:focus,button:focus,select:focus,input:focus{outline:3px solid #f2a900;outline-offset:2px}
header.top{background:var(--accent);color:#fff;padding:12px 16px}header.top p{margin:0;font-size:14px}
header.top h1{margin:4px 0 0;font-size:20px;line-height:1.3}
main{max-width:1100px;margin:0 auto;padding:12px 16px 32px}
h2{font-size:18px;margin:24px 0 8px}h3{font-size:16px;margin:0}
.intro{color:var(--muted);margin:8px 0 0}
.figures{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin:0}
.figures div{background:var(--soft);border-radius:6px;padding:8px 10px}
.figures dt{font-size:13px;color:var(--muted)}.figures dd{margin:2px 0 0;font-weight:600;font-size:17px}
.note{font-size:14px;color:var(--muted)}
form.filters{display:grid;grid-template-columns:1fr;gap:10px;background:var(--soft);padding:12px;border-radius:6px}
form.filters label,form.lookup label{display:block;font-size:14px;font-weight:600;margin-bottom:2px}
select,input{width:100%;font:inherit;padding:8px;border:1px solid #767676;border-radius:4px;background:#fff;color:var(--ink)}
button{font:inherit;font-weight:600;padding:9px 14px;border:0;border-radius:4px;background:var(--link);color:#fff;cursor:pointer}
.actions{display:flex;gap:12px;align-items:center;flex-wrap:wrap}
form.lookup{display:flex;gap:8px;align-items:flex-end;margin-top:12px}form.lookup div{flex:1}
.alert{border-left:4px solid var(--accent);background:#fdf1f1;padding:8px 12px}
ol.cases{list-style:none;padding:0;margin:0}
ol.cases li{border-bottom:1px solid var(--line);padding:12px 0}
.meta{font-size:14px;color:var(--muted);margin:2px 0}
.excerpt{margin:4px 0 0;overflow-wrap:anywhere}
.badge{display:inline-block;font-size:13px;font-weight:600;padding:1px 8px;border-radius:10px;border:1px solid;margin-left:6px;vertical-align:1px}
.b-moi-tiep-nhan{color:#5a3d00;background:#fff4d6}.b-dang-xu-ly{color:#0b3f7a;background:#e6f0fb}
.b-da-giai-quyet{color:#14532d;background:#e5f5ea}.b-khong-tiep-nhan{color:#4a4a4a;background:#eee}
nav.pages{display:flex;justify-content:space-between;align-items:center;gap:8px;margin-top:16px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
ol.timeline{list-style:none;padding:0;margin:0;border-left:3px solid var(--line)}
ol.timeline li{padding:0 0 12px 12px}ol.timeline time{font-size:14px;color:var(--muted);display:block}
.front{background:#fff8e6;border-left:4px solid #b7791f;padding:8px 12px;margin:8px 0}
.photos{display:grid;grid-template-columns:1fr 1fr;gap:8px}.photos img{width:100%;height:auto;border-radius:4px}
footer{border-top:1px solid var(--line);margin-top:24px;padding:12px 16px;font-size:14px;color:var(--muted);max-width:1100px;margin-left:auto;margin-right:auto}
footer ul{padding-left:18px}
@media (min-width:800px){
 .figures{grid-template-columns:repeat(3,1fr)}
 form.filters{grid-template-columns:repeat(4,1fr)}form.filters .actions{grid-column:1/-1}
 .layout{display:grid;grid-template-columns:2fr 1fr;gap:24px}
 .photos{grid-template-columns:repeat(3,1fr)}
}
`;

/** The stylesheet's hash for the Content-Security-Policy: the page runs no script and loads nothing else. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;
// Built outside any `html` template, so no formatter can add whitespace the hash does not cover.
const STYLE_ELEMENT = trusted('<style>' + CSS + '</style>');

export interface PageContext {
  readonly communeName: string;
  /** '' for the default commune, '/x/<slug>' for the others. */
  readonly base: string;
  readonly embed: boolean;
}

function withEmbed(ctx: PageContext, path: string): string {
  if (!ctx.embed) return path;
  return `${path}${path.includes('?') ? '&' : '?'}nhung=1`;
}

export function listPath(ctx: PageContext, query: Partial<ListQuery>): string {
  const params = new URLSearchParams();
  if (query.category) params.set('linh-vuc', query.category);
  if (query.area) params.set('thon', query.area);
  if (query.status) params.set('trang-thai', query.status);
  if (query.month) params.set('thang', query.month);
  if (query.page !== undefined && query.page > 1) params.set('trang', String(query.page));
  if (ctx.embed) params.set('nhung', '1');
  const search = params.toString();
  return `${ctx.base}/cong-khai${search === '' ? '' : `?${search}`}`;
}

export function casePath(ctx: PageContext, code: string): string {
  return withEmbed(ctx, `${ctx.base}/cong-khai/${encodeURIComponent(code)}`);
}

function layout(
  ctx: PageContext,
  title: string,
  body: SafeHtml,
  feeds: { atom: string; json: string },
): SafeHtml {
  const top = ctx.embed
    ? null
    : html`<header class="top">
        <p>${t('public.org', { commune: ctx.communeName })}</p>
        <h1>${title}</h1>
      </header>`;
  const footer = ctx.embed
    ? null
    : html`<footer>
        <p>${t('public.footer.privacy')}</p>
        <ul>
          <li>
            ${t('public.footer.feeds')} <a href="${feeds.atom}">Atom</a> ·
            <a href="${feeds.json}">JSON Feed</a>
          </li>
          <li><a href="/open311/v2/discovery.xml">${t('public.footer.open311')}</a></li>
          <li><a href="${`${ctx.base}/cong-khai?nhung=1`}">${t('public.footer.embed')}</a></li>
        </ul>
      </footer>`;
  return html`<!doctype html>
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} – ${ctx.communeName}</title>
        <link rel="alternate" type="application/atom+xml" href="${feeds.atom}" />
        <link rel="alternate" type="application/feed+json" href="${feeds.json}" />
        ${STYLE_ELEMENT}
      </head>
      <body>
        ${top}
        <main>${ctx.embed ? html`<h1>${title}</h1>` : null} ${body}</main>
        ${footer}
      </body>
    </html> `;
}

function options(list: readonly Option[], selected: string | undefined): SafeHtml {
  return html`<option value="">${t('public.filter.any')}</option>
    ${list.map(
      (o) =>
        html`<option value="${o.value}" ${o.value === selected ? html` selected` : null}>${o.label}</option>`,
    )}`;
}

function select(id: string, label: string, list: readonly Option[], selected: string | undefined): SafeHtml {
  return html`<div>
    <label for="${id}">${label}</label
    ><select id="${id}" name="${id}">
      ${options(list, selected)}
    </select>
  </div>`;
}

function badge(group: string | null, label: string): SafeHtml {
  return html`<span class="badge b-${group ?? 'khong-tiep-nhan'}">${label}</span>`;
}

export function listPage(
  ctx: PageContext,
  view: ListView,
  query: ListQuery,
  extra: { invalid: readonly string[]; lookupError: string | null; example: string },
): SafeHtml {
  const f = view.figures;
  const figure = (label: string, value: string | number) =>
    html`<div>
      <dt>${label}</dt>
      <dd>${value}</dd>
    </div>`;
  const problems = [...extra.invalid, ...view.ignored];
  const prev = query.page > 1 ? listPath(ctx, { ...query, page: query.page - 1 }) : null;
  const next = query.page < view.pages ? listPath(ctx, { ...query, page: query.page + 1 }) : null;
  const body = html` ${ctx.embed ? null : html`<p class="intro">${t('public.intro')}</p>`}
    <section aria-labelledby="so-lieu">
      <h2 id="so-lieu">${t('public.figures.heading')}</h2>
      <p class="note">${f.filtered ? t('public.figures.scopeFiltered') : t('public.figures.scopeAll')}</p>
      <dl class="figures">
        ${figure(t('public.figures.received'), f.received)}
        ${figure(t('public.figures.resolved'), f.resolved)} ${figure(t('public.figures.onTime'), f.onTime)}
        ${figure(t('public.figures.firstAnswer'), f.firstAnswer)}
        ${figure(t('public.figures.resolution'), f.resolution)}
        ${figure(t('public.figures.satisfaction'), f.satisfaction)}
      </dl>
      ${f.notListed > 0 ? html`<p class="note">${t('public.figures.notListed', { count: f.notListed })}</p>` : null}
    </section>
    <section aria-labelledby="tim">
      <h2 id="tim">${t('public.filter.heading')}</h2>
      ${problems.length > 0 ? html`<p class="alert" role="alert">${t('public.filter.invalid', { fields: problems.join(', ') })}</p>` : null}
      <form class="filters" method="get" action="${`${ctx.base}/cong-khai`}">
        ${ctx.embed ? html`<input type="hidden" name="nhung" value="1" />` : null}
        ${select('linh-vuc', t('public.filter.category'), view.categories, query.category)}
        ${select('thon', t('public.filter.area'), view.areas, query.area)}
        ${select('trang-thai', t('public.filter.status'), view.statuses, query.status)}
        ${select('thang', t('public.filter.month'), view.months, query.month)}
        <div class="actions">
          <button type="submit">${t('public.filter.submit')}</button>
          <a href="${listPath(ctx, {})}">${t('public.filter.reset')}</a>
        </div>
      </form>
      <form class="lookup" method="get" action="${`${ctx.base}/cong-khai/tra-cuu`}">
        ${ctx.embed ? html`<input type="hidden" name="nhung" value="1" />` : null}
        <div>
          <label for="ma">${t('public.filter.code')}</label
          ><input
            id="ma"
            name="ma"
            inputmode="text"
            autocomplete="off"
            placeholder="${t('public.filter.codeHint', { example: extra.example })}"
          />
        </div>
        <button type="submit">${t('public.filter.codeSubmit')}</button>
      </form>
      ${extra.lookupError === null ? null : html`<p class="alert" role="alert">${extra.lookupError}</p>`}
    </section>
    <section aria-labelledby="danh-sach">
      <h2 id="danh-sach">
        ${t('public.list.heading')}
        <span class="note">(${t('public.list.count', { count: view.total })})</span>
      </h2>
      ${
        view.items.length === 0
          ? html`<p>${t('public.list.empty')}</p>`
          : html`<ol class="cases">
              ${view.items.map(
                (item) =>
                  html`<li>
                    <article>
                      <h3>
                        <a href="${casePath(ctx, item.code)}">${item.code}</a
                        >${badge(item.statusGroup, item.statusLabel)}
                      </h3>
                      <p class="meta">
                        ${item.category} · ${item.area} ·
                        <time datetime="${item.receivedIso}"
                          >${t('public.list.received', { date: item.received })}</time
                        >
                      </p>
                      <p class="excerpt">${item.excerpt}</p>
                    </article>
                  </li>`,
              )}
            </ol>`
      }
      <nav class="pages" aria-label="${t('public.page.nav')}">
        <span>${prev === null ? null : html`<a href="${prev}" rel="prev">${t('public.page.prev')}</a>`}</span>
        <span>${t('public.page.of', { page: view.page, pages: view.pages })}</span>
        <span>${next === null ? null : html`<a href="${next}" rel="next">${t('public.page.next')}</a>`}</span>
      </nav>
    </section>`;
  const feedQuery = listPath({ ...ctx, embed: false }, { ...query, page: 1 }).replace(
    `${ctx.base}/cong-khai`,
    '',
  );
  return layout(ctx, t('public.title'), body, {
    atom: `${ctx.base}/cong-khai/feed.atom${feedQuery}`,
    json: `${ctx.base}/cong-khai/feed.json${feedQuery}`,
  });
}

function entryList(entries: readonly HistoryEntry[], timeFormat: (d: Date) => string): SafeHtml {
  return html`<ol class="timeline">
    ${entries.map(
      (e) =>
        html`<li${e.front ? html` class="front"` : null}><time datetime="${e.at.toISOString()}">${timeFormat(e.at)}</time><strong>${e.label}</strong>${
          e.text === null ? null : html`<p class="text">${e.text}</p>`
        }</li>`,
    )}
  </ol>`;
}

export function casePage(ctx: PageContext, view: CaseView, timeFormat: (d: Date) => string): SafeHtml {
  const fact = (label: string, value: string | null) =>
    value === null
      ? null
      : html`<dt>${label}</dt>
          <dd>${value}</dd>`;
  const photoBase = `${ctx.base}/cong-khai/${encodeURIComponent(view.code)}/anh`;
  let result: SafeHtml;
  switch (view.result.kind) {
    case 'published':
      result = html`<p class="text">${view.result.text}</p>
        <p class="note">
          ${t('public.case.publishedAt')}: <time datetime="${view.result.atIso}">${view.result.at}</time>
        </p>`;
      break;
    case 'pending':
      result = html`<p>${t('public.case.resultPending', { date: view.result.by })}</p>`;
      break;
    case 'none':
      result = html`<p>${t('public.case.noResult')}</p>`;
  }
  const body = html` <p><a href="${listPath(ctx, {})}">${t('public.case.back')}</a></p>
    <div class="layout">
      <div>
        <section aria-labelledby="thong-tin">
          <h2 id="thong-tin">${t('public.case.facts')}</h2>
          <dl class="facts">
            <dt>${t('public.case.status')}</dt>
            <dd>${badge(view.statusGroup, view.statusLabel)}</dd>
            ${fact(t('public.case.category'), view.category)} ${fact(t('public.case.area'), view.area)}
            ${fact(t('public.case.agency'), view.agency)} ${fact(t('public.case.received'), view.received)}
            ${fact(t('public.case.due'), view.due)} ${fact(t('public.case.resolvedAt'), view.resolvedAt)}
          </dl>
        </section>
        <section aria-labelledby="noi-dung">
          <h2 id="noi-dung">${t('public.case.description')}</h2>
          <p class="text">${view.description}</p>
        </section>
        <section aria-labelledby="ket-qua">
          <h2 id="ket-qua">${t('public.case.result')}</h2>
          ${result}
          ${
            view.photos.length === 0
              ? null
              : html`<h3>${t('public.case.photos')}</h3>
                  <div class="photos">
                    ${view.photos.map(
                      (p) =>
                        html`<img src="${`${photoBase}/${p.attachmentId}`}" alt="${p.alt}" loading="lazy" />`,
                    )}
                  </div>`
          }
        </section>
        ${
          view.answers.length === 0
            ? null
            : html`<section aria-labelledby="tra-loi">
                <h2 id="tra-loi">${t('public.case.answers')}</h2>
                ${entryList(view.answers, timeFormat)}
              </section>`
        }
        ${
          view.front.length === 0
            ? null
            : html`<section aria-labelledby="mat-tran">
                <h2 id="mat-tran">${t('public.case.front')}</h2>
                ${entryList(view.front, timeFormat)}
              </section>`
        }
        <section aria-labelledby="danh-gia">
          <h2 id="danh-gia">${t('public.case.score')}</h2>
          <p>${view.score ?? t('public.case.noScore')}</p>
        </section>
      </div>
      <section aria-labelledby="qua-trinh">
        <h2 id="qua-trinh">${t('public.case.history')}</h2>
        ${entryList(view.history, timeFormat)}
      </section>
    </div>`;
  const feed = `${ctx.base}/cong-khai/${encodeURIComponent(view.code)}/feed`;
  return layout(ctx, t('public.case.title', { code: view.code }), body, {
    atom: `${feed}.atom`,
    json: `${feed}.json`,
  });
}

export function messagePage(
  ctx: PageContext,
  title: string,
  message: string,
  link?: { href: string; label: string },
): SafeHtml {
  const body = html`<p>${message}</p>
    ${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : null}
    <p><a href="${listPath(ctx, {})}">${t('public.case.back')}</a></p>`;
  return layout(ctx, title, body, {
    atom: `${ctx.base}/cong-khai/feed.atom`,
    json: `${ctx.base}/cong-khai/feed.json`,
  });
}
