import { GroupCommitFullError, createGroupCommit, type Settled } from '../../../src/lib/group-commit';

/** A pump whose batches finish when the test says so, recording what each batch held. */
function harness(
  options: {
    maxBatch?: number;
    maxInFlight?: number;
    maxQueued?: number;
    weight?: (item: string) => number;
  } = {},
) {
  const batches: string[][] = [];
  const finish: ((results: Settled<string>[] | Error) => void)[] = [];
  const pump = createGroupCommit<string, string>({
    name: 'test',
    maxBatch: options.maxBatch ?? 100,
    maxInFlight: options.maxInFlight ?? 1,
    maxQueued: options.maxQueued ?? 1_000,
    ...(options.weight ? { weight: options.weight } : {}),
    run: (items) => {
      batches.push([...items]);
      return new Promise((resolve, reject) => {
        finish.push((results) => {
          if (results instanceof Error) reject(results);
          else resolve(results);
        });
      });
    },
  });
  const okAll = (i: number) => {
    finish[i]!((batches[i] ?? []).map((item) => ({ ok: true, value: `${item}!` })));
  };
  return { pump, batches, finish, okAll };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('writes a lone item at once and groups what arrives while a batch is in flight', async () => {
    const { pump, batches, okAll } = harness();
    const a = pump.submit('a');
    const rest = ['b', 'c', 'd'].map((x) => pump.submit(x));
    expect(batches).toEqual([['a']]);
    okAll(0);
    expect(await a).toBe('a!');
    await flush();
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    okAll(1);
    expect(await Promise.all(rest)).toEqual(['b!', 'c!', 'd!']);
  });

  it.each([
    ['by count', {}, ['a', 'b', 'c', 'd', 'e'], [['a'], ['b', 'c'], ['d', 'e']]],
    [
      'by weight (an item heavier than a batch still goes alone)',
      { weight: (s: string) => s.length },
      ['a', 'bb', 'cccc', 'd'],
      [['a'], ['bb'], ['cccc'], ['d']],
    ],
  ])('keeps batches within maxBatch %s', async (_how, extra, items, expected) => {
    const { pump, batches, okAll } = harness({ maxBatch: 2, ...extra });
    const all = items.map((x) => pump.submit(x));
    for (let i = 0; i < expected.length; i++) {
      await flush();
      okAll(i);
    }
    await Promise.all(all);
    expect(batches).toEqual(expected);
  });

  it('settles each item with its own result, and a failed batch fails only its own items', async () => {
    const { pump, finish } = harness();
    const first = pump.submit('first');
    const [good, bad] = [pump.submit('good'), pump.submit('bad')];
    finish[0]!(new Error('store down'));
    await expect(first).rejects.toThrow('store down');
    await flush();
    finish[1]!([
      { ok: true, value: 'stored' },
      { ok: false, error: new Error('poison') },
    ]);
    expect(await good).toBe('stored');
    await expect(bad).rejects.toThrow('poison');
  });

  it('refuses at once, without queueing, when the backlog is full', async () => {
    const { pump, batches, okAll } = harness({ maxQueued: 2 });
    const inFlight = pump.submit('a');
    const queued = [pump.submit('b'), pump.submit('c')];
    expect(pump.queued()).toBe(2);
    await expect(pump.submit('d')).rejects.toBeInstanceOf(GroupCommitFullError);
    okAll(0);
    await inFlight;
    await flush();
    okAll(1);
    await Promise.all(queued);
    expect(batches).toEqual([['a'], ['b', 'c']]);
    expect(pump.queued()).toBe(0);
  });
});
