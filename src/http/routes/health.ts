import type { FastifyInstance } from 'fastify';
import type { Backlog } from '../../db/repos/work-state';
import type { Logger } from '../../logger';

/** `ok`, or degraded with a reason: the process can serve, but work is not moving as it should. */
export type CheckResult = 'ok' | { degraded: string };

/** A failed check whose message is ours and safe to show; any other error is shown as "unavailable". */
export class NotReady extends Error {}

export interface HealthDeps {
  /** A check that throws fails readiness (503); one that answers degraded does not (200, see below). */
  checks: Record<string, () => Promise<CheckResult>>;
  logger: Logger;
}

const CHECK_TIMEOUT_MS = 2_000;

/**
 * /healthz: the process answers. /readyz: every dependency answers (PostgreSQL, Redis, migrations) and work
 * moves (the oldest pending inbox event and outbox message are younger than a bound).
 *
 * The status code is chosen for the load balancer in front of the webhook: 503 only when this process cannot
 * store an event (a dependency is down), so the balancer sends Zalo elsewhere. Work not moving is a fault of
 * the workers or of Zalo, shared by every API process: taking them out of rotation would turn a delay into
 * lost events, so a degraded answer is 200 with `status: "degraded"` and the reason, for monitors and people.
 * No answer carries an error's own text (hosts, addresses, authentication errors): those go to the log.
 */
export function healthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  const log = deps.logger.child({ module: 'health' });
  app.get('/healthz', (_request, reply) => reply.send({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(deps.checks).map(
        async ([name, check]): Promise<[string, 'ok' | 'degraded' | 'failed', string]> => {
          try {
            const result = await withTimeout(check(), CHECK_TIMEOUT_MS);
            return result === 'ok' ? [name, 'ok', 'ok'] : [name, 'degraded', result.degraded];
          } catch (err) {
            if (err instanceof NotReady) return [name, 'failed', err.message];
            log.warn({ err, check: name }, 'readiness check failed');
            return [name, 'failed', err instanceof CheckTimeout ? 'timed out' : 'unavailable'];
          }
        },
      ),
    );
    const failed = results.some(([, state]) => state === 'failed');
    const status = failed
      ? 'not_ready'
      : results.some(([, state]) => state === 'degraded')
        ? 'degraded'
        : 'ready';
    return reply
      .code(failed ? 503 : 200)
      .header('cache-control', 'no-store')
      .send({ status, checks: Object.fromEntries(results.map(([name, , text]) => [name, text])) });
  });
}

/** The two "work is moving" checks, from the backlog the metrics read (db/repos/work-state.ts). */
export function backlogChecks(backlog: () => Promise<Backlog>, maxAgeSeconds: number): HealthDeps['checks'] {
  const check = (age: (b: Backlog) => number, what: string) => async (): Promise<CheckResult> => {
    const seconds = age(await backlog());
    return seconds > maxAgeSeconds
      ? {
          degraded: `the oldest pending ${what} has waited ${Math.round(seconds)} s (bound ${maxAgeSeconds} s)`,
        }
      : 'ok';
  };
  return {
    inbox: check((b) => b.inboxOldestSeconds, 'inbox event'),
    outbox: check((b) => b.outboxOldestSeconds, 'outbox message'),
  };
}

class CheckTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new CheckTimeout('timed out'));
      }, ms);
    }),
  ]).finally(() => {
    clearTimeout(timer);
  });
}
