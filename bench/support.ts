import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { createDatabase } from '../src/db/client';
import { runMigrations } from '../src/db/migrate';
import { databaseUrl, dropDatabase as dropDatabaseOn, withAdmin } from '../test/support/db';
import { clearRedisPrefix as clearTestRedisPrefix } from '../test/support/test-app';

export const root = path.resolve(__dirname, '..');

export const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Drops and recreates `name`, then applies the migrations: every run starts from an empty schema. With
 * `migrations: false` the database is left empty, for a bench that brings its own tables.
 */
export async function freshDatabase(name: string, options: { migrations?: boolean } = {}): Promise<string> {
  await withAdmin(async (client) => {
    await dropDatabaseOn(client, name);
    await client.query(`create database "${name}"`);
  }, adminUrl);
  const url = databaseUrl(name, adminUrl);
  if (options.migrations === false) return url;
  const database = createDatabase(url, { poolSize: 2 });
  try {
    await runMigrations(database);
  } finally {
    await database.close();
  }
  return url;
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((client) => dropDatabaseOn(client, name), adminUrl);
}

export async function clearRedisPrefix(prefix: string): Promise<void> {
  await clearTestRedisPrefix(prefix, redisUrl);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

export interface SignedBody {
  body: string;
  signature: string;
}

export interface LoadResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * The server entry point as `npm start` runs it: the build (dist/src/main.js), compiled by `buildForBench`
 * before any run. BENCH_SERVER_SCRIPT=src/main.ts runs the sources through tsx instead (a loader in the process:
 * its stack-trace hook and source maps cost the server about a fifth of its CPU per message).
 */
export const serverScript = process.env.BENCH_SERVER_SCRIPT ?? 'dist/src/main.js';

/** A yardstick server of bench/ (bare route, reference stack, loop floor), compiled like the product. */
export function yardstickScript(name: 'bare-server' | 'loop-floor-server' | 'reference-server'): string {
  return `dist/bench/${name}.js`;
}

/**
 * Compiles the product (`npm run build`) and the yardstick servers (tsconfig.bench.json) so that the product
 * and its yardsticks all run as plain JavaScript, with no loader in either: a comparison between them is then
 * between their code, not between one loader and another.
 */
export function buildForBench(): void {
  const started = Date.now();
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.bench.json'], { cwd: root, stdio: 'inherit' });
  process.stdout.write(`built dist/ for the bench in ${fmt((Date.now() - started) / 1000, 1)} s\n`);
}

export interface ChildServer {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
  /** Sends `signal` (SIGKILL: a crash) and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** The last 20 000 characters the process wrote. */
  output(): string;
}

export interface ChildOptions {
  /** Command-line arguments of the script, given the port chosen for it. */
  args?: (port: number) => string[];
  /** Where readiness is polled (GET, any 2xx); `/healthz` by default. */
  healthPath?: string;
  /**
   * `metrics`: the chosen port is METRICS_PORT, the only listener of a ROLE=worker process; `url` points there.
   * `port` (default): it is PORT, and METRICS_PORT is 0 unless `env` sets it.
   */
  listenOn?: 'port' | 'metrics';
}

/**
 * Starts a TypeScript entry point in its own `node` process (tsx only transpiles at load time) listening on
 * loopback, and waits until GET /healthz answers. With BENCH_CPU_PROF=1 the child writes a V8 CPU profile
 * to bench/.profiles/ when it stops.
 */
export async function startChild(
  name: string,
  script: string,
  env: Record<string, string>,
  options: ChildOptions = {},
): Promise<ChildServer> {
  const port = await freePort();
  const nodeArgs = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  if (process.env.BENCH_CPU_PROF === '1') {
    // One folder per child: V8 writes a profile per thread (tsx's loader runs in a worker thread too).
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench', '.profiles', `${name}-${Date.now()}`)}`);
  }
  // Extra node flags for the servers under test (e.g. a --require hook while investigating).
  if (process.env.BENCH_NODE_ARGS) nodeArgs.push(...process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean));
  const ports = options.listenOn === 'metrics' ? { METRICS_PORT: String(port) } : { PORT: String(port) };
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, script, ...(options.args?.(port) ?? [])], {
    cwd: root,
    // METRICS_PORT=0: the app's internal listener takes any free port, so children never collide on 9464.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', METRICS_PORT: '0', ...env, ...ports, HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const state = { exited: false };
  child.once('exit', () => {
    state.exited = true;
  });
  // once() rejects on an 'error' event; either way the process is gone.
  const gone = once(child, 'exit').then(
    () => undefined,
    () => undefined,
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (state.exited) throw new Error(`${name} exited during start:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start within 60 s:\n${output}`);
    }
    try {
      const res = await fetch(`${url}${options.healthPath ?? '/healthz'}`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return {
    name,
    url,
    pid: child.pid ?? 0,
    output: () => output,
    kill: async (signal) => {
      if (!state.exited) child.kill(signal);
      await gone;
    },
    stop: async () => {
      if (state.exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
      if (process.env.BENCH_VERBOSE === '1') process.stdout.write(`--- ${name} output ---\n${output}\n`);
    },
  };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export interface CpuSnapshot {
  server: number;
  /** CPU seconds per PostgreSQL backend pid. */
  postgres: Map<number, number>;
  redis: number;
  generator: number;
}

/**
 * Where the CPU goes during a measurement: the server process, the PostgreSQL backends serving the bench
 * database (plus the WAL writer), Redis (whole server) and this process (the load generator). Other work on
 * the machine does not count, so the per-event cost is steadier than events/s on a shared machine.
 */
export async function cpuSnapshot(serverPid: number, databaseName: string, redis: Redis, pg: Client): Promise<CpuSnapshot> {
  const { rows } = await pg.query<{ pid: number }>(
    `select pid from pg_stat_activity where (datname = $1 and pid <> pg_backend_pid()) or backend_type = 'walwriter'`,
    [databaseName],
  );
  const info = await redis.info('cpu');
  const redisCpu = ['used_cpu_user', 'used_cpu_sys']
    .map((k) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0))
    .reduce((a, b) => a + b, 0);
  const own = process.cpuUsage();
  return {
    server: processCpuSeconds(serverPid),
    postgres: new Map(rows.map((r) => [r.pid, processCpuSeconds(r.pid)])),
    redis: redisCpu,
    generator: (own.user + own.system) / 1e6,
  };
}

export interface CpuPerEvent {
  server: number;
  postgres: number;
  redis: number;
  generator: number;
  total: number;
}

/** Microseconds of CPU per event, by consumer, between two snapshots. */
export function cpuPerEvent(before: CpuSnapshot, after: CpuSnapshot, events: number): CpuPerEvent {
  let pgSeconds = 0;
  for (const [pid, cpu] of after.postgres) pgSeconds += cpu - (before.postgres.get(pid) ?? 0);
  const us = (seconds: number) => (seconds * 1e6) / events;
  const r = {
    server: us(after.server - before.server),
    postgres: us(pgSeconds),
    redis: us(after.redis - before.redis),
    generator: us(after.generator - before.generator),
  };
  return { ...r, total: r.server + r.postgres + r.redis + r.generator };
}
