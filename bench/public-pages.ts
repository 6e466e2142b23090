import { Client } from 'pg';
import { serverEnv } from './events';
import { clearRedisPrefix, fmt, freshDatabase, redisUrl, serverScript, startChild } from './support';

/**
 * (4) public pages: p95 latency of /cong-khai (figures + first page, a filtered deep page) and of Open311
 * requests.json with `cases` rows in the database, beside the same process's bare /healthz route, in one run.
 * The cases are seeded with one INSERT … SELECT generate_series (spread over two years, 54 residential groups,
 * every category, a mix of statuses, types and scores), then VACUUM ANALYZE, as a database that has lived.
 * Latency is measured one request at a time (what one resident waits), after a warm-up; throughput with 8
 * connections is printed beside it. The figures at a glance are cached for PUBLIC_FIGURES_TTL_SECONDS (60 s);
 * a second server with the cache off shows what they cost the first visitor of each minute.
 */

export interface PublicPagesReport {
  cases: number;
  routes: { name: string; path: string; p50: number; p95: number; perSecond: number }[];
}

async function seed(url: string, cases: number): Promise<void> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ id: number }>('select id from communes order by id limit 1');
    const communeId = rows[0]?.id;
    if (communeId === undefined) throw new Error('no commune');
    await pg.query(
      `insert into areas (commune_id, code, name, sort_order)
       select $1, 'tk-' || g, 'Tiểu khu ' || g, g from generate_series(1, 54) g on conflict do nothing`,
      [communeId],
    );
    // One statement: cases over the last two years, most resolved, some open, rejected (a third as spam), complaints, hidden.
    await pg.query(
      `with cat as (select array_agg(id order by id) ids from categories where commune_id = $1),
            ar as (select array_agg(id order by id) ids from areas where commune_id = $1),
            ag as (select array_agg(id order by id) ids from agencies where commune_id = $1)
       insert into cases (commune_id, code, status, case_type, category_id, area_id, agency_id, description,
                          created_at, updated_at, first_response_at, due_at, resolved_at, published_at, score,
                          public_hidden_at, result_text, source, reject_reason)
       select $1, 'LS-' || case when g < 10000 then lpad(g::text, 4, '0') else g::text end, s.status, t.case_type,
              cat.ids[1 + g % array_length(cat.ids, 1)], ar.ids[1 + (g * 7) % array_length(ar.ids, 1)],
              ag.ids[1 + g % array_length(ag.ids, 1)],
              'Phản ánh số ' || g || ': đường thôn xuống cấp, ổ gà sâu, đề nghị xã kiểm tra và sửa chữa sớm',
              c.at, c.at + interval '3 days', c.at + interval '5 hours', c.at + interval '7 days',
              case when s.status in ('resolved', 'closed') then c.at + ((g % 10) || ' days')::interval end,
              case when s.status in ('resolved', 'closed') then c.at + ((g % 10) || ' days')::interval end,
              case when s.status = 'closed' then 1 + g % 5 end,
              case when g % 97 = 0 then c.at end,
              case when s.status in ('resolved', 'closed') then 'Đã sửa xong, mặt đường bằng phẳng' end,
              'zalo',
              case when s.status = 'rejected' then (array['out_of_scope', 'spam', 'duplicate'])[1 + g % 3] end
       from generate_series(1, $2::int) g, cat, ar, ag,
            lateral (select now() - (($2::int - g) * (730.0 / $2::int)) * interval '1 day' as at) c,
            lateral (select (array['closed','closed','closed','resolved','resolved','in_progress','assigned','received','rejected','reopened'])[1 + g % 10] as status) s,
            lateral (select case when g % 23 = 0 then 'complaint' when g % 41 = 0 then 'denunciation' when g % 13 = 0 then 'procedure' else 'feedback' end as case_type) t`,
      [communeId, cases],
    );
    await pg.query(`update communes set case_seq = $2 where id = $1`, [communeId, cases]);
    await pg.query('vacuum analyze cases');
  } finally {
    await pg.end();
  }
}

async function timeRequests(
  url: string,
  count: number,
  concurrency: number,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        const t0 = performance.now();
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/** A case number the seed made a listed feedback case (not a complaint, denunciation or hidden). */
function listedNumber(from: number): number {
  let n = from;
  while (n % 23 === 0 || n % 41 === 0 || n % 97 === 0) n += 1;
  return n;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

export async function publicPages(options: {
  dbName: string;
  cases: number;
  requests: number;
}): Promise<PublicPagesReport> {
  const url = await freshDatabase(options.dbName);
  const prefix = `bench-public-${Date.now()}`;
  // The app creates its commune, agencies and categories at start; the cases are seeded under it.
  const env = serverEnv({
    role: 'api',
    databaseUrl: url,
    redisUrl,
    prefix,
    zaloBaseUrl: 'http://127.0.0.1:9',
    extra: { LOG_LEVEL: 'warn' },
  });
  const server = await startChild('public-api', serverScript, env);
  try {
    const seeded = performance.now();
    await seed(url, options.cases);
    process.stdout.write(
      `public pages: seeded ${fmt(options.cases)} cases in ${fmt((performance.now() - seeded) / 1000, 1)} s\n`,
    );
    const routes = [
      { name: 'yardstick: bare /healthz', path: '/healthz' },
      { name: 'list page /cong-khai', path: '/cong-khai' },
      { name: 'list page, filtered, page 5', path: '/cong-khai?thon=tk-7&trang-thai=da-giai-quyet&trang=5' },
      {
        name: 'case page',
        path: `/cong-khai/LS-${String(listedNumber(Math.floor(options.cases / 2))).padStart(4, '0')}`,
      },
      { name: 'Open311 requests.json', path: '/open311/v2/requests.json' },
      {
        name: 'Open311 requests.json, service_code + status',
        path: '/open311/v2/requests.json?service_code=duong-giao-thong&status=closed',
      },
    ];
    const report: PublicPagesReport = { cases: options.cases, routes: [] };
    for (const route of routes) {
      const target = `${server.url}${route.path}`;
      await timeRequests(target, 20, 1);
      const single = await timeRequests(target, options.requests, 1);
      const loaded = await timeRequests(target, options.requests, 8);
      report.routes.push({
        name: route.name,
        path: route.path,
        p50: percentile(single.latencies, 50),
        p95: percentile(single.latencies, 95),
        perSecond: options.requests / loaded.seconds,
      });
    }
    // The figures' own cost, uncached (PUBLIC_FIGURES_TTL_SECONDS=0): what the first visitor of a minute waits.
    const uncached = await startChild('public-api-uncached', serverScript, {
      ...env,
      PUBLIC_FIGURES_TTL_SECONDS: '0',
    });
    try {
      const target = `${uncached.url}/cong-khai`;
      await timeRequests(target, 5, 1);
      const single = await timeRequests(target, Math.max(20, Math.floor(options.requests / 4)), 1);
      report.routes.push({
        name: 'list page, figures uncached (TTL 0)',
        path: '/cong-khai',
        p50: percentile(single.latencies, 50),
        p95: percentile(single.latencies, 95),
        perSecond: single.latencies.length / single.seconds,
      });
    } finally {
      await uncached.stop();
    }
    for (const r of report.routes) {
      process.stdout.write(
        `  ${r.name.padEnd(46)} p50 ${fmt(r.p50, 1).padStart(6)} ms  p95 ${fmt(r.p95, 1).padStart(6)} ms  ${fmt(r.perSecond).padStart(6)} req/s (8 conn.)\n`,
      );
    }
    return report;
  } finally {
    await server.stop();
    await clearRedisPrefix(prefix);
  }
}
