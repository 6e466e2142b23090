import type { Config } from '../config';
import { createLocalMediaStore } from './local-store';
import { createS3MediaStore } from './s3-store';
import type { MediaStore } from './store';

export function createMediaStore(config: Config): MediaStore {
  if (config.MEDIA_STORE === 'local') return createLocalMediaStore(config.MEDIA_DIR);
  if (config.S3_BUCKET === undefined) throw new Error('S3_BUCKET is required with MEDIA_STORE=s3');
  return createS3MediaStore({
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    timeoutMs: config.MEDIA_FETCH_TIMEOUT_MS,
    ...(config.S3_ENDPOINT === undefined ? {} : { endpoint: config.S3_ENDPOINT }),
    ...(config.S3_ACCESS_KEY_ID !== undefined && config.S3_SECRET_ACCESS_KEY !== undefined
      ? {
          credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY },
        }
      : {}),
  });
}
