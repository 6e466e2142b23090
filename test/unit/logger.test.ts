import { Writable } from 'node:stream';
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
    ['at the top level', { phone: PHONE, name: NAME, text: TEXT, address: 'ngõ 12', zaloUserId: '3100000000000000101' }],
    ['one level down', { resident: { phone: PHONE, displayName: NAME, zaloUserId: '3100000000000000101' }, outbox: { text: TEXT } }],
    ['in a case', { case: { reporterPhone: PHONE, reporterName: NAME, description: TEXT, latitude: 20.7312, longitude: 105.5408 } }],
    ['in a Zalo event', { event: { message: { text: TEXT, msg_id: 'abc' }, info: { name: NAME, phone: '84912345678' } } }],
    ['in tokens', { commune: { accessToken: 'secret-at', refreshToken: 'secret-rt' }, body: { access_token: 'secret-at' } }],
  ])('hides personal data and secrets %s', (_where, fields) => {
    const { logger, raw } = capture();
    logger.info(fields, 'something happened');
    const out = raw();
    for (const secret of [PHONE, '84912345678', NAME, TEXT, 'ngõ 12', '3100000000000000101', '20.7312', 'secret-at', 'secret-rt']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
    expect(out).toContain('something happened');
  });

  it('hides the values a failed database statement carries in its error', () => {
    const { logger, raw } = capture();
    const cause = Object.assign(new Error('duplicate key value violates unique constraint'), {
      detail: `Key (phone)=(${PHONE}) already exists.`,
    });
    const err = Object.assign(new Error('Failed query'), { query: `insert into cases values ('${TEXT}')`, params: [TEXT, PHONE], cause });
    logger.error({ err }, 'case insert failed');
    const out = raw();
    for (const secret of [PHONE, TEXT]) expect(out).not.toContain(secret);
    expect(out).toContain('Failed query');
  });

  it('keeps the ids operators need', () => {
    const { logger, raw } = capture();
    logger.info({ communeId: 3, inboxId: 41, outboxId: 7, caseId: 12, eventName: 'user_send_text' }, 'inbox processed');
    expect(JSON.parse(raw())).toMatchObject({ communeId: 3, inboxId: 41, outboxId: 7, caseId: 12, eventName: 'user_send_text', msg: 'inbox processed' });
  });
});
