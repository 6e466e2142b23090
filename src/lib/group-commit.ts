/** The outcome of one item of a batch: each caller learns its own result, so one bad item fails only itself. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Raised at once, without queueing, when the backlog is full: the caller answers from its fallback. */
export class GroupCommitFullError extends Error {
  constructor(pump: string) {
    super(`${pump}: backlog full`);
    this.name = 'GroupCommitFullError';
  }
}

export interface GroupCommitOptions<I, O> {
  /** Names the pump in errors. */
  name: string;
  /**
   * Writes a batch and settles each item in order (same length as `items`); a rejection settles every item of
   * the batch with that error.
   */
  run: (items: readonly I[]) => Promise<readonly Settled<O>[]>;
  /** Largest batch, in weight units (an item's weight is 1 unless `weight` says otherwise). */
  maxBatch: number;
  /** Batches written at the same time. */
  maxInFlight: number;
  /** Weight units allowed to wait; beyond that `submit` rejects with GroupCommitFullError. */
  maxQueued: number;
  weight?: (item: I) => number;
}

export interface GroupCommit<I, O> {
  submit(item: I): Promise<O>;
  /** Weight units waiting for a batch (not counting those in flight). */
  queued(): number;
}

interface Waiting<I, O> {
  item: I;
  weight: number;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit without a timer: items that arrive while `maxInFlight` batches are being written go together
 * in the next one, so a busy producer makes a few large round trips instead of many small ones and a quiet one
 * waits for nobody. The backlog is bounded: when the store is slow, callers hear so at once instead of
 * holding memory and requests open.
 */
export function createGroupCommit<I, O>(options: GroupCommitOptions<I, O>): GroupCommit<I, O> {
  const weightOf = options.weight ?? (() => 1);
  let waiting: Waiting<I, O>[] = [];
  let queuedWeight = 0;
  let inFlight = 0;

  const settle = (batch: readonly Waiting<I, O>[], results: readonly Settled<O>[]): void => {
    batch.forEach((w, i) => {
      const result = results[i];
      if (!result) w.reject(new Error(`${options.name}: no result for a batch item`));
      else if (result.ok) w.resolve(result.value);
      else w.reject(result.error);
    });
  };

  const pump = (): void => {
    while (inFlight < options.maxInFlight && waiting.length > 0) {
      let size = 0;
      let take = 0;
      for (let next = waiting[0]; next !== undefined; next = waiting[take]) {
        if (take > 0 && size + next.weight > options.maxBatch) break;
        size += next.weight;
        take++;
      }
      const batch = waiting.slice(0, take);
      waiting = waiting.slice(take);
      queuedWeight -= size;
      inFlight++;
      options
        .run(batch.map((w) => w.item))
        .then(
          (results) => {
            settle(batch, results);
          },
          (err: unknown) => {
            for (const w of batch) w.reject(err);
          },
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };

  return {
    submit(item: I): Promise<O> {
      const weight = weightOf(item);
      if (queuedWeight + weight > options.maxQueued && waiting.length > 0) {
        return Promise.reject(new GroupCommitFullError(options.name));
      }
      return new Promise<O>((resolve, reject) => {
        waiting.push({ item, weight, resolve, reject });
        queuedWeight += weight;
        pump();
      });
    },
    queued: () => queuedWeight,
  };
}
