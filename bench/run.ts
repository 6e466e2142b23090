/**
 * `npm run bench`: (1) durable accept and (2) full loop, each against servers in their own processes on
 * loopback, with the load generated here. Needs only PostgreSQL (postgres://postgres@127.0.0.1:5432) and
 * Redis (127.0.0.1:6379); creates and drops its own database and BullMQ prefix. See docs/BENCHMARKS.md.
 *
 * BENCH_ONLY=accept|loop|steady|public|floor runs one; BENCH_EVENTS, BENCH_MESSAGES, BENCH_RESIDENTS size them; BENCH_CPU_PROF=1
 * writes CPU profiles of the servers to bench/.profiles/; BENCH_KEEP_DB=1 keeps the database for a look;
 * every server runs built (npm run build and tsconfig.bench.json, done first); BENCH_SERVER_SCRIPT=src/main.ts runs
 * the product's sources through tsx instead; BENCH_SERVER_ENV="K=V …" adds server
 * settings (full loop); BENCH_NODE_ARGS adds node flags to the servers; BENCH_LOADGEN=autocannon.
 *
 * (4) public pages (BENCH_ONLY=public): p95 of /cong-khai and Open311 requests.json with BENCH_CASES (100,000)
 * cases seeded by one INSERT … SELECT, beside a bare route of the same process (bench/public-pages.ts).
 *
 * (3) loop floor runs right after (2), on the same load (BENCH_MESSAGES, BENCH_RESIDENTS): a minimal pipeline
 * with only the design's mandatory steps and nothing from src/ (bench/loop-floor.ts, bench/loop-floor-server.ts;
 * database langnghe_floor, or BENCH_FLOOR_DB): the best this machine allows the design, the yardstick for (2),
 * printed as the ratio full loop ÷ floor (BENCH_LOOP_ROUNDS alternating pairs, median; default 1). BENCH_ONLY=floor
 * runs it alone.
 *
 * (5) steady rate (BENCH_ONLY=steady; also by default): BENCH_STEADY_RATE (100) messages/s for
 * BENCH_STEADY_SECONDS (30) from BENCH_STEADY_RESIDENTS (500) residents taking turns, ROLE=all + fake Zalo: p50/
 * p95/p99 from the webhook request to the reply at the fake Zalo, beside the loop floor and the bare route at
 * the same rate (bench/steady-rate.ts).
 */
import os from 'node:os';
import { durableAccept } from './durable-accept';
import { fullLoop } from './full-loop';
import { loopFloor } from './loop-floor';
import { publicPages } from './public-pages';
import { ms, steadyRate } from './steady-rate';
import { buildForBench, dropDatabase, fmt } from './support';

const DB_NAME = process.env.BENCH_DB ?? 'langnghe_bench';
const FLOOR_DB_NAME = process.env.BENCH_FLOOR_DB ?? 'langnghe_floor';
const int = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  process.stdout.write(
    `langnghe bench: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}\n`,
  );
  buildForBench();
  const verdicts: string[] = [];
  let checksPassed = true;
  try {
    if (only === undefined || only === 'accept') {
      const r = await durableAccept({ dbName: DB_NAME, connections: 50, events: int('BENCH_EVENTS', 100_000), warmup: int('BENCH_WARMUP', 10_000), rounds: int('BENCH_ROUNDS', 3) });
      checksPassed &&= r.consistent;
      const mark = (ok: boolean) => (ok ? '✔' : '✘');
      verdicts.push(
        `durable accept: ${fmt(r.webhook.perSecond)} events/s (target ≥ 8,000 ${mark(r.webhook.perSecond >= 8_000)}), ` +
          `p99 ${fmt(r.webhook.p99, 1)} ms (< 25 ${mark(r.webhook.p99 < 25)}), ${fmt(r.ratio * 100, 1)} % of bare (≥ 20 % ${mark(r.ratio >= 0.2)}); ` +
          `reference stack ${fmt(r.reference.perSecond)}/s here${r.referenceConsistent ? '' : ' (✘ it did not store every event)'}, webhook at ${fmt(r.webhookVsReference * 100, 1)} % of it`,
      );
    }
    if (only === undefined || only === 'loop') {
      const sizes = { connections: 50, residents: int('BENCH_RESIDENTS', 2_000), messages: int('BENCH_MESSAGES', 20_000), timeoutSeconds: int('BENCH_TIMEOUT_SECONDS', 1_200) };
      // Full loop and loop floor alternate (BENCH_LOOP_ROUNDS pairs), so a busy minute on the shared machine
      // weighs on both; the ratio is the median of the pairs' ratios.
      const rounds = Math.max(1, int('BENCH_LOOP_ROUNDS', 1));
      const pairs: { loop: number; floor: number; loopCpu: number; floorCpu: number }[] = [];
      let answered = true;
      let floorConsistent = true;
      for (let round = 1; round <= rounds; round++) {
        if (rounds > 1) process.stdout.write(`\nround ${round} of ${rounds}\n`);
        const r = await fullLoop({ dbName: DB_NAME, ...sizes });
        answered &&= r.complete && r.outboxRows > 0 && r.unanswered === 0;
        // The yardstick of the same run, on the same load: the design's mandatory steps and nothing of ours.
        const floor = await loopFloor({ dbName: FLOOR_DB_NAME, ...sizes });
        floorConsistent &&= floor.consistent;
        pairs.push({ loop: r.perSecond, floor: floor.perSecond, loopCpu: r.cpu.total, floorCpu: floor.cpu.total });
        process.stdout.write(
          `\n  full loop / loop floor: ${fmt(r.perSecond)} / ${fmt(floor.perSecond)} messages/s = ${fmt((r.perSecond / floor.perSecond) * 100, 1)} % ` +
            `(CPU per message ${fmt(r.cpu.total)} / ${fmt(floor.cpu.total)} µs = ${fmt((floor.cpu.total / r.cpu.total) * 100, 1)} %)\n`,
        );
      }
      checksPassed &&= answered && floorConsistent;
      const median = (xs: number[]) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const mid = Math.floor(sorted.length / 2);
        return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
      };
      const ratio = median(pairs.map((p) => (p.floor > 0 ? p.loop / p.floor : 0)));
      const loopRate = median(pairs.map((p) => p.loop));
      const floorRate = median(pairs.map((p) => p.floor));
      const cpuRatio = median(pairs.map((p) => p.floorCpu / p.loopCpu));
      verdicts.push(
        `full loop: ${fmt(loopRate)} messages/s (target ≥ 1,000 ${loopRate >= 1_000 ? '✔' : '✘'})${answered ? '' : ', INCOMPLETE: not every message was answered'}; ` +
          `${fmt(ratio * 100, 1)} % of the loop floor's ${fmt(floorRate)}/s in the same run (target ≥ 60 % ${ratio >= 0.6 ? '✔' : '✘'}; ` +
          `by CPU per message ${fmt(cpuRatio * 100, 1)} %${rounds > 1 ? `; medians of ${rounds} pairs` : ''})` +
          (floorConsistent ? '' : ', the floor INCOMPLETE'),
      );
    }
    if (only === undefined || only === 'steady') {
      const r = await steadyRate({
        dbName: `${DB_NAME}_steady`,
        floorDbName: `${FLOOR_DB_NAME}_steady`,
        rate: int('BENCH_STEADY_RATE', 100),
        seconds: int('BENCH_STEADY_SECONDS', 30),
        residents: int('BENCH_STEADY_RESIDENTS', 500),
      });
      checksPassed &&= r.ok;
      verdicts.push(
        `steady ${fmt(int('BENCH_STEADY_RATE', 100))} messages/s: webhook request → reply at Zalo p95 ${ms(r.product.p95)} ms (target ≤ 300 ${r.product.p95 <= 300 ? '✔' : '✘'}), ` +
          `p50 ${ms(r.product.p50)}, p99 ${ms(r.product.p99)} ms; same run: loop floor p95 ${ms(r.floor.p95)} ms, bare route p95 ${ms(r.bare.p95)} ms` +
          (r.ok ? '' : ', INCOMPLETE: not every webhook request got its 200'),
      );
    }
    if (only === undefined || only === 'public') {
      const r = await publicPages({ dbName: `${DB_NAME}_public`, cases: int('BENCH_CASES', 100_000), requests: int('BENCH_PAGE_REQUESTS', 200) });
      const of = (name: string) => r.routes.find((route) => route.name.startsWith(name));
      const list = of('list page /cong-khai');
      const requests = of('Open311 requests.json');
      const bare = of('yardstick');
      const mark = (p95: number | undefined) => (p95 !== undefined && p95 < 100 ? '✔' : '✘');
      verdicts.push(
        `public pages with ${fmt(r.cases)} cases: /cong-khai p95 ${fmt(list?.p95 ?? NaN, 1)} ms (target < 100 ${mark(list?.p95)}), ` +
          `requests.json p95 ${fmt(requests?.p95 ?? NaN, 1)} ms (< 100 ${mark(requests?.p95)}); bare route p95 ${fmt(bare?.p95 ?? NaN, 1)} ms in the same run`,
      );
    }
    if (only === 'floor') {
      const r = await loopFloor({
        dbName: FLOOR_DB_NAME,
        connections: 50,
        residents: int('BENCH_RESIDENTS', 2_000),
        messages: int('BENCH_MESSAGES', 20_000),
        timeoutSeconds: int('BENCH_TIMEOUT_SECONDS', 1_200),
      });
      checksPassed &&= r.consistent;
      verdicts.push(
        `loop floor: ${fmt(r.perSecond)} messages/s, ${fmt(r.cpu.total)} µs CPU per message (the design's best on this machine, for the full loop's target ≥ 1,000)` +
          (r.consistent ? '' : ', INCOMPLETE: not every message was answered exactly once'),
      );
    }
  } finally {
    if (process.env.BENCH_KEEP_DB !== '1') {
      await dropDatabase(DB_NAME).catch(() => undefined);
      await dropDatabase(`${DB_NAME}_public`).catch(() => undefined);
    }
  }
  process.stdout.write(`\nsummary\n${verdicts.map((v) => `  ${v}`).join('\n')}\n`);
  // Figures below target are reported, not failed; a broken guarantee (lost, duplicated or unanswered
  // message) fails the run.
  if (!checksPassed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
