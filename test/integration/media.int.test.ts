import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import S3rver from 's3rver';
import { deleteCaseMedia } from '../../src/app/media/delete-case-media';
import {
  CDN_SAMPLES,
  cdnSampleBytes,
  userSendAudio,
  userSendFile,
  userSendImage,
  userSendText,
  userSendVideo,
  type CdnSample,
} from '../../src/dev/fake-zalo';
import { agencies, caseAttachments, cases, mediaObjects, staff, type MediaObject } from '../../src/db/schema';
import { createS3MediaStore } from '../../src/media/s3-store';
import { signedMediaUrl } from '../../src/media/signed-url';
import { eventually } from '../support/eventually';
import { firstCommune } from '../support/factories';
import {
  APP_ID,
  OA_ID,
  RESIDENT,
  createTestEnv,
  startTestApp,
  type TestApp,
  type TestEnv,
} from '../support/test-app';

/**
 * Issue 11, "everything people send is kept": media events through the real webhook and workers are copied
 * from the fake Zalo's CDN (real bytes) into the local store and, in the second suite, into an S3 bucket of a
 * real S3-protocol server (s3rver, on a free port); what is not allowed is refused with a reason; staff reach
 * our copies through signed, expiring links.
 */

const base = { appId: APP_ID, oaId: OA_ID, userId: RESIDENT };
/** Small enough that a 40 kB body is over it, large enough for every sample. */
const MAX_BYTES = 20_000;

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function settledMedia(app: TestApp, originUrl: string): Promise<MediaObject> {
  return eventually(async () => {
    const [row] = await app.database.db
      .select()
      .from(mediaObjects)
      .where(eq(mediaObjects.originUrl, originUrl));
    expect(row).toBeDefined();
    expect(row!.status).not.toBe('pending');
    return row!;
  });
}

async function get(app: TestApp, url: string) {
  const parsed = new URL(url);
  const response = await app.server!.inject({ method: 'GET', url: `${parsed.pathname}${parsed.search}` });
  return {
    status: response.statusCode,
    headers: response.headers,
    bytes: response.rawPayload,
    body: response.body,
  };
}

/** The three kinds of the proof, sent as Zalo would (docs/zalo.md §1.2), with their expected copy. */
function mediaEvents(env: TestEnv) {
  const cdn = (sample: CdnSample) => env.fake.cdnUrl(CDN_SAMPLES[sample].path);
  return [
    {
      sample: 'photo' as const,
      type: 'image/jpeg',
      event: userSendImage({ ...base, url: cdn('photo'), thumbnail: cdn('photoThumb') }),
    },
    { sample: 'voice' as const, type: 'audio/aac', event: userSendAudio({ ...base, url: cdn('voice') }) },
    {
      sample: 'docx' as const,
      type: CDN_SAMPLES.docx.contentType,
      event: userSendFile({
        ...base,
        url: cdn('docx'),
        name: 'don-kien-nghi.docx',
        size: String(cdnSampleBytes('docx').length),
      }),
    },
  ];
}

describe('media copied at receipt into the local store', () => {
  let env: TestEnv;
  let app: TestApp;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env, { MEDIA_MAX_BYTES: String(MAX_BYTES) });
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  it('copies a photo, a voice note and a file sent through the webhook, bytes and sniffed type', async () => {
    for (const { sample, type, event } of mediaEvents(env)) {
      expect((await app.deliver(event)).statusCode).toBe(200);
      const row = await settledMedia(app, env.fake.cdnUrl(CDN_SAMPLES[sample].path));
      const bytes = cdnSampleBytes(sample);
      expect(row).toMatchObject({
        status: 'copied',
        reason: null,
        contentType: type,
        sizeBytes: bytes.length,
        sha256: sha256(bytes),
      });
      expect(row.storageKey).toMatch(new RegExp(`^${row.communeId}/\\d{4}-\\d{2}/${row.id}\\.\\w+$`));
      // In the directory, under our key: the bytes exactly as Zalo's CDN served them.
      expect(fs.readFileSync(path.join(env.baseEnv.MEDIA_DIR!, row.storageKey!))).toEqual(bytes);
      expect(await app.deps.media.head(row.storageKey!)).toEqual({ contentType: type, size: bytes.length });
    }
  });

  it('copies a link once per commune however often it is sent', async () => {
    const url = env.fake.putCdn('/video/twice.mp4', {
      bytes: cdnSampleBytes('video'),
      contentType: 'video/mp4',
    });
    await app.deliver(userSendVideo({ ...base, url }));
    const first = await settledMedia(app, url);
    await app.deliver(userSendVideo({ ...base, url }));
    await eventually(async () => {
      expect(env.fake.requests({ path: '/cdn/video/twice.mp4' })).toHaveLength(1);
      const rows = await app.database.db.select().from(mediaObjects).where(eq(mediaObjects.originUrl, url));
      expect(rows.map((r) => r.id)).toEqual([first.id]);
    });
    expect(first).toMatchObject({ status: 'copied', contentType: 'video/mp4' });
  });

  it.each<[string, () => { event: object; url: string }, string]>([
    [
      'a "photo" whose bytes are a PDF',
      () => {
        const url = env.fake.putCdn('/photo/not-a-photo.jpg', {
          bytes: cdnSampleBytes('pdf'),
          contentType: 'image/jpeg',
        });
        return { url, event: userSendImage({ ...base, url }) };
      },
      'type_not_allowed:application/pdf',
    ],
    [
      'a "photo" that is an HTML page',
      () => {
        const url = env.fake.putCdn('/photo/page.jpg', {
          bytes: Buffer.from('<html><script>alert(1)</script></html>'),
          contentType: 'image/jpeg',
        });
        return { url, event: userSendImage({ ...base, url }) };
      },
      'type_unknown',
    ],
    [
      'a file named .docx whose bytes are a PDF',
      () => {
        const url = env.fake.putCdn('/file/fake.docx', {
          bytes: cdnSampleBytes('pdf'),
          contentType: 'application/octet-stream',
        });
        return { url, event: userSendFile({ ...base, url, name: 'don.docx', size: '590' }) };
      },
      'type_mismatch:docx->pdf',
    ],
    [
      'a voice note over MEDIA_MAX_BYTES',
      () => {
        const big = Buffer.concat(Array.from({ length: 20 }, () => cdnSampleBytes('voice')));
        const url = env.fake.putCdn('/voice/long.aac', { bytes: big, contentType: 'audio/aac' });
        return { url, event: userSendAudio({ ...base, url }) };
      },
      'too_large',
    ],
    [
      'a video over MEDIA_MAX_BYTES streamed without a Content-Length',
      () => {
        const big = Buffer.concat(Array.from({ length: 5 }, () => cdnSampleBytes('video')));
        const url = env.fake.putCdn('/video/long.mp4', {
          bytes: big,
          contentType: 'video/mp4',
          chunked: true,
        });
        return { url, event: userSendVideo({ ...base, url }) };
      },
      'too_large',
    ],
    [
      'a link Zalo no longer serves',
      () => {
        const url = env.fake.cdnUrl('/photo/expired.jpg');
        return { url, event: userSendImage({ ...base, url }) };
      },
      'http_404',
    ],
    [
      'a CDN redirect to a host that is not allowed',
      () => {
        const url = env.fake.putCdn('/photo/moved.jpg', { redirectTo: 'http://127.0.0.2:9/internal.jpg' });
        return { url, event: userSendImage({ ...base, url }) };
      },
      'redirect_refused',
    ],
    [
      'a URL outside Zalo’s CDN',
      () => {
        const url = 'http://169.254.169.254/latest/meta-data/';
        return { url, event: userSendImage({ ...base, url }) };
      },
      'not_https',
    ],
  ])('rejects %s with a reason, without retrying', async (_name, arrange, reason) => {
    const { url, event } = arrange();
    await app.deliver(event);
    const row = await settledMedia(app, url);
    expect(row).toMatchObject({ status: 'rejected', reason, storageKey: null, attempts: 1 });
  });

  it('follows a CDN redirect within the allowed sources', async () => {
    const url = env.fake.putCdn('/photo/moved-within.jpg', {
      redirectTo: env.fake.cdnUrl(CDN_SAMPLES.photo.path),
    });
    await app.deliver(userSendImage({ ...base, url }));
    expect(await settledMedia(app, url)).toMatchObject({
      status: 'copied',
      contentType: 'image/jpeg',
      sha256: sha256(cdnSampleBytes('photo')),
    });
  });

  it('counts copies by status for /metrics', async () => {
    const metrics = (await app.server!.inject({ method: 'GET', url: '/metrics' })).body;
    const count = (status: string) =>
      Number(new RegExp(`^langnghe_media_objects\\{status="${status}"\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
    const rows = await app.database.db.select().from(mediaObjects);
    for (const status of ['copied', 'rejected', 'pending', 'failed']) {
      expect(count(status)).toBe(rows.filter((r) => r.status === status).length);
    }
    expect(count('copied')).toBeGreaterThan(0);
    expect(count('rejected')).toBeGreaterThan(0);
  });

  it('retries a copy that fails transiently (the CDN answers 500 once) and then copies it', async () => {
    const url = env.fake.putCdn('/voice/flaky.aac', {
      bytes: cdnSampleBytes('voice'),
      contentType: 'audio/aac',
    });
    env.fake.failNext({ path: '/cdn/voice/flaky.aac', with: { httpStatus: 500 } });
    await app.deliver(userSendAudio({ ...base, url }));
    const row = await settledMedia(app, url);
    expect(row).toMatchObject({ status: 'copied', contentType: 'audio/aac', attempts: 2 });
    expect(env.fake.requests({ path: '/cdn/voice/flaky.aac' }).map((r) => r.response.statusCode)).toEqual([
      500, 200,
    ]);
  });

  it('gives staff a signed link that serves our copy, and refuses a bad signature or an expired link', async () => {
    const commune = await firstCommune(app.database.db);
    const photoUrl = env.fake.cdnUrl(CDN_SAMPLES.photo.path);
    const before = await app.deps.mediaLinks.mediaUrlFor(
      app.database.db,
      commune.id,
      env.fake.cdnUrl('/photo/never-sent.jpg'),
    );
    expect(before).toBe(env.fake.cdnUrl('/photo/never-sent.jpg'));

    const link = await app.deps.mediaLinks.mediaUrlFor(app.database.db, commune.id, photoUrl);
    expect(link.startsWith(`${env.baseEnv.PUBLIC_BASE_URL}/media/`)).toBe(true);
    const served = await get(app, link);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-disposition']).toMatch(/^inline;/);
    expect(served.bytes).toEqual(cdnSampleBytes('photo'));

    const forged = new URL(link);
    forged.searchParams.set('sig', 'A'.repeat(43));
    expect(await get(app, forged.href)).toMatchObject({ status: 403 });
    expect(JSON.parse((await get(app, forged.href)).body)).toMatchObject({ reason: 'bad_signature' });

    const key = new URL(link).pathname.replace(/^\/media\//, '');
    const secret = env.baseEnv.MEDIA_URL_SECRET!;
    const expired = signedMediaUrl({
      baseUrl: env.baseEnv.PUBLIC_BASE_URL!,
      secret,
      key,
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    const refused = await get(app, expired);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ reason: 'expired' });

    const unsigned = await get(app, `${env.baseEnv.PUBLIC_BASE_URL}/media/${key}`);
    expect(unsigned.status).toBe(403);
    const unknown = signedMediaUrl({
      baseUrl: env.baseEnv.PUBLIC_BASE_URL!,
      secret,
      key: `${commune.id}/2000-01/999999.jpg`,
      exp: 4_000_000_000,
    });
    expect(JSON.parse((await get(app, unknown)).body)).toMatchObject({ reason: 'not_found' });
    expect((await get(app, `${env.baseEnv.PUBLIC_BASE_URL}/media/../../etc/passwd?exp=1&sig=x`)).status).toBe(
      404,
    );
  });

  it('shows our copies in the admin case view, serves a document as a download, and deletes a case’s media', async () => {
    const commune = await firstCommune(app.database.db);
    const photoUrl = env.fake.cdnUrl(CDN_SAMPLES.photo.path);
    const docUrl = env.fake.cdnUrl(CDN_SAMPLES.docx.path);
    const [row] = await app.database.db
      .insert(cases)
      .values({ communeId: commune.id, code: 'LS-0901', description: 'Ổ gà trước cổng trường' })
      .returning();
    await app.database.db.insert(caseAttachments).values([
      { communeId: commune.id, caseId: row!.id, kind: 'report_photo', url: photoUrl },
      {
        communeId: commune.id,
        caseId: row!.id,
        kind: 'evidence_file',
        url: docUrl,
        fileName: 'don-kien-nghi.docx',
      },
    ]);
    const view = await app.server!.inject({
      method: 'GET',
      url: '/api/admin/cases/LS-0901',
      headers: { authorization: `Bearer ${env.baseEnv.ADMIN_TOKEN!}` },
    });
    const attachments = view.json<{
      attachments: { kind: string; url: string; copy: string; contentType: string }[];
    }>().attachments;
    expect(attachments.map((a) => [a.kind, a.copy, a.contentType])).toEqual([
      ['report_photo', 'copied', 'image/jpeg'],
      ['evidence_file', 'copied', CDN_SAMPLES.docx.contentType],
    ]);
    expect(attachments.every((a) => a.url.startsWith(`${env.baseEnv.PUBLIC_BASE_URL}/media/`))).toBe(true);
    const document = await get(app, attachments[1]!.url);
    expect(document.status).toBe(200);
    expect(document.headers['content-disposition']).toMatch(/^attachment;/);
    expect(document.headers['content-security-policy']).toContain('sandbox');

    expect(await deleteCaseMedia(app.deps, commune.id, row!.id)).toBe(2);
    expect((await get(app, attachments[0]!.url)).status).toBe(404);
    const after = await app.database.db
      .select()
      .from(mediaObjects)
      .where(eq(mediaObjects.originUrl, photoUrl));
    expect(after[0]?.status).toBe('deleted');
    // Afterwards nobody is pointed at a copy that is gone.
    expect(await app.deps.mediaLinks.mediaUrlFor(app.database.db, commune.id, photoUrl)).toBe(photoUrl);
  });
});

describe('staff see our copies', () => {
  const OFFICER = '3000000000000000701';
  let env: TestEnv;
  let app: TestApp;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env);
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  const imagesTo = (userId: string) =>
    env.fake
      .sentMessages(userId)
      .map((m) => JSON.stringify(m.body))
      .filter((body) => body.includes('"media_type":"image"'));

  it("in the agency's notice and in /xem, and an officer's own photo is copied too", async () => {
    const commune = await firstCommune(app.database.db);
    const photoUrl = env.fake.putCdn('/photo/case-902.jpg', {
      bytes: cdnSampleBytes('photo'),
      contentType: 'image/jpeg',
    });
    await app.deliver(userSendImage({ ...base, url: photoUrl }));
    expect(await settledMedia(app, photoUrl)).toMatchObject({ status: 'copied' });

    const [agency] = await app.database.db
      .select()
      .from(agencies)
      .where(eq(agencies.communeId, commune.id))
      .limit(1);
    await app.database.db.insert(staff).values({
      communeId: commune.id,
      name: 'Cán bộ thử',
      role: 'agency_officer',
      agencyId: agency!.id,
      zaloUserId: OFFICER,
    });
    const [row] = await app.database.db
      .insert(cases)
      .values({ communeId: commune.id, code: 'LS-0902', description: 'Đèn đường hỏng' })
      .returning();
    await app.database.db
      .insert(caseAttachments)
      .values({ communeId: commune.id, caseId: row!.id, kind: 'report_photo', url: photoUrl });

    const assigned = await app.server!.inject({
      method: 'POST',
      url: '/api/admin/cases/LS-0902/assign',
      headers: { authorization: `Bearer ${env.baseEnv.ADMIN_TOKEN!}` },
      payload: { agencyId: agency!.id },
    });
    expect(assigned.statusCode).toBe(200);
    const ours = `"url":"${env.baseEnv.PUBLIC_BASE_URL!}/media/`;
    await eventually(() => {
      expect(imagesTo(OFFICER)).toHaveLength(1);
    });
    expect(imagesTo(OFFICER)[0]).toContain(ours);
    expect(imagesTo(OFFICER)[0]).not.toContain(photoUrl);

    await app.deliver(userSendText({ ...base, userId: OFFICER, text: '/xem LS-0902' }));
    await eventually(() => {
      expect(imagesTo(OFFICER)).toHaveLength(2);
    });
    expect(imagesTo(OFFICER)[1]).toContain(ours);

    const evidence = env.fake.putCdn('/photo/after-902.jpg', {
      bytes: cdnSampleBytes('photo'),
      contentType: 'image/jpeg',
    });
    await app.deliver(userSendImage({ ...base, userId: OFFICER, url: evidence }));
    expect(await settledMedia(app, evidence)).toMatchObject({ status: 'copied', contentType: 'image/jpeg' });
  });
});

describe('media copied at receipt into an S3 bucket (s3rver, a real S3-protocol server)', () => {
  const bucket = 'langnghe-media-test';
  let env: TestEnv;
  let app: TestApp;
  let s3: S3rver;
  let s3Dir: string;
  let endpoint: string;

  beforeAll(async () => {
    s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'langnghe-s3rver-'));
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: bucket, configs: [] }],
    });
    const { port } = await s3.run();
    endpoint = `http://127.0.0.1:${port}`;
    env = await createTestEnv();
    app = await startTestApp(env, {
      MEDIA_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_FORCE_PATH_STYLE: 'true',
      // s3rver accepts any signature made with its default key pair.
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
    await s3.close();
    fs.rmSync(s3Dir, { recursive: true, force: true });
  });

  it('copies a photo, a voice note and a file into the bucket and serves them through signed links', async () => {
    expect(app.deps.media.kind).toBe('s3');
    // Another client of the same bucket (as a second machine would be) reads what the worker stored.
    const reader = createS3MediaStore({
      bucket,
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    try {
      for (const { sample, type, event } of mediaEvents(env)) {
        expect((await app.deliver(event)).statusCode).toBe(200);
        const row = await settledMedia(app, env.fake.cdnUrl(CDN_SAMPLES[sample].path));
        expect(row).toMatchObject({ status: 'copied', contentType: type });
        const stored = await reader.get(row.storageKey!);
        expect(stored?.meta).toEqual({ contentType: type, size: cdnSampleBytes(sample).length });
        expect(stored?.bytes).toEqual(cdnSampleBytes(sample));
        const served = await get(app, app.deps.mediaLinks.link(row.storageKey!));
        expect(served.status).toBe(200);
        expect(served.headers['content-type']).toBe(type);
        expect(served.bytes).toEqual(cdnSampleBytes(sample));
      }
      const ready = await app.server!.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
    } finally {
      await reader.close();
    }
  });

  it('answers 404 for a key the bucket does not hold, and deletes without error twice', async () => {
    const missing = await get(app, app.deps.mediaLinks.link('1/2000-01/424242.jpg'));
    expect(missing.status).toBe(404);
    const text = Buffer.from('xin chào');
    await expect(
      app.deps.media.put('1/2000-01/1.txt', text, { contentType: 'text/plain', size: text.length + 1 }),
    ).rejects.toThrow(/size/);
    await app.deps.media.put('1/2000-01/1.txt', text, {
      contentType: 'text/plain; charset=utf-8',
      size: text.length,
    });
    expect(await app.deps.media.head('1/2000-01/1.txt')).toEqual({
      contentType: 'text/plain; charset=utf-8',
      size: text.length,
    });
    await app.deps.media.delete('1/2000-01/1.txt');
    await app.deps.media.delete('1/2000-01/1.txt');
    expect(await app.deps.media.head('1/2000-01/1.txt')).toBeNull();
  });
});
