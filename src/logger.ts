import pino, { type Logger } from 'pino';

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
];

export function createLogger(options: { level: string; name?: string }): Logger {
  return pino({
    level: options.level,
    base: { service: options.name ?? 'langnghe' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
