import { AxiosError, AxiosHeaders } from 'axios';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { DatabaseError } from 'pg';
import { z } from 'zod';
import { SanitizedError, safeError, safeErrorText, scrub } from '../../src/safe-error';
import { ZaloError } from '../../src/zalo/errors';

const PHONE = '0912345678';
const TOKEN = 'EXAMPLEaccessTOKEN0123456789abcdef';

describe('the one error serializer', () => {
  it.each([
    [
      'a quoted value',
      `invalid input syntax for type integer: "${PHONE}"`,
      'invalid input syntax for type integer: "…"',
    ],
    ['a key and its value', `Key (phone)=(${PHONE}) already exists.`, 'Key (phone)=(…) already exists.'],
    ['a phone with separators', 'gọi 0912.345.678 nhé', 'gọi […] nhé'],
    ['an international phone', 'số +84 912 345 678', 'số […]'],
    ['a token', `token ${TOKEN} refused`, 'token […] refused'],
    ['an ordinary message', 'timeout of 10000ms exceeded', 'timeout of 10000ms exceeded'],
    ['a Zalo code', 'zalo error -14014: Invalid refresh token', 'zalo error -14014: Invalid refresh token'],
  ])('scrubs %s', (_what, input, expected) => {
    expect(scrub(input)).toBe(expected);
  });

  it('keeps a DrizzleQueryError’s statement and its cause’s codes, never the parameters', () => {
    const cause = Object.assign(new DatabaseError(`value "${PHONE}" too long`, 90, 'error'), {
      code: '22001',
      table: 'residents',
      column: 'phone',
      constraint: 'residents_phone_check',
      routine: 'varchar',
    });
    const err = new DrizzleQueryError('insert into "residents" ("phone") values ($1)', [PHONE, TOKEN], cause);
    const safe = safeError(err);
    expect(safe).toMatchObject({
      type: 'DrizzleQueryError',
      message: 'Failed query',
      statement: 'insert into "residents" ("phone") values ($1)',
      cause: {
        type: 'DatabaseError',
        code: '22001',
        table: 'residents',
        column: 'phone',
        constraint: 'residents_phone_check',
        routine: 'varchar',
      },
    });
    const everything = JSON.stringify(safe) + safeErrorText(err);
    for (const secret of [PHONE, TOKEN]) expect(everything).not.toContain(secret);
    expect(safeErrorText(err)).toBe(
      'DrizzleQueryError: Failed query (insert into "residents" ("phone") values ($1)) <- DatabaseError [22001, constraint residents_phone_check, table residents, column phone]: value "…" too long',
    );
  });

  it('keeps an axios error’s code and status, never its request', () => {
    const config = {
      headers: new AxiosHeaders({ access_token: TOKEN }),
      data: JSON.stringify({ text: PHONE }),
    };
    const err = new AxiosError(
      'Request failed with status code 502',
      'ERR_BAD_RESPONSE',
      config,
      {},
      {
        status: 502,
        statusText: 'Bad Gateway',
        headers: {},
        config,
        data: { echo: PHONE },
      },
    );
    const safe = safeError(err);
    expect(safe).toMatchObject({ type: 'AxiosError', code: 'ERR_BAD_RESPONSE', httpStatus: 502 });
    for (const secret of [PHONE, TOKEN]) expect(JSON.stringify(safe)).not.toContain(secret);
  });

  it('keeps a ZaloError’s kind and code', () => {
    expect(
      safeError(ZaloError.fromZaloCode(-230, 'User has not interacted with the OA in the past 7 days')),
    ).toMatchObject({
      type: 'ZaloError',
      kind: 'OutsideWindow',
      zaloCode: -230,
      httpStatus: 200,
    });
  });

  it('drops the values zod repeats', () => {
    const result = z.object({ phone: z.string().regex(/^\+84\d{9}$/) }).safeParse({ phone: `0${PHONE}` });
    expect(result.success).toBe(false);
    expect(JSON.stringify(safeError(result.error))).not.toContain(PHONE);
  });

  it('throws, for BullMQ, an error whose message and stack are the safe form', () => {
    const err = new SanitizedError(new DrizzleQueryError('select $1', [PHONE], new Error(`boom ${TOKEN}`)));
    expect(err.name).toBe('DrizzleQueryError');
    expect(err.message).toBe('DrizzleQueryError: Failed query (select $1) <- Error: boom […]');
    for (const secret of [PHONE, TOKEN]) expect(`${err.message}\n${err.stack ?? ''}`).not.toContain(secret);
    expect(err.stack).toMatch(/\n\s+at /);
  });
});
