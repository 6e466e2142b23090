import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { follow, userSendText } from '../../src/dev/fake-zalo';
import { inboxEvents, outboxMessages } from '../../src/db/schema';
import { createLogger } from '../../src/logger';
import { eventually } from '../support/eventually';
import { ensureReferenceData, firstCommune } from '../support/factories';
import {
  APP_ID,
  OA_ID,
  createTestEnv,
  redisUrl,
  startTestApp,
  type TestApp,
  type TestEnv,
} from '../support/test-app';

/**
 * Issue 9, item 4: a REAL DrizzleQueryError (its message embeds every bound parameter) wrapping a REAL
 * PostgreSQL error whose message repeats a phone number and a token, raised in the inbound worker's
 * transaction through the real webhook, reaches no log line, no `last_error` column and nothing in Redis.
 */

const RESIDENT = '3000000000000000601';
const PHONE = '0912345678';
const TOKEN = 'FAKETOKENLEAK0123456789abcdef';

async function everythingInRedis(prefix: string): Promise<string> {
  const redis = new Redis(redisUrl);
  const out: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'string') out.push((await redis.get(key)) ?? '');
        else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
        else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
        else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
        else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
        else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return out.join('\n');
}

describe('errors without personal data', () => {
  let env: TestEnv;
  let app: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    env = await createTestEnv();
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    app = await startTestApp(
      env,
      { JOB_ATTEMPTS: '2', LOG_LEVEL: 'debug' },
      { logger: createLogger({ level: 'debug' }, stream) },
    );
    await ensureReferenceData(app.database.db, (await firstCommune(app.database.db)).id);
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  it('keeps the phone and the token of a failed statement out of logs, last_error columns and Redis', async () => {
    const base = { appId: APP_ID, oaId: OA_ID, userId: RESIDENT };
    for (const [i, event] of [
      follow(base),
      userSendText({ ...base, text: 'gui phan anh' }),
      userSendText({ ...base, text: '1' }),
    ].entries()) {
      expect((await app.deliver(event)).statusCode).toBe(200);
      await eventually(() => {
        expect(env.fake.sentMessages(RESIDENT).length).toBeGreaterThan(i);
      });
    }
    // PostgreSQL refuses the conversation state that holds the description, with an error whose message
    // repeats the values (a uuid cast of them): drizzle wraps it in a DrizzleQueryError with every parameter.
    await app.database.pool.query(`
      create function refuse_leaky_state() returns trigger language plpgsql as $$
      begin
        if new.state::text like '%${TOKEN}%' then
          perform (substring(new.state::text from '09[0-9]{8}') || ' ' || substring(new.state::text from 'FAKETOKEN[A-Za-z0-9]+'))::uuid;
        end if;
        return new;
      end $$;
      create trigger refuse_leaky_state before insert or update on conversations
        for each row execute function refuse_leaky_state();`);
    const description = `Ống nước vỡ trước nhà, gọi ${PHONE}, mã ${TOKEN}`;
    expect((await app.deliver(userSendText({ ...base, text: description }))).statusCode).toBe(200);

    const failed = await eventually(
      async () => {
        const rows = await app.database.db.select().from(inboxEvents);
        const row = rows.find((r) => r.status === 'failed');
        expect(row).toBeDefined();
        return row!;
      },
      { timeoutMs: 20_000 },
    );
    // The failure was the real one, and what was kept of it says what broke.
    expect(failed.lastError).toContain('DrizzleQueryError');
    expect(failed.lastError).toContain('22P02');
    expect(failed.lastError).toContain('update "conversations"');
    const logs = lines.join('');
    expect(logs).toContain('"type":"DrizzleQueryError"');
    expect(logs).toContain('inbox event failed for good');

    const lastErrors = [
      ...(await app.database.db.select({ e: inboxEvents.lastError }).from(inboxEvents)),
      ...(await app.database.db.select({ e: outboxMessages.lastError }).from(outboxMessages)),
    ].map((r) => r.e ?? '');
    const redis = await everythingInRedis(env.prefix);
    // BullMQ's failed job records are there, and clean.
    expect(redis).toContain('DrizzleQueryError');
    for (const secret of [PHONE, '912345678', TOKEN]) {
      expect(logs).not.toContain(secret);
      expect(lastErrors.join('\n')).not.toContain(secret);
      expect(redis).not.toContain(secret);
    }
  });
});
