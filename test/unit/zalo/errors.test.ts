import { ZaloError, isOauthRefusal } from '../../../src/zalo/errors';

describe('what a failed Zalo call says about the send', () => {
  it.each([
    ['a refused connection', ZaloError.network('ECONNREFUSED'), false],
    ['an unknown host', ZaloError.network('ENOTFOUND'), false],
    ['a reset after the request was written', ZaloError.network('ECONNRESET'), true],
    ['a timeout', ZaloError.network('ECONNABORTED'), true],
    ['a 502 from a gateway', ZaloError.fromHttpStatus(502, null), true],
    ['a 503', ZaloError.fromHttpStatus(503, null), true],
    ['a 429', ZaloError.fromHttpStatus(429, 5_000), false],
    ['a Zalo error code', ZaloError.fromZaloCode(-200, 'Send message failed'), false],
    ['our own rate limit', ZaloError.throttled(1_000), false],
  ])('%s: may have been accepted = %s', (_what, err, ambiguous) => {
    expect(err.ambiguous).toBe(ambiguous);
  });

  it('knows OAuth refusals (-140xx) from send errors', () => {
    expect(isOauthRefusal(-14014)).toBe(true);
    expect(isOauthRefusal(-14002)).toBe(true);
    expect(isOauthRefusal(-216)).toBe(false);
    expect(isOauthRefusal(null)).toBe(false);
  });
});
