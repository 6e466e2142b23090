import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '../support';

const run = promisify(execFile);

/**
 * The suite's own PostgreSQL cluster and Redis server, so that it can stop and start them (and kill them)
 * without touching the machine's shared ones. Both live in temporary directories removed by dispose().
 */

const PG_BIN = process.env.FAULTS_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface OwnPostgres {
  port: number;
  url(database: string): string;
  /** `immediate`: like a crash (no checkpoint; recovery replays the WAL at start). */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

async function asPostgres(args: string[]): Promise<void> {
  // initdb and pg_ctl refuse to run as root.
  await run('runuser', ['-u', 'postgres', '--', ...args], { maxBuffer: 16 * 1024 * 1024 });
}

async function waitForPostgres(url: string, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw err;
      await sleep(200);
    }
  }
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'langnghe-faults-pg-'));
  chownSync(
    dir,
    Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  );
  const data = path.join(dir, 'data');
  const port = await freePort();
  await asPostgres([
    path.join(PG_BIN, 'initdb'),
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  // 2 api × (workers' pool + webhook pool) + 2 workers × pool + the suite's own: well under 200.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const start = async () => {
    await asPostgres([
      path.join(PG_BIN, 'pg_ctl'),
      '-D',
      data,
      '-l',
      path.join(dir, 'log'),
      '-o',
      options,
      '-w',
      'start',
    ]);
    await waitForPostgres(url('postgres'), 30_000);
  };
  const stop = (mode: 'fast' | 'immediate') =>
    asPostgres([path.join(PG_BIN, 'pg_ctl'), '-D', data, '-m', mode, '-w', 'stop']);
  await start();
  return {
    port,
    url,
    stop,
    start,
    dispose: async () => {
      await stop('immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OwnRedis {
  url: string;
  /** SIGTERM: Redis rewrites nothing but flushes its AOF and exits, as a planned restart does. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'langnghe-faults-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    // AOF (fsync every second): the webhook's spool and BullMQ's jobs survive a restart (docs/RELIABILITY.md).
    const server = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    child = server;
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const { stdout } = await run('redis-cli', ['-p', String(port), 'ping']);
        if (stdout.trim() === 'PONG') return;
      } catch {
        // not up yet
      }
      if (server.exitCode !== null || Date.now() > deadline) throw new Error('redis-server did not start');
      await sleep(100);
    }
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const server = child;
    if (!server || server.exitCode !== null) return;
    const gone = once(server, 'exit');
    server.kill(signal);
    await gone;
    child = null;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    dispose: async () => {
      await stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
