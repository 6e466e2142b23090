/**
 * `npm run faults`: issue 9's fault suite. Real processes of the built server (2 × ROLE=api, 2 × ROLE=worker)
 * on the suite's own PostgreSQL cluster and Redis, the fake Zalo as a process; a steady signed load spread over
 * both api processes while each scenario breaks something (bench/faults/scenarios.ts). After each scenario it
 * reconciles (bench/faults/reconcile.ts) and prints events, acknowledged, lost, doubled, recovery seconds and
 * p95 reply latency; exit code 1 when a guarantee broke. A latency above target is reported, never fatal.
 *
 * FAULTS_ONLY=baseline,quota runs a subset; FAULTS_OUTAGE_SECONDS (120) sizes the Zalo outage;
 * FAULTS_SETTLE_SECONDS (240) bounds the wait for a scenario's last reply. Builds dist/ first when src/ is newer.
 * Needs root (initdb runs as the `postgres` user), PostgreSQL 15's binaries and redis-server. docs/RELIABILITY.md §5.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fmt, root } from '../support';
import { SUITE_SETTINGS, startCluster, type Cluster } from './cluster';
import { reconcile, type PostedEvent, type Reconciliation } from './reconcile';
import { scenarios, type Scenario, type ScenarioContext } from './scenarios';
import { residentsOf, steadyLoad } from './traffic';

const SETTLE_SECONDS = Number(process.env.FAULTS_SETTLE_SECONDS ?? 240);
/** The product default (config.ts OUTBOX_RETRY_BUDGET_SECONDS): no reply may fail inside it. */
const RETRY_BUDGET_MS = 36 * 3600 * 1000;
const P95_TARGET_MS = 300;

const log = (line: string) => process.stdout.write(`${line}\n`);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfStale(): void {
  let built: number;
  try {
    built = statSync(path.join(root, 'dist/src/dev/fake-zalo/cli.js')).mtimeMs;
    built = Math.min(built, statSync(path.join(root, 'dist/src/main.js')).mtimeMs);
  } catch {
    built = 0;
  }
  if (newestMtime(path.join(root, 'src')) <= built) return;
  log('  dist/ is older than src/: npm run build');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}

/** Every acknowledged event of the scenario stored and processed, every reply settled, the spool empty. */
async function settle(cluster: Cluster, residents: string[], expected: number): Promise<boolean> {
  const deadline = Date.now() + SETTLE_SECONDS * 1000;
  let quiet = 0;
  while (Date.now() < deadline) {
    try {
      const { rows } = await cluster.db.query<{ open_in: string; stored: string; open_out: string }>(
        `select
           (select count(*) from inbox_events where zalo_user_id = any($1) and event_name like 'user_%' and status = 'pending') as open_in,
           (select count(*) from inbox_events where zalo_user_id = any($1) and event_name like 'user_%') as stored,
           (select count(*) from outbox_messages where zalo_user_id = any($1) and status in ('pending', 'sending')) as open_out`,
        [residents],
      );
      const r = rows[0]!;
      const done =
        Number(r.open_in) === 0 &&
        Number(r.open_out) === 0 &&
        Number(r.stored) >= expected &&
        (await cluster.spoolLength()) === 0;
      quiet = done ? quiet + 1 : 0;
      if (quiet >= 2) return true;
    } catch {
      quiet = 0;
    }
    await sleep(500);
  }
  return false;
}

interface Outcome {
  name: string;
  rec: Reconciliation;
  problems: string[];
  seconds: number;
}

async function runScenario(cluster: Cluster, scenario: Scenario, index: number): Promise<Outcome> {
  log(`\n▶ ${scenario.name}: ${scenario.rate} msg/s for ${scenario.seconds} s`);
  const began = Date.now();
  await cluster.fakeControl('POST', 'reset');
  const quarantinedBefore = await cluster.quarantined();
  const residents = residentsOf(index + 1, scenario.residents ?? 30);
  const targets = { apis: () => cluster.apis.map((a) => a.url) };
  const startedAt = Date.now();
  const ctx: ScenarioContext = {
    cluster,
    targets,
    residents,
    startedAt,
    log,
    at: (ms) => sleep(Math.max(0, startedAt + ms - Date.now())),
  };
  const [steady, faultEnd, extra] = await Promise.all([
    steadyLoad(targets, {
      rate: scenario.rate,
      seconds: scenario.seconds,
      residents,
      poisonEvery: scenario.poisonEvery,
    }),
    scenario.fault ? scenario.fault(ctx) : Promise.resolve(null),
    scenario.extra ? scenario.extra(ctx) : Promise.resolve([] as PostedEvent[]),
  ]);
  const posted = [...steady, ...extra];
  const acked = new Set(
    posted.filter((p) => p.status === 200 && p.result !== 'quarantined').map((p) => p.msgId),
  );
  const settled = await settle(cluster, residents, acked.size);
  const residentSet = new Set(residents);
  const sends = (await cluster.fakeSends()).filter((s) => s.userId !== null && residentSet.has(s.userId));
  // Calls the fake answered 5xx or not at all (timeouts, resets, outage): the fault as Zalo's side saw it.
  const failedCalls = await cluster.fakeFailures();
  const faultEndAt =
    faultEnd === 'from-fake' ? (failedCalls.length > 0 ? Math.max(...failedCalls) : null) : faultEnd;
  const { inbox, outbox } = await cluster.records(residents);
  const rec = reconcile({
    posted,
    inbox,
    outbox,
    sends,
    quarantined: (await cluster.quarantined()) - quarantinedBefore,
    retryBudgetMs: RETRY_BUDGET_MS,
    faultEndAt,
  });
  const problems = [
    ...(settled ? [] : [`not settled ${SETTLE_SECONDS} s after the load`]),
    ...rec.problems,
    ...(scenario.check ? await scenario.check(ctx, { posted, rec, faultEnd: faultEndAt }) : []),
  ];
  const seconds = (Date.now() - began) / 1000;
  log(
    `  ${fmt(rec.events)} events, ${fmt(rec.acknowledged)} acknowledged, ${fmt(rec.replies)} replies, lost ${rec.lost}, doubled ${rec.doubled}, ` +
      `recovery ${rec.recoverySeconds === null ? '–' : `${fmt(rec.recoverySeconds, 1)} s`}, p95 reply ${rec.p95ReplyMs === null ? '–' : `${fmt(rec.p95ReplyMs)} ms`} ` +
      `(${fmt(seconds)} s) ${problems.length === 0 ? '✔' : '✘'}`,
  );
  const answers = new Map<string, number>();
  for (const p of posted) {
    const key = p.status === 200 ? (p.result ?? '200') : String(p.status ?? 'no answer');
    answers.set(key, (answers.get(key) ?? 0) + 1);
  }
  const retried = posted.filter((p) => (p.tries ?? 1) > 1).length;
  log(
    `  webhook answers: ${[...answers].map(([k, n]) => `${k} ${n}`).join(', ')}${retried > 0 ? `; ${retried} posted again after no 200` : ''}; ` +
      `${failedCalls.length} Zalo calls failed (5xx, reset or timeout)`,
  );
  for (const p of problems) log(`  ✘ ${p}`);
  return { name: scenario.name, rec, problems, seconds };
}

function table(outcomes: Outcome[]): string {
  const head = ['scenario', 'events', 'acked', 'lost', 'doubled', 'recovery s', 'p95 reply ms', ''];
  const rows = outcomes.map((o) => [
    o.name,
    fmt(o.rec.events),
    fmt(o.rec.acknowledged),
    String(o.rec.lost),
    String(o.rec.doubled),
    o.rec.recoverySeconds === null ? '–' : fmt(o.rec.recoverySeconds, 1),
    o.rec.p95ReplyMs === null
      ? '–'
      : `${fmt(o.rec.p95ReplyMs)}${o.rec.p95ReplyMs > P95_TARGET_MS ? ' (>300)' : ''}`,
    o.problems.length === 0 ? '✔' : '✘',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1) + (i === 0 ? '' : ':')).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/**
 * Whatever the scenarios left behind anywhere (echoes and receipts included): after a short wait for the last
 * echoes, no pending or failed inbox row, no outbox row other than sent.
 */
async function overall(cluster: Cluster): Promise<string[]> {
  const query = () =>
    cluster.db.query<{ kind: string; event: string; status: string; n: string; error: string | null }>(
      `select 'inbox' as kind, event_name as event, status, count(*) as n, max(last_error) as error
         from inbox_events where status in ('pending', 'failed') group by event_name, status
       union all
       select 'outbox', purpose, status, count(*), max(last_error)
         from outbox_messages where status <> 'sent' group by purpose, status`,
    );
  const deadline = Date.now() + 30_000;
  let { rows } = await query();
  while (rows.some((r) => r.status === 'pending' || r.status === 'sending') && Date.now() < deadline) {
    await sleep(1_000);
    ({ rows } = await query());
  }
  return rows.map(
    (r) => `${r.n} ${r.kind} rows ${r.event} ${r.status} at the end${r.error ? ` (${r.error})` : ''}`,
  );
}

async function main(): Promise<void> {
  const only = process.env.FAULTS_ONLY?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const chosen = scenarios
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => !only || only.some((o) => s.name.startsWith(o)));
  if (chosen.length === 0)
    throw new Error(`FAULTS_ONLY matches no scenario of: ${scenarios.map((s) => s.name).join(', ')}`);
  log(
    `langnghe faults: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}`,
  );
  log(
    `  settings besides the defaults: ${Object.entries(SUITE_SETTINGS)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  buildIfStale();
  const began = Date.now();
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(os.loadavg()[0]!), 5_000);
  const cluster = await startCluster(log);
  // Ctrl-C: PostgreSQL runs detached (pg_ctl), so it and the temporary directories are removed here.
  const interrupted = () => {
    log('\ninterrupted: stopping the cluster');
    void cluster.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const outcomes: Outcome[] = [];
  let final: string[];
  try {
    for (const { s, i } of chosen) outcomes.push(await runScenario(cluster, s, i));
    final = await overall(cluster);
  } finally {
    clearInterval(sampler);
    await cluster.close();
  }
  const minutes = (Date.now() - began) / 60_000;
  const mean = loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length);
  log(`\n${table(outcomes)}`);
  log(
    `\nmachine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), Node ${process.version}; load average (1 min) during the run: ` +
      `mean ${fmt(mean, 2)}, max ${fmt(Math.max(0, ...loads), 2)}; total ${fmt(minutes, 1)} min`,
  );
  for (const p of final) log(`✘ ${p}`);
  const broken = outcomes.filter((o) => o.problems.length > 0).length + (final.length > 0 ? 1 : 0);
  log(broken === 0 ? 'every guarantee held ✔' : `${broken} scenarios broke a guarantee ✘`);
  process.exitCode = broken === 0 ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`faults failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
