import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertMediaKey, assertSize, readAll, type MediaMeta, type MediaStore } from './store';

/**
 * The media store in a directory (MEDIA_DIR): `<dir>/<key>` holds the bytes, `<dir>/<key>~meta.json` the content
 * type and size (`~` never occurs in a key). Both are written to a temporary name and renamed, the metadata
 * first: an object exists once its bytes are in place, so a crash mid-write leaves nothing half-visible.
 */
export function createLocalMediaStore(dir: string): MediaStore {
  const root = path.resolve(dir);
  const fileOf = (key: string) => {
    assertMediaKey(key);
    return path.join(root, ...key.split('/'));
  };
  const metaOf = (file: string) => `${file}~meta.json`;
  const temp = (file: string) => `${file}~${randomBytes(6).toString('hex')}.tmp`;

  async function head(key: string): Promise<MediaMeta | null> {
    const file = fileOf(key);
    try {
      const [raw, stat] = await Promise.all([fsp.readFile(metaOf(file), 'utf8'), fsp.stat(file)]);
      const meta = JSON.parse(raw) as { contentType?: unknown };
      if (typeof meta.contentType !== 'string') return null;
      return { contentType: meta.contentType, size: stat.size };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  return {
    kind: 'local',

    async put(key, body, meta) {
      const file = fileOf(key);
      assertSize(body, meta);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      const metaTemp = temp(file);
      await fsp.writeFile(metaTemp, JSON.stringify({ contentType: meta.contentType, size: meta.size }));
      await fsp.rename(metaTemp, metaOf(file));
      const dataTemp = temp(file);
      try {
        await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, fs.createWriteStream(dataTemp));
        await fsp.rename(dataTemp, file);
      } catch (err) {
        await fsp.rm(dataTemp, { force: true });
        throw err;
      }
    },

    head,

    async stream(key) {
      const meta = await head(key);
      if (!meta) return null;
      return { meta, body: fs.createReadStream(fileOf(key)) };
    },

    async get(key) {
      const meta = await head(key);
      if (!meta) return null;
      return { meta, bytes: await readAll(fs.createReadStream(fileOf(key))) };
    },

    async delete(key) {
      const file = fileOf(key);
      await fsp.rm(file, { force: true });
      await fsp.rm(metaOf(file), { force: true });
    },

    async check() {
      await fsp.mkdir(root, { recursive: true });
      await fsp.access(root, fs.constants.W_OK);
    },

    async close() {
      // Nothing held open between calls.
    },
  };
}

function isMissing(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    (err.code === 'ENOENT' || err.code === 'ENOTDIR')
  );
}
