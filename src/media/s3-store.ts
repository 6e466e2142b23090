import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { assertMediaKey, assertSize, readAll, type MediaMeta, type MediaStore } from './store';

export interface S3StoreOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Per request; the SDK's own retries stay on (a copy job retries the whole copy too). */
  timeoutMs?: number;
}

/**
 * The media store in an S3-compatible bucket (@aws-sdk/client-s3), for deployments on several machines. Checksums
 * are sent only where the API requires them: the SDK's default since 2025 (aws-chunked bodies with trailing
 * CRC32) is not understood by many S3-compatible servers, and every put here carries its exact length.
 */
export function createS3MediaStore(options: S3StoreOptions): MediaStore {
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.timeoutMs === undefined
      ? {}
      : { requestHandler: { requestTimeout: options.timeoutMs, connectionTimeout: options.timeoutMs } }),
  });
  const Bucket = options.bucket;

  async function open(key: string): Promise<{ meta: MediaMeta; body: Readable } | null> {
    assertMediaKey(key);
    try {
      const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
      if (!(out.Body instanceof Readable)) throw new Error('S3 GetObject returned no Node stream');
      return {
        meta: { contentType: out.ContentType ?? 'application/octet-stream', size: out.ContentLength ?? 0 },
        body: out.Body,
      };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  return {
    kind: 's3',

    async put(key, body, meta) {
      assertMediaKey(key);
      assertSize(body, meta);
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: key,
          Body: body,
          ContentType: meta.contentType,
          ContentLength: meta.size,
        }),
      );
    },

    async head(key) {
      assertMediaKey(key);
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { contentType: out.ContentType ?? 'application/octet-stream', size: out.ContentLength ?? 0 };
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },

    stream: open,

    async get(key) {
      const found = await open(key);
      return found ? { meta: found.meta, bytes: await readAll(found.body) } : null;
    },

    async delete(key) {
      assertMediaKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },

    async check() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },

    close() {
      client.destroy();
      return Promise.resolve();
    },
  };
}

function isNotFound(err: unknown): boolean {
  if (!(err instanceof S3ServiceException)) return false;
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404;
}
