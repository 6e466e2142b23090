import pino, { type Logger } from 'pino';
import { safeError } from './safe-error';

export type { Logger };

/**
 * Paths that may carry personal data or secrets. Message texts, phones, names, addresses and tokens never
 * reach a log line; log ids (inbox, outbox, case, commune) instead.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers["x-zevent-signature"]',
  'req.headers.access_token',
  '*.access_token',
  '*.refresh_token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret_key',
  '*.text',
  '*.phone',
  '*.name',
  '*.address',
  '*.displayName',
  '*.zaloUserId',
  '*.user_id',
  // The same keys at the top level of a log call: `log.info({ phone }, ...)`.
  'text',
  'phone',
  'name',
  'address',
  'displayName',
  'zaloUserId',
  // Case and report fields, a Zalo event's message and shared info, and location pins (sensitive data,
  // VIETNAM.md §2).
  'description',
  'reporterPhone',
  'reporterName',
  '*.description',
  '*.reporterPhone',
  '*.reporterName',
  '*.message.text',
  '*.info',
  'latitude',
  'longitude',
  '*.latitude',
  '*.longitude',
  '*.coordinates',
  // Database errors repeat the values of the failed statement: drizzle's `params`, PostgreSQL's `detail`
  // ("Key (phone)=(…) already exists") and the query text with literals.
  'err.params',
  'err.detail',
  'err.query',
  'err.cause.params',
  'err.cause.detail',
  // Secrets by name, wherever a caller might pass a commune row.
  '*.zaloAppSecret',
  '*.zaloOaSecretKey',
  '*.appSecret',
  '*.secret',
];

/** `destination` defaults to stdout; tests pass a stream to read what would be written. */
export function createLogger(
  options: { level: string; name?: string },
  destination?: pino.DestinationStream,
): Logger {
  const settings = {
    level: options.level,
    base: { service: options.name ?? 'langnghe' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    // `err` anywhere in a log call keeps type, codes and the statement, never values (src/safe-error.ts).
    serializers: { err: safeError },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(settings, destination) : pino(settings);
}
