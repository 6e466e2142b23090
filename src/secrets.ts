import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (Zalo tokens, the OA secret key, the app secret): AES-256-GCM with a random 96-bit IV per
 * value, stored as `enc1:<key id>:<iv>:<tag>:<ciphertext>` (base64url). The key id is the first bytes of the
 * key's SHA-256, so a value sealed under the previous key (SECRETS_KEY_PREVIOUS) is still opened, and the
 * start-up pass re-seals it under the current one. A stored value without the prefix is legacy plain text:
 * `open` returns it as is, and the start-up pass seals it.
 */

const PREFIX = 'enc1';
const IV_BYTES = 12;

export interface SecretBox {
  seal(plain: string): string;
  /** The plain value; throws when the value was sealed under a key this box does not hold, or was altered. */
  open(stored: string): string;
  /** True when `stored` is sealed under the current key (nothing to do at start). */
  isCurrent(stored: string): boolean;
}

/** A key is 32 bytes, given as 64 hex digits or base64 (44 characters). */
export function parseSecretsKey(text: string): Buffer | null {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : null;
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('base64url').slice(0, 8);

export function createSecretBox(current: Buffer, previous: Buffer | null = null): SecretBox {
  const keys = new Map<string, Buffer>([[keyId(current), current]]);
  if (previous) keys.set(keyId(previous), previous);
  const currentId = keyId(current);
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
      return [PREFIX, currentId, ...parts].join(':');
    },
    open(stored) {
      if (!stored.startsWith(`${PREFIX}:`)) return stored;
      const [, id, iv, tag, body] = stored.split(':');
      const key = id === undefined ? undefined : keys.get(id);
      if (!key || iv === undefined || tag === undefined || body === undefined) {
        throw new Error('a stored secret was sealed under a key this process does not hold (SECRETS_KEY)');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    isCurrent(stored) {
      return stored.startsWith(`${PREFIX}:${currentId}:`);
    },
  };
}

/**
 * Outside production without SECRETS_KEY, secrets are still sealed, under this published development key: the
 * format and the start-up pass stay the same everywhere, and production refuses to start without its own key.
 */
const DEV_SECRETS_KEY = '6c616e676e6768652d6465762d6b65792d6e6f742d666f722d70726f64756374';

/** The box of the configuration (`SECRETS_KEY`, `SECRETS_KEY_PREVIOUS`, both validated by config.ts). */
export function secretBoxOf(config: {
  SECRETS_KEY?: string | undefined;
  SECRETS_KEY_PREVIOUS?: string | undefined;
}): SecretBox {
  const current = parseSecretsKey(config.SECRETS_KEY ?? DEV_SECRETS_KEY);
  if (!current) throw new Error('SECRETS_KEY is not a 32-byte key');
  const previous =
    config.SECRETS_KEY_PREVIOUS === undefined ? null : parseSecretsKey(config.SECRETS_KEY_PREVIOUS);
  return createSecretBox(current, previous);
}
