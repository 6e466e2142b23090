import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_ID, OA_ID } from '../events';
import { postAllRaw } from '../load';
import { fmt, type LoadResult, type SignedBody } from '../support';
import { ADMIN_TOKEN, type Cluster } from './cluster';
import type { PostedEvent, Reconciliation } from './reconcile';
import { deliver, post, signedText, TEXTS, type Targets } from './traffic';

export interface ScenarioContext {
  cluster: Cluster;
  targets: Targets;
  residents: string[];
  /** When the steady load started (ms). */
  startedAt: number;
  log(line: string): void;
  /** Resolves `ms` after the load started. */
  at(ms: number): Promise<void>;
}

/** When the fault ended: a time (ms), `from-fake` (the last failed request the fake answered), or none. */
export type FaultEnd = number | 'from-fake' | null;

export interface Scenario {
  name: string;
  rate: number;
  seconds: number;
  residents?: number;
  poisonEvery?: number;
  fault?: (ctx: ScenarioContext) => Promise<FaultEnd>;
  /** Posts besides the steady load, at the same time. */
  extra?: (ctx: ScenarioContext) => Promise<PostedEvent[]>;
  /** Checks of its own once everything settled; each string is a broken guarantee. */
  check?: (
    ctx: ScenarioContext,
    outcome: { posted: PostedEvent[]; rec: Reconciliation; faultEnd: number | null },
  ) => Promise<string[]>;
  /** Said in the report beside the figures. */
  notes?: string[];
}

const SEND_PATH = '^/v3\\.0/oa/message/cs$';

function acceptedFault(name: string, effect: Record<string, unknown>): Scenario {
  return {
    name,
    rate: 15,
    seconds: 20,
    fault: async (ctx) => {
      await ctx.at(3_000);
      // Eight sends in a row: Zalo takes each (recorded, echoed) and the answer is lost.
      await ctx.cluster.fakeControl('POST', 'failures', { pathPattern: SEND_PATH, times: 8, with: effect });
      return 'from-fake';
    },
  };
}

function redisDown(name: string, signal: NodeJS.Signals): Scenario {
  return {
    name,
    rate: 15,
    seconds: 30,
    fault: async (ctx) => {
      await ctx.at(5_000);
      await ctx.cluster.redis.stop(signal);
      await ctx.at(15_000);
      await ctx.cluster.redis.start();
      return Date.now();
    },
  };
}

const outageSeconds = Number(process.env.FAULTS_OUTAGE_SECONDS ?? 120);

/** The suite, in order; FAULTS_ONLY=name,name runs a subset. */
export const scenarios: Scenario[] = [
  { name: 'baseline', rate: 15, seconds: 20 },
  acceptedFault('accept-then-timeout', { acceptThen: 'timeout', holdMs: 30_000 }),
  acceptedFault('accept-then-502', { acceptThen: 'http', httpStatus: 502 }),
  acceptedFault('accept-then-reset', { acceptThen: 'reset' }),
  {
    name: `outage-${outageSeconds}s`,
    rate: 10,
    seconds: outageSeconds + 15,
    fault: async (ctx) => {
      await ctx.at(5_000);
      const ms = outageSeconds * 1000;
      await ctx.cluster.fakeControl('POST', 'outage', { ms });
      const end = Date.now() + ms;
      await sleep(ms);
      return end;
    },
  },
  {
    // Zalo's -32: the OA is over its rate; a pause of its own length (at most 60 s), then one probe.
    name: 'rate-limit',
    rate: 15,
    seconds: 25,
    fault: async (ctx) => {
      await ctx.at(5_000);
      // Three calls answered -32: the sends in flight take them, or the probe after each pause.
      // Zalo's counter is not visible from here: recovery counts from the moment it was set.
      await ctx.cluster.fakeControl('POST', 'rate-limit', { oaId: OA_ID, calls: 3 });
      return Date.now();
    },
  },
  {
    name: 'quota',
    rate: 15,
    seconds: 30,
    fault: async (ctx) => {
      await ctx.at(5_000);
      await ctx.cluster.fakeControl('POST', 'quota', { oaId: OA_ID, exceeded: true });
      await ctx.at(20_000);
      await ctx.cluster.fakeControl('POST', 'quota', { oaId: OA_ID, exceeded: false });
      return Date.now();
    },
  },
  (() => {
    let status: string | null = null;
    return {
      name: 'token-death',
      rate: 15,
      seconds: 30,
      fault: async (ctx) => {
        await ctx.at(5_000);
        await ctx.cluster.fakeControl('POST', 'token-death', { oaId: OA_ID });
        await ctx.at(15_000);
        const { rows } = await ctx.cluster.db.query<{ token_status: string }>(
          'select token_status from communes where id = $1',
          [ctx.cluster.communeId],
        );
        status = rows[0]?.token_status ?? null;
        // An OA admin grants the app again; an operator installs the new pair.
        const pair = (await ctx.cluster.fakeControl('POST', 'reconsent', { oaId: OA_ID })) as {
          accessToken: string;
          refreshToken: string;
        };
        const res = await fetch(`${ctx.cluster.apis[0]!.url}/api/admin/zalo/tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ accessToken: pair.accessToken, refreshToken: pair.refreshToken }),
        });
        if (!res.ok) throw new Error(`POST /api/admin/zalo/tokens: HTTP ${res.status} ${await res.text()}`);
        return Date.now();
      },
      check: () =>
        Promise.resolve(
          status === 'needs_reconsent'
            ? []
            : [`token status was ${String(status)} after token death, not needs_reconsent`],
        ),
    };
  })(),
  redisDown('redis-restart', 'SIGTERM'),
  // A crash: the AOF (fsync every second) may miss the last second of BullMQ's writes; the sweeper re-queues.
  redisDown('redis-kill-9', 'SIGKILL'),
  {
    name: 'postgres-restart',
    rate: 15,
    seconds: 35,
    fault: async (ctx) => {
      await ctx.at(5_000);
      await ctx.cluster.pg.stop('immediate');
      await ctx.at(20_000);
      await ctx.cluster.pg.start();
      return Date.now();
    },
    check: (_ctx, { posted }) => {
      // The webhook keeps answering 200 while PostgreSQL is down (the Redis spool), on the first try.
      const refused = posted.filter((p) => p.status !== 200 || (p.tries ?? 1) > 1).length;
      return Promise.resolve(
        refused === 0
          ? []
          : [`${refused} events not answered 200 at the first try while PostgreSQL was down`],
      );
    },
  },
  {
    // Sends Zalo took but whose answer is lost, and their echoes reach the webhook only while PostgreSQL is
    // down (spooled), longer than the echo grace: the echoes must still settle them, not a resend.
    name: 'echo-in-spool',
    rate: 15,
    seconds: 35,
    fault: async (ctx) => {
      await ctx.cluster.echoTo(0, 2_000);
      await ctx.at(5_000);
      await ctx.cluster.fakeControl('POST', 'failures', {
        pathPattern: SEND_PATH,
        times: 8,
        with: { acceptThen: 'timeout', holdMs: 30_000 },
      });
      await ctx.at(5_700);
      await ctx.cluster.pg.stop('immediate');
      await ctx.at(25_000);
      await ctx.cluster.pg.start();
      const end = Date.now();
      await ctx.cluster.echoTo(0);
      return end;
    },
  },
  {
    name: 'kill-9-worker',
    rate: 20,
    seconds: 12,
    // Mid-burst: 200 messages at once on top of the steady load, and Zalo slow to answer, so that the killed
    // worker holds inbound jobs, resident locks and sends whose outcome it never learns.
    extra: async (ctx) => {
      await ctx.at(4_000);
      return burst(ctx, 200);
    },
    fault: async (ctx) => {
      await ctx.at(4_000);
      await ctx.cluster.fakeControl('POST', 'failures', {
        pathPattern: SEND_PATH,
        times: 40,
        with: { delayMs: 2_000 },
      });
      await ctx.at(5_000);
      return ctx.cluster.restartWorker(0, 'SIGKILL');
    },
    check: (_ctx, { rec }) =>
      Promise.resolve(
        rec.recoverySeconds !== null && rec.recoverySeconds <= 30
          ? []
          : [`the last reply came ${String(rec.recoverySeconds)} s after the worker's restart (limit 30 s)`],
      ),
  },
  {
    name: 'kill-9-api',
    rate: 20,
    seconds: 15,
    extra: async (ctx) => {
      await ctx.at(4_800);
      return burst(ctx, 200);
    },
    fault: async (ctx) => {
      // Echoes go to the api that stays up; Zalo would retry an echo the dead one never answered.
      await ctx.cluster.echoTo(1);
      await ctx.at(5_000);
      const restarted = await ctx.cluster.restartApi(0, 'SIGKILL');
      await ctx.cluster.echoTo(0);
      return restarted;
    },
  },
  (() => {
    const pairs: { sequential: PostedEvent[][]; concurrent: PostedEvent[][] } = {
      sequential: [],
      concurrent: [],
    };
    return {
      name: 'duplicates',
      rate: 10,
      seconds: 10,
      extra: async (ctx: ScenarioContext) => {
        const posted: PostedEvent[] = [];
        for (let i = 0; i < 20; i++) {
          await ctx.at(500 * i);
          const user = ctx.residents[i % ctx.residents.length]!;
          // The same msg_id twice, one after the other (Zalo's retry of an answer it did not get).
          const again = signedText(user, 'Đèn đường thôn 3 bị hỏng');
          const first = await deliver(ctx.targets, again, i);
          const second = await deliver(ctx.targets, again, i + 1);
          // The same event to both api processes at once (two Zalo deliveries racing).
          const racing = signedText(user, 'Xin chào');
          const apis = ctx.targets.apis();
          const both = await Promise.all(apis.map((api) => post(api, racing)));
          const raced = both.map((a) => ({
            msgId: racing.msgId,
            userId: user,
            status: a.status,
            result: a.result,
          }));
          pairs.sequential.push([first, second]);
          pairs.concurrent.push(raced);
          posted.push(first, second, ...raced);
        }
        return posted;
      },
      check: () => {
        const problems: string[] = [];
        const wrong = (groups: PostedEvent[][]) =>
          groups.filter(
            (g) =>
              !(g.every((p) => p.status === 200) && g.filter((p) => p.result === 'accepted').length === 1),
          ).length;
        const seq = wrong(pairs.sequential);
        const con = wrong(pairs.concurrent);
        if (seq > 0) problems.push(`${seq} repeated events not answered 200 with exactly one 'accepted'`);
        if (con > 0)
          problems.push(`${con} concurrent duplicates not answered 200 with exactly one 'accepted'`);
        return Promise.resolve(problems);
      },
    };
  })(),
  {
    name: 'poison',
    rate: 15,
    seconds: 20,
    poisonEvery: 10,
    check: (_ctx, { posted }) => {
      const refused = posted.filter((p) => p.status !== 200).length;
      return Promise.resolve(refused === 0 ? [] : [`${refused} events of poisoned batches not answered 200`]);
    },
  },
  (() => {
    const flood: { result: LoadResult | null; before: number[]; after: number[] } = {
      result: null,
      before: [],
      after: [],
    };
    return {
      name: 'unsigned-flood',
      rate: 10,
      seconds: 25,
      extra: async (ctx: ScenarioContext) => {
        flood.before = await communesKnown(ctx.cluster);
        await ctx.at(3_000);
        const bodies: SignedBody[] = Array.from({ length: 20_000 }, (_, i) => {
          const oaId = `9${randomBytes(8).readBigUInt64BE().toString().padStart(18, '0').slice(0, 18)}`;
          const body = JSON.stringify({
            app_id: APP_ID,
            sender: { id: '1' },
            recipient: { id: oaId },
            event_name: 'user_send_text',
            message: { msg_id: randomBytes(16).toString('hex'), text: 'x' },
            timestamp: String(Date.now()),
          });
          // Half carry a well-formed signature that cannot be checked (an OA we do not serve), half a malformed one.
          return {
            body,
            signature: i % 2 === 0 ? `mac=${randomBytes(32).toString('hex')}` : 'not-a-signature',
          };
        });
        const apis = ctx.targets.apis();
        const halves = await Promise.all(
          apis.map((api, k) =>
            postAllRaw(
              api,
              '/webhooks/zalo',
              bodies.filter((_, i) => i % apis.length === k),
              8,
            ),
          ),
        );
        flood.result = {
          requests: halves.reduce((n, h) => n + h.requests, 0),
          ok: halves.reduce((n, h) => n + h.ok, 0),
          non2xx: halves.reduce((n, h) => n + h.non2xx, 0),
          errors: halves.reduce((n, h) => n + h.errors, 0),
          timeouts: 0,
          seconds: Math.max(...halves.map((h) => h.seconds)),
          perSecond: halves.reduce((n, h) => n + h.perSecond, 0),
          p50: Math.max(...halves.map((h) => h.p50)),
          p99: Math.max(...halves.map((h) => h.p99)),
        };
        flood.after = await communesKnown(ctx.cluster);
        ctx.log(
          `  flood: ${fmt(flood.result.requests)} unsigned requests in ${fmt(flood.result.seconds, 1)} s (${fmt(flood.result.perSecond)}/s), ` +
            `${fmt(flood.result.ok)} × 200 (unknown OA), ${fmt(flood.result.non2xx)} × 4xx, p99 ${fmt(flood.result.p99, 1)} ms; ` +
            `communes known per api ${flood.before.join('/')} → ${flood.after.join('/')}`,
        );
        return [];
      },
      check: () => {
        const problems: string[] = [];
        const r = flood.result;
        if (!r) return Promise.resolve(['the flood did not run']);
        if (r.requests !== 20_000 || r.errors > 0)
          problems.push(`flood: ${r.requests} answers of 20000, ${r.errors} socket errors`);
        if (flood.after.some((n, i) => n !== flood.before[i]))
          problems.push(
            `commune cache grew under the flood: ${flood.before.join('/')} → ${flood.after.join('/')}`,
          );
        return Promise.resolve(problems);
      },
    };
  })(),
];

/** `count` messages from the scenario's residents at once, over both api processes. */
function burst(ctx: ScenarioContext, count: number): Promise<PostedEvent[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      deliver(ctx.targets, signedText(ctx.residents[i % ctx.residents.length]!, TEXTS[i % TEXTS.length]!), i),
    ),
  );
}

/** The webhook's commune directory size in each api process (`langnghe_webhook_communes` on /metrics). */
async function communesKnown(cluster: Cluster): Promise<number[]> {
  return Promise.all(
    cluster.apiMetrics.map(async (url) => {
      const text = await (await fetch(`${url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('langnghe_webhook_communes '));
      return line === undefined ? -1 : Number(line.split(' ')[1]);
    }),
  );
}
