import { createFiguresCache } from '../../../src/app/public/figures-cache';
import type { Db } from '../../../src/db/client';
import type { PublicFigures } from '../../../src/db/repos/public';

const figures = (received: number): PublicFigures => ({
  received,
  listed: received,
  listedByGroup: { 'moi-tiep-nhan': 0, 'dang-xu-ly': 0, 'da-giai-quyet': 0, 'khong-tiep-nhan': 0 },
  resolved: 0,
  withDeadline: 0,
  onTime: 0,
  medianFirstResponseSeconds: null,
  medianResolutionSeconds: null,
  responses: 0,
  averageScore: null,
});

describe('createFiguresCache: the figures are kept a while per commune and filter', () => {
  // The reader is replaced: the database handle is only passed through.
  const db = undefined as unknown as Db;

  it('reads once per TTL and key, ignores the status filter, and shares a query in flight', async () => {
    let at = 0;
    let reads = 0;
    const cache = createFiguresCache(
      60_000,
      () => new Date(at),
      () => Promise.resolve(figures(++reads)),
    );
    const [a, b] = await Promise.all([
      cache(db, 1, { areaId: 2 }),
      cache(db, 1, { areaId: 2, statuses: ['closed'] }),
    ]);
    expect([a.received, b.received, reads]).toEqual([1, 1, 1]);
    expect((await cache(db, 1, { areaId: 3 })).received).toBe(2);
    expect((await cache(db, 2, { areaId: 2 })).received).toBe(3);
    at = 59_999;
    expect((await cache(db, 1, { areaId: 2 })).received).toBe(1);
    at = 60_000;
    expect((await cache(db, 1, { areaId: 2 })).received).toBe(4);
  });

  it('does not keep a failure, and reads every time with a TTL of 0', async () => {
    let fail = true;
    const cache = createFiguresCache(
      60_000,
      () => new Date(0),
      () => (fail ? Promise.reject(new Error('down')) : Promise.resolve(figures(7))),
    );
    await expect(cache(db, 1, {})).rejects.toThrow('down');
    fail = false;
    await expect(cache(db, 1, {})).resolves.toMatchObject({ received: 7 });
    let reads = 0;
    const off = createFiguresCache(
      0,
      () => new Date(0),
      () => Promise.resolve(figures(++reads)),
    );
    await off(db, 1, {});
    await off(db, 1, {});
    expect(reads).toBe(2);
  });
});
