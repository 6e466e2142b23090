import { and, eq } from 'drizzle-orm';
import { ADMIN_API_ACTOR } from '../../src/app/cases/admin-actions';
import { performCaseAction } from '../../src/app/cases/act';
import type { CaseAction } from '../../src/domain/case/workflow';
import { attachmentsOf, lockCaseByCode } from '../../src/db/repos/case-work';
import { originHash } from '../../src/db/repos/media';
import { agencies, mediaObjects } from '../../src/db/schema';
import { ensureReferenceData, firstCommune } from './factories';
import { ADMIN_TOKEN, type TestApp } from './test-app';

/**
 * Arranging cases for the public page and Open311 tests through the real paths: cases are filed by POST
 * /open311/v2/requests.json (createCase, triage, routing job), staff actions go through performCaseAction with
 * the admin API's actor, photos are real objects in the test's media store.
 */

export async function publicFixture(app: TestApp) {
  const server = app.server!;
  const commune = await firstCommune(app.database.db);
  await ensureReferenceData(app.database.db, commune.id);

  async function admin(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
    const response = await server.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload }),
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  }

  const created = await admin('POST', '/api/admin/open311-clients', {
    name: 'FixMyStreet thử',
    termsUrl: 'https://fms.example/terms',
  });
  const apiKey = String(created.body.apiKey);

  async function file(fields: Record<string, string>) {
    const response = await server.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: new URLSearchParams({ api_key: apiKey, ...fields }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    if (response.statusCode !== 201)
      throw new Error(`filing failed: ${response.statusCode} ${response.body}`);
    return response.json<{ service_request_id: string; token: string; service_notice: string }[]>()[0]!;
  }

  async function act(code: string, action: CaseAction, evidence: { kind: 'image'; url: string }[] = []) {
    return app.database.db.transaction(async (tx) => {
      const caseRow = await lockCaseByCode(tx, commune.id, code);
      if (!caseRow) throw new Error(`no case ${code}`);
      const outcome = await performCaseAction(tx, {
        caseRow,
        actor: ADMIN_API_ACTOR,
        action,
        evidence,
        now: app.deps.now(),
        links: app.deps.mediaLinks,
        timeZone: app.config.TZ,
      });
      if (!outcome.ok) throw new Error(`${action.type} on ${code} refused: ${outcome.reason}`);
      return outcome.caseRow;
    });
  }

  const [economic] = await app.database.db
    .select()
    .from(agencies)
    .where(and(eq(agencies.communeId, commune.id), eq(agencies.code, 'kinh-te')));

  /** Takes a case to resolved with an after-photo at `photoUrl`. */
  async function resolve(code: string, answer: string, result: string, photoUrl: string) {
    await act(code, {
      type: 'assign',
      agencyId: economic!.id,
      dueAt: new Date(app.deps.now().getTime() + 7 * 86_400_000),
    });
    await act(code, { type: 'take' });
    await act(code, { type: 'answer', text: answer });
    await act(code, { type: 'resolve', resultText: result, evidence: [{ kind: 'image', ref: photoUrl }] }, [
      { kind: 'image', url: photoUrl },
    ]);
  }

  /** Our copy of an attachment's photo, as the media.copy job leaves it. */
  async function storeCopy(code: string, url: string, bytes: Buffer) {
    const key = `c${commune.id}/test/${originHash(url).slice(0, 16)}.png`;
    await app.deps.media.put(key, bytes, { contentType: 'image/png', size: bytes.length });
    await app.database.db
      .insert(mediaObjects)
      .values({
        communeId: commune.id,
        kind: 'image',
        originUrl: url,
        originHash: originHash(url),
        status: 'copied',
        storageKey: key,
        contentType: 'image/png',
        sizeBytes: bytes.length,
        sha256: 'x',
      })
      .onConflictDoNothing();
    const caseRow = await lockCaseByCode(app.database.db, commune.id, code);
    return (await attachmentsOf(app.database.db, caseRow!.id)).find((a) => a.url === url)!;
  }

  /** The Front's supervision note, through the workflow's `supervise` action (public, marked as the Front's). */
  async function frontNote(code: string, text: string) {
    await app.database.db.transaction(async (tx) => {
      const caseRow = await lockCaseByCode(tx, commune.id, code);
      const outcome = await performCaseAction(tx, {
        caseRow: caseRow!,
        actor: { kind: 'staff', staffId: 'front-test', role: 'front_supervisor', agencyId: null },
        action: { type: 'supervise', text },
        now: app.deps.now(),
        links: app.deps.mediaLinks,
      });
      if (!outcome.ok) throw new Error(`supervise refused: ${outcome.reason}`);
    });
  }

  return { commune, admin, apiKey, file, act, resolve, storeCopy, frontNote, economic: economic! };
}

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
