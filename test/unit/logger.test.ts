import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { DatabaseError } from 'pg';
import { createLogger } from '../../src/logger';

/** Everything a logger writes, one parsed JSON line per entry. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger({ level: 'info' }, stream), raw: () => lines.join('') };
}

describe('log redaction', () => {
  const PHONE = '+84912345678';
  const NAME = 'Nguyễn Thị Mơ';
  const TEXT = 'Ổ gà trước cổng nhà số 12';

  it.each([
    [
      'at the top level',
      { phone: PHONE, name: NAME, text: TEXT, address: 'ngõ 12', zaloUserId: '3100000000000000101' },
    ],
    [
      'one level down',
      {
        resident: { phone: PHONE, displayName: NAME, zaloUserId: '3100000000000000101' },
        outbox: { text: TEXT },
      },
    ],
    [
      'in a case',
      {
        case: {
          reporterPhone: PHONE,
          reporterName: NAME,
          description: TEXT,
          latitude: 20.7312,
          longitude: 105.5408,
        },
      },
    ],
    [
      'in a Zalo event',
      { event: { message: { text: TEXT, msg_id: 'abc' }, info: { name: NAME, phone: '84912345678' } } },
    ],
    [
      'in tokens',
      {
        commune: { accessToken: 'secret-at', refreshToken: 'secret-rt' },
        body: { access_token: 'secret-at' },
      },
    ],
  ])('hides personal data and secrets %s', (_where, fields) => {
    const { logger, raw } = capture();
    logger.info(fields, 'something happened');
    const out = raw();
    for (const secret of [
      PHONE,
      '84912345678',
      NAME,
      TEXT,
      'ngõ 12',
      '3100000000000000101',
      '20.7312',
      'secret-at',
      'secret-rt',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
    expect(out).toContain('something happened');
  });

  it('hides the values a failed database statement carries in its error', () => {
    const { logger, raw } = capture();
    // The errors drizzle and pg really throw: pg's message repeats the value, drizzle's every parameter.
    const cause = Object.assign(
      new DatabaseError(`invalid input syntax for type uuid: "${PHONE}"`, 120, 'error'),
      {
        code: '22P02',
        routine: 'string_to_uuid',
        detail: `Key (phone)=(${PHONE}) already exists.`,
        where: `JSON data, line 1: {"text": "${TEXT}"`,
      },
    );
    const err = new DrizzleQueryError(
      'update "conversations" set "state" = $1::jsonb where "id" = $2',
      [`{"d":"${TEXT}"}`, PHONE],
      cause,
    );
    logger.error({ err }, 'case insert failed');
    const out = raw();
    for (const secret of [PHONE, '912345678', TEXT]) expect(out).not.toContain(secret);
    expect(JSON.parse(out)).toMatchObject({
      err: {
        type: 'DrizzleQueryError',
        message: 'Failed query',
        statement: 'update "conversations" set "state" = $1::jsonb where "id" = $2',
        cause: { type: 'DatabaseError', code: '22P02', routine: 'string_to_uuid' },
      },
    });
  });

  it('keeps the ids operators need', () => {
    const { logger, raw } = capture();
    logger.info(
      { communeId: 3, inboxId: 41, outboxId: 7, caseId: 12, eventName: 'user_send_text' },
      'inbox processed',
    );
    expect(JSON.parse(raw())).toMatchObject({
      communeId: 3,
      inboxId: 41,
      outboxId: 7,
      caseId: 12,
      eventName: 'user_send_text',
      msg: 'inbox processed',
    });
  });
});
