/**
 * Every failure of a Zalo call becomes a ZaloError of one kind. Zalo answers most errors as HTTP 200 with a
 * negative `error` (docs/zalo.md §0.2, §3.3); the kind decides what the caller does next.
 */
export const zaloErrorKinds = [
  'TokenInvalid', // -216, -220: refresh once, retry once
  'OutsideWindow', // cannot message this user now: not interacted in 7 days, not a follower, blocked, banned
  'RateLimited', // -32: back off
  'QuotaExceeded', // -211, -218: out of quota
  'BadRequest', // -201, -233, -240: our bug; never retry
  'OaProblem', // OA disabled, app not authorised, package, config: page an operator
  'Network', // no answer: retry
  'Http', // non-2xx from Zalo: 5xx retry, 4xx no
  'Other', // any other negative code
] as const;
export type ZaloErrorKind = (typeof zaloErrorKinds)[number];

const kindByCode = new Map<number, ZaloErrorKind>([
  [-32, 'RateLimited'],
  [-216, 'TokenInvalid'],
  [-220, 'TokenInvalid'],
  [-213, 'OutsideWindow'],
  [-217, 'OutsideWindow'],
  [-227, 'OutsideWindow'],
  [-230, 'OutsideWindow'],
  [-232, 'OutsideWindow'],
  [-244, 'OutsideWindow'],
  [-211, 'QuotaExceeded'],
  [-218, 'QuotaExceeded'],
  [-201, 'BadRequest'],
  [-233, 'BadRequest'],
  [-240, 'BadRequest'],
  [-204, 'OaProblem'],
  [-205, 'OaProblem'],
  [-209, 'OaProblem'],
  [-212, 'OaProblem'],
  [-219, 'OaProblem'],
  [-221, 'OaProblem'],
  [-223, 'OaProblem'],
  [-224, 'OaProblem'],
  [-237, 'OaProblem'],
  [-242, 'OaProblem'],
  [-248, 'OaProblem'],
  [-320, 'OaProblem'],
  [-321, 'OaProblem'],
]);

/** -100 (attachment expired, also generic), -200 (send failed) and -234 (night ban) are worth a later retry. */
const retryableCodes = new Set([-32, -100, -200, -234]);

/**
 * Network failures that happen before a request can reach Zalo: no connection was ever made, so nothing was
 * sent. Anything else (a timeout, a reset, "socket hang up") may come after Zalo read the request.
 */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
]);

export class ZaloError extends Error {
  override readonly name = 'ZaloError';
  constructor(
    readonly kind: ZaloErrorKind,
    message: string,
    readonly zaloCode: number | null = null,
    readonly httpStatus: number | null = null,
    readonly retryable: boolean = false,
    readonly retryAfterMs: number | null = null,
    /**
     * True when Zalo may have acted on the request although we got no answer saying so: a timeout or reset after
     * the request was written, a 5xx from a gateway, an unreadable 200. A send like that is never resent
     * blindly (app/deliver-outbound.ts); a refresh like that may have rotated the pair.
     */
    readonly ambiguous: boolean = false,
  ) {
    super(message);
  }

  static fromZaloCode(code: number, message: string): ZaloError {
    // OAuth errors (-140xx, docs/zalo.md §5) mean the stored refresh token is unusable: a human must re-consent.
    const kind = kindByCode.get(code) ?? (isOauthRefusal(code) ? 'OaProblem' : 'Other');
    return new ZaloError(kind, `zalo error ${code}: ${message}`, code, 200, retryableCodes.has(code));
  }

  static fromHttpStatus(status: number, retryAfterMs: number | null): ZaloError {
    const kind: ZaloErrorKind = status === 429 ? 'RateLimited' : 'Http';
    return new ZaloError(
      kind,
      `zalo http ${status}`,
      null,
      status,
      status >= 500 || status === 429,
      retryAfterMs,
      status >= 500,
    );
  }

  /** `code` is the socket or axios error code (ECONNREFUSED, ECONNRESET, ECONNABORTED…). */
  static network(code: string): ZaloError {
    return new ZaloError(
      'Network',
      `zalo unreachable: ${code}`,
      null,
      null,
      true,
      null,
      !NEVER_CONNECTED.has(code),
    );
  }

  /** Our own limiter (the app's calls a minute) said wait: nothing was sent. */
  static throttled(retryAfterMs: number): ZaloError {
    return new ZaloError(
      'RateLimited',
      'zalo call rate limit reached (ours)',
      null,
      null,
      true,
      retryAfterMs,
    );
  }

  /** The OA's tokens cannot be refreshed until an admin installs a new pair (docs/zalo.md §5). */
  static needsReconsent(): ZaloError {
    return new ZaloError('TokenInvalid', NEEDS_RECONSENT, null, null, false);
  }
}

const NEEDS_RECONSENT = 'zalo tokens need an OA admin to grant the app again';

export function isNeedsReconsent(err: unknown): boolean {
  return err instanceof ZaloError && err.message === NEEDS_RECONSENT;
}

/** OAuth's refusals (-140xx, docs/zalo.md §5): the refresh token, the app or the grant is unusable. */
export function isOauthRefusal(code: number | null): boolean {
  return code !== null && code <= -14000 && code > -15000;
}

export function isZaloError(err: unknown): err is ZaloError {
  return err instanceof ZaloError;
}
