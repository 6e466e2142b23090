import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createCallLimiter, reservationSize } from '../../src/zalo/client';
import { ZaloError } from '../../src/zalo/errors';
import { clearRedisPrefix, redisUrl } from '../support/test-app';

/** How many of `calls` the limiter lets through before it says RateLimited (it waits a second at most). */
async function admitted(limit: () => Promise<void>, calls: number): Promise<number> {
  let ok = 0;
  for (let i = 0; i < calls; i++) {
    try {
      await limit();
      ok++;
    } catch (err) {
      if (!(err instanceof ZaloError) || err.kind !== 'RateLimited') throw err;
    }
  }
  return ok;
}

describe('the Zalo call limiter reserves calls in batches', () => {
  const prefix = `test-rate-${randomBytes(4).toString('hex')}`;
  const redis = new Redis(redisUrl);
  // Until the connection is ready each process counts alone (the insurance limiter), by design.
  beforeAll(async () => {
    await redis.ping();
  });
  afterAll(async () => {
    await clearRedisPrefix(prefix);
    redis.disconnect();
  });

  it('reserves a 200th of the limit at a time, 1 to 20 calls', () => {
    expect([3, 399, 400, 4_000, 10_000_000].map(reservationSize)).toEqual([1, 1, 2, 20, 20]);
  });

  it('never lets two processes together make more calls in a window than the limit', async () => {
    const options = { redis, keyPrefix: prefix, perMinute: 10 };
    // Two processes, each reserving 3 calls at a time: 3 + 3 + 3, then the last call of the window.
    const a = createCallLimiter(options, 3);
    const b = createCallLimiter(options, 3);
    const [fromA, fromB] = await Promise.all([admitted(a, 8), admitted(b, 8)]);
    expect(fromA + fromB).toBe(10);
    // The window is full: one more call in either process is refused.
    await expect(a()).rejects.toMatchObject({ kind: 'RateLimited' });
    const count = Number(await redis.get(`${prefix}:zalo-rate:zalo-app`));
    expect(count).toBeGreaterThanOrEqual(10);
  });
});
