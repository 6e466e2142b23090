import { randomBytes } from 'node:crypto';
import { createDatabase } from '../src/db/client';
import { createInboxWriter } from '../src/db/repos/inbox-writer';
import { ensureCommune } from '../src/db/repos/communes';
import { createQueues } from '../src/jobs/queues';
import { enqueueInbox } from '../src/app/enqueue';
import { createProducerConnection } from '../src/redis';
import { freshDatabase, clearRedisPrefix, redisUrl } from './support';
import { signedTexts } from './events';

async function run(n: number, conc: number, fn: (i: number) => Promise<unknown>) {
  let next = 0;
  const t = process.hrtime.bigint();
  await Promise.all(Array.from({ length: conc }, async () => { while (next < n) await fn(next++); }));
  return n / (Number(process.hrtime.bigint() - t) / 1e9);
}
async function main() {
  const url = await freshDatabase('langnghe_bench_micro');
  const database = createDatabase(url, { poolSize: 20 });
  const c = await ensureCommune(database.db, { slug: 'x', name: 'x', caseCodePrefix: 'LS', zaloOaId: '2000000000000000002', zaloAppId: '1', zaloAppSecret: 's', zaloOaSecretKey: 'k', accessToken: 'a', refreshToken: 'r' });
  const writer = createInboxWriter(database.pool);
  const bodies = signedTexts(60000, 2000, (k) => `x ${k}`);
  const ins = (i: number) => writer.insert({ communeId: c.id, eventName: 'user_send_text', dedupKey: `k${i}`, zaloUserId: `u${i % 2000}`, payloadJson: bodies[i]!.body, eventAt: new Date(), status: 'pending' });
  await run(5000, 50, (i) => ins(i));
  console.log('inbox insert /s', Math.round(await run(20000, 50, (i) => ins(5000 + i))));
  const prefix = `bench-${randomBytes(3).toString('hex')}`;
  const producer = createProducerConnection(redisUrl);
  const queues = createQueues(producer, prefix, 8);
  await run(5000, 50, (i) => enqueueInbox({ queues }, [i + 1]));
  console.log('enqueue /s', Math.round(await run(20000, 50, (i) => enqueueInbox({ queues }, [100000 + i]))));
  let k = 0;
  console.log('insert+enqueue /s', Math.round(await run(20000, 50, async () => { const i = 30000 + k++; const r = await ins(i); await enqueueInbox({ queues }, [r.id]); })));
  await queues.close(); producer.disconnect(); await database.close(); await clearRedisPrefix(prefix);
}
void main();
