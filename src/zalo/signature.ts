import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Zalo signs a webhook as `X-ZEvent-Signature: mac=<hex sha256(app_id + rawBody + timestamp + oaSecretKey)>`:
 * a plain SHA-256 of the concatenation, not an HMAC, over the exact bytes received; `timestamp` is the body's
 * own field (docs/zalo.md §2, fixtures/webhook_signature.vector.json).
 */
export const SIGNATURE_HEADER = 'x-zevent-signature';

export function computeSignature(appId: string, rawBody: Buffer | string, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256')
    .update(appId, 'utf8')
    .update(rawBody)
    .update(timestamp, 'utf8')
    .update(oaSecretKey, 'utf8')
    .digest('hex');
}

export function signatureHeaderValue(appId: string, rawBody: Buffer | string, timestamp: string, oaSecretKey: string): string {
  return `mac=${computeSignature(appId, rawBody, timestamp, oaSecretKey)}`;
}

/** Accepts `mac=<hex>` or bare hex, any case; constant-time comparison. */
export function verifySignature(
  header: string | undefined,
  appId: string,
  rawBody: Buffer,
  timestamp: string,
  oaSecretKey: string,
): boolean {
  if (!header) return false;
  const given = header.trim().replace(/^mac=/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = computeSignature(appId, rawBody, timestamp, oaSecretKey);
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
}
