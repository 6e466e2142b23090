import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { seriesNames } from '../support/prometheus';
import { createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

/**
 * The alert rules (docs/ops/alerts.yml) and the Grafana dashboard (docs/ops/grafana-dashboard.json) load and
 * name only metrics the app exposes. promtool (from Debian's `prometheus` package; .ci/run installs it) checks the
 * rules, runs a firing and a quiet scenario for every alert, and parses every dashboard query.
 */

const exec = promisify(execFile);
const OPS = path.join(__dirname, '../../docs/ops');
const PROMTOOL = process.env.PROMTOOL_PATH ?? 'promtool';

async function promtool(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await exec(PROMTOOL, args);
    return stdout + stderr;
  } catch (err) {
    const failure = err as { code?: string; stdout?: string; stderr?: string };
    if (failure.code === 'ENOENT')
      throw new Error("promtool not found: install it from Debian's prometheus package (.ci/run does)", {
        cause: err,
      });
    throw new Error(`promtool ${args.join(' ')} failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`, {
      cause: err,
    });
  }
}

const rulesFile = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      rules: z.array(
        z.object({
          alert: z.string().regex(/^Langnghe[A-Za-z]+$/),
          expr: z.string(),
          for: z.string().optional(),
          labels: z.object({ severity: z.enum(['page', 'ticket']) }),
          annotations: z.object({ summary: z.string().min(1), description: z.string().min(1) }),
        }),
      ),
    }),
  ),
});

const datasource = z.object({ type: z.literal('prometheus'), uid: z.literal('${datasource}') });
const gridPos = z
  .object({
    h: z.number().int().positive(),
    w: z.number().int().min(1).max(24),
    x: z.number().int().min(0),
    y: z.number().int().min(0),
  })
  .refine((g) => g.x + g.w <= 24, 'a panel must fit the 24-column grid');
const dashboardFile = z.object({
  uid: z.string().min(1),
  title: z.string().min(1),
  schemaVersion: z.number().int().min(36),
  templating: z.object({
    list: z.array(z.object({ name: z.string(), type: z.enum(['datasource', 'query']) })),
  }),
  panels: z.array(
    z.union([
      z.object({ id: z.number().int(), type: z.literal('row'), title: z.string(), gridPos }),
      z.object({
        id: z.number().int(),
        type: z.enum(['timeseries', 'stat', 'bargauge', 'gauge', 'table']),
        title: z.string().min(1),
        datasource,
        gridPos,
        targets: z
          .array(
            z.object({ refId: z.string(), datasource, expr: z.string().min(1), legendFormat: z.string() }),
          )
          .min(1),
      }),
    ]),
  ),
});

/** A scenario for `promtool test rules`: the series, when to look, and the alerts expected then (labels). */
interface Scenario {
  alert: string;
  series: Record<string, string>;
  at: string;
  fires: Record<string, string>[];
}

const job = 'job="langnghe"';
const scenarios: Scenario[] = [
  {
    alert: 'LangngheRepliesNotMoving',
    series: {
      [`langnghe_outbox_oldest_pending_seconds{instance="api-1",${job}}`]: '0+60x20',
      [`langnghe_outbox_oldest_pending_seconds{instance="worker-1",${job}}`]: '0+60x20',
    },
    at: '15m',
    fires: [{ severity: 'page' }],
  },
  {
    alert: 'LangngheRepliesNotMoving',
    series: { [`langnghe_outbox_oldest_pending_seconds{${job}}`]: '2x20' },
    at: '15m',
    fires: [],
  },
  {
    alert: 'LangngheEventsNotMoving',
    series: { [`langnghe_inbox_oldest_pending_seconds{${job}}`]: '0+60x20' },
    at: '10m',
    fires: [{ severity: 'page' }],
  },
  {
    alert: 'LangngheEventsNotMoving',
    series: { [`langnghe_inbox_oldest_pending_seconds{${job}}`]: '0 40 0 40 0 40 0 40 0 40 0' },
    at: '10m',
    fires: [],
  },
  {
    alert: 'LangngheSpoolNotDraining',
    series: { [`langnghe_inbox_spool_events{instance="api-1",${job}}`]: '0 0 3 5 8 8 8 8 8 8 8 8 8 8 8 8' },
    at: '15m',
    fires: [{ severity: 'page' }],
  },
  {
    alert: 'LangngheSpoolNotDraining',
    series: { [`langnghe_inbox_spool_events{instance="api-1",${job}}`]: '0 3 0 5 0 2 0 0 0 0 0 0 0 0 0 0' },
    at: '15m',
    fires: [],
  },
  {
    alert: 'LangngheRepliesSlow',
    series: {
      [`langnghe_reply_duration_seconds_bucket{le="30",${job}}`]: '0x30',
      [`langnghe_reply_duration_seconds_bucket{le="60",${job}}`]: '0+10x30',
      [`langnghe_reply_duration_seconds_bucket{le="+Inf",${job}}`]: '0+10x30',
    },
    at: '25m',
    fires: [{ severity: 'ticket' }],
  },
  {
    alert: 'LangngheRepliesSlow',
    series: {
      [`langnghe_reply_duration_seconds_bucket{le="1",${job}}`]: '0+10x30',
      [`langnghe_reply_duration_seconds_bucket{le="+Inf",${job}}`]: '0+10x30',
    },
    at: '25m',
    fires: [],
  },
  {
    alert: 'LangngheFailedRows',
    series: {
      [`langnghe_failed_rows{table="outbox_messages",${job}}`]: '0 0 0 1 1 1 1 1',
      [`langnghe_failed_rows{table="inbox_events",${job}}`]: '3x7',
    },
    at: '5m',
    fires: [{ table: 'outbox_messages', severity: 'ticket' }],
  },
  {
    alert: 'LangngheMetricsUnreadable',
    series: {
      [`langnghe_metrics_collect_errors_total{instance="worker-1",source="postgres",${job}}`]: '0+1x30',
    },
    at: '20m',
    fires: [{ instance: 'worker-1', source: 'postgres', severity: 'ticket' }],
  },
  {
    alert: 'LangngheDown',
    series: { [`up{instance="worker-1",${job}}`]: '1 1 0 0 0 0', [`up{instance="api-1",${job}}`]: '1x5' },
    at: '5m',
    fires: [{ instance: 'worker-1', job: 'langnghe', severity: 'page' }],
  },
  {
    alert: 'LangngheTokenRefreshFailing',
    series: {
      [`langnghe_zalo_token_refreshes_total{outcome="error",${job}}`]: '0 0 1 1 1',
      [`langnghe_zalo_token_refreshes_total{outcome="ok",${job}}`]: '0+1x4',
    },
    at: '4m',
    fires: [{ severity: 'page' }],
  },
  {
    alert: 'LangngheTokenRefreshFailing',
    series: {
      [`langnghe_zalo_token_refreshes_total{outcome="error",${job}}`]: '0x4',
      [`langnghe_zalo_token_refreshes_total{outcome="ok",${job}}`]: '0+1x4',
    },
    at: '4m',
    fires: [],
  },
  {
    alert: 'LangngheTokenExpiringSoon',
    series: {
      [`langnghe_zalo_token_expiry_seconds{commune="demo",${job}}`]: '10000-600x20',
      [`langnghe_zalo_token_expiry_seconds{commune="xa-khac",${job}}`]: '80000x20',
    },
    at: '15m',
    fires: [{ commune: 'demo', severity: 'page' }],
  },
  {
    alert: 'LangngheTokenNeedsReconsent',
    series: {
      [`langnghe_outbound_blocked_communes{state="needs_reconsent",instance="api-1",${job}}`]: '0 0 1 1',
      [`langnghe_outbound_blocked_communes{state="paused",instance="api-1",${job}}`]: '0 0 1 1',
    },
    at: '3m',
    fires: [{ severity: 'page' }],
  },
  {
    alert: 'LangngheOutboundPaused',
    series: { [`langnghe_outbound_blocked_communes{state="paused",${job}}`]: '1x40' },
    at: '35m',
    fires: [{ severity: 'ticket' }],
  },
  {
    alert: 'LangngheOutboundPaused',
    series: { [`langnghe_outbound_blocked_communes{state="paused",${job}}`]: '1x10 0x30' },
    at: '35m',
    fires: [],
  },
  {
    alert: 'LangngheZaloOaProblem',
    series: {
      [`langnghe_zalo_api_errors_total{method="message.cs",code="-212",http_status="200",kind="OaProblem",${job}}`]:
        '0 1 1',
    },
    at: '2m',
    fires: [{ method: 'message.cs', severity: 'page' }],
  },
  {
    alert: 'LangngheZaloErrors',
    series: {
      [`langnghe_zalo_api_errors_total{method="message.cs",code="none",http_status="503",kind="Http",${job}}`]:
        '0+5x30',
      [`langnghe_zalo_api_duration_seconds_count{method="message.cs",outcome="ok",${job}}`]: '0+5x30',
      [`langnghe_zalo_api_duration_seconds_count{method="message.cs",outcome="error",${job}}`]: '0+5x30',
    },
    at: '25m',
    fires: [{ severity: 'ticket' }],
  },
  {
    alert: 'LangngheWebhookErrors',
    series: {
      [`langnghe_webhook_requests_total{status="503",result="unavailable",${job}}`]: '0+10x20',
      [`langnghe_webhook_requests_total{status="200",result="accepted",${job}}`]: '0+10x20',
    },
    at: '15m',
    fires: [{ severity: 'page' }],
  },
  {
    alert: 'LangngheWebhookErrors',
    series: {
      [`langnghe_webhook_requests_total{status="503",result="unavailable",${job}}`]: '0x20',
      [`langnghe_webhook_requests_total{status="200",result="accepted",${job}}`]: '0+10x20',
    },
    at: '15m',
    fires: [],
  },
  {
    alert: 'LangngheWebhookRejecting',
    series: {
      [`langnghe_webhook_requests_total{status="401",result="bad_signature",${job}}`]: '0+10x40',
      [`langnghe_webhook_requests_total{status="200",result="accepted",${job}}`]: '0+1x40',
    },
    at: '35m',
    fires: [{ severity: 'ticket' }],
  },
  {
    alert: 'LangngheWebhookSlow',
    series: {
      [`langnghe_webhook_duration_seconds_bucket{le="1",result="accepted",${job}}`]: '0x30',
      [`langnghe_webhook_duration_seconds_bucket{le="2",result="accepted",${job}}`]: '0+10x30',
      [`langnghe_webhook_duration_seconds_bucket{le="+Inf",result="accepted",${job}}`]: '0+10x30',
    },
    at: '25m',
    fires: [{ severity: 'ticket' }],
  },
  {
    alert: 'LangngheOverdueCasesRising',
    series: {
      [`langnghe_cases_overdue{commune="demo",${job}}`]: '0+1x480',
      [`langnghe_cases_overdue{commune="xa-khac",${job}}`]: '4x480',
    },
    at: '7h',
    fires: [{ commune: 'demo', severity: 'ticket' }],
  },
];

describe('the alert rules and the dashboard', () => {
  let env: TestEnv;
  let app: TestApp;
  let exposed: Set<string>;
  let tmp: string;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env);
    const response = await app.server!.inject({ method: 'GET', url: '/metrics' });
    exposed = seriesNames(response.body);
    // Prometheus' own series of every target.
    exposed.add('up');
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'langnghe-promtool-'));
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
    await app.close();
    await env.dispose();
  });

  const metricsIn = (expr: string) =>
    [...expr.matchAll(/\b(langnghe_[a-zA-Z0-9_:]+|up)\b(?=\s*[{[)\s]|$)/g)].map((m) => m[1]!);

  it('has valid rules, each named metric exposed by the app', async () => {
    expect(await promtool('check', 'rules', path.join(OPS, 'alerts.yml'))).toMatch(
      /SUCCESS: \d+ rules found/,
    );
    const rules = rulesFile
      .parse(parse(await fs.readFile(path.join(OPS, 'alerts.yml'), 'utf8')))
      .groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThanOrEqual(10);
    for (const rule of rules) {
      const names = metricsIn(rule.expr);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names)
        expect({ alert: rule.alert, metric: name, exposed: exposed.has(name) }).toEqual({
          alert: rule.alert,
          metric: name,
          exposed: true,
        });
    }
  });

  it('fires each alert on trouble and stays quiet otherwise (promtool test rules)', async () => {
    const source = rulesFile.parse(parse(await fs.readFile(path.join(OPS, 'alerts.yml'), 'utf8')));
    const alerts = new Set(source.groups.flatMap((g) => g.rules.map((r) => r.alert)));
    // Every alert has a scenario in which it fires.
    expect([...alerts].filter((a) => !scenarios.some((s) => s.alert === a && s.fires.length > 0))).toEqual(
      [],
    );
    // promtool compares annotations too; their templates are checked above, the scenarios compare labels.
    const bare = {
      groups: source.groups.map((g) => ({ ...g, rules: g.rules.map(({ annotations: _, ...rule }) => rule) })),
    };
    await fs.writeFile(path.join(tmp, 'rules.yml'), stringify(bare));
    const tests = {
      rule_files: ['rules.yml'],
      evaluation_interval: '1m',
      tests: scenarios.map((s) => ({
        interval: '1m',
        input_series: Object.entries(s.series).map(([series, values]) => ({ series, values })),
        alert_rule_test: [
          {
            eval_time: s.at,
            alertname: s.alert,
            exp_alerts: s.fires.map((labels) => ({ exp_labels: labels })),
          },
        ],
      })),
    };
    await fs.writeFile(path.join(tmp, 'tests.yml'), stringify(tests));
    expect(await promtool('test', 'rules', path.join(tmp, 'tests.yml'))).toMatch(/SUCCESS/);
  });

  it('has a dashboard whose every query parses and names exposed metrics', async () => {
    const dashboard = dashboardFile.parse(
      JSON.parse(await fs.readFile(path.join(OPS, 'grafana-dashboard.json'), 'utf8')),
    );
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const variables = new Set(dashboard.templating.list.map((v) => v.name));
    const queries = dashboard.panels.flatMap((p) =>
      'targets' in p ? p.targets.map((t) => ({ panel: p.title, expr: t.expr })) : [],
    );
    expect(queries.length).toBeGreaterThanOrEqual(15);
    const exprs: string[] = [];
    for (const { panel, expr } of queries) {
      for (const [, name] of expr.matchAll(/\$(\w+)/g)) {
        expect({
          panel,
          variable: name,
          defined: name === '__rate_interval' || variables.has(name!),
        }).toMatchObject({ defined: true });
      }
      for (const name of metricsIn(expr))
        expect({ panel, metric: name, exposed: exposed.has(name) }).toEqual({
          panel,
          metric: name,
          exposed: true,
        });
      // Grafana's variables as Prometheus will see them once substituted.
      exprs.push(expr.replaceAll('$__rate_interval', '5m').replaceAll('$commune', '.*'));
    }
    // promtool parses PromQL only inside rule files: each query becomes a recording rule.
    const asRules = {
      groups: [
        {
          name: 'dashboard',
          rules: exprs.map((expr, i) => ({ record: `dashboard:query_${String(i)}`, expr })),
        },
      ],
    };
    await fs.writeFile(path.join(tmp, 'dashboard-rules.yml'), stringify(asRules));
    expect(await promtool('check', 'rules', path.join(tmp, 'dashboard-rules.yml'))).toMatch(
      `SUCCESS: ${String(exprs.length)} rules found`,
    );
  });
});
