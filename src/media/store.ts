import type { Readable } from 'node:stream';

/**
 * Where our copies of residents' and officers' media live, behind one interface: a local directory
 * (local-store.ts, one machine) or an S3-compatible bucket (s3-store.ts, several machines). Keys are ours
 * (media-key.ts), never a sender's file name; content type and size travel with each object.
 */

export interface MediaMeta {
  contentType: string;
  size: number;
}

export interface StoredMedia {
  meta: MediaMeta;
  body: Readable;
}

export interface MediaStore {
  readonly kind: 'local' | 's3';
  /** Writes the object, replacing any at the key; `meta.size` must be the body's length. */
  put(key: string, body: Buffer | Readable, meta: MediaMeta): Promise<void>;
  /** The object's content type and size if it exists, else null. */
  head(key: string): Promise<MediaMeta | null>;
  /** The object as a stream (the caller must consume or destroy it), or null. */
  stream(key: string): Promise<StoredMedia | null>;
  /** The whole object in memory, or null: for small objects and tests. */
  get(key: string): Promise<{ meta: MediaMeta; bytes: Buffer } | null>;
  /** Removes the object; a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Throws when the store cannot be used (the readiness check). */
  check(): Promise<void>;
  close(): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*(\.[a-z0-9]{1,8})?$/;

/** Keys are lower-case path segments with an optional extension: nothing can climb out of the store. */
export function assertMediaKey(key: string): void {
  if (key.length > 300 || !KEY.test(key)) throw new Error(`invalid media key: ${key.slice(0, 80)}`);
}

/** A buffer's length is known: a wrong `meta.size` is a bug, and would leave an S3 upload waiting for bytes. */
export function assertSize(body: Buffer | Readable, meta: MediaMeta): void {
  if (Buffer.isBuffer(body) && body.length !== meta.size)
    throw new Error(`media size ${meta.size} is not the body's ${body.length} bytes`);
}

export function isMediaKey(key: string): boolean {
  return key.length <= 300 && KEY.test(key);
}

export async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
