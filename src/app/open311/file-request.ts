import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { excerpt, mapLink } from '../../domain/case/notices';
import { triage } from '../../domain/conversation/triage';
import { ALERT_EXCERPT_CHARS } from '../../domain/conversation/turn';
import type { AlertReach } from '../../domain/conversation/types';
import { fullNameOf } from '../../domain/public/open311';
import { fold } from '../../domain/text/normalize';
import { parsePhone } from '../../domain/text/phone';
import { recordMedia } from '../../db/repos/media';
import { listAreas, listCategories } from '../../db/repos/reference';
import { cases, open311Requests, type Commune, type Open311Client } from '../../db/schema';
import type { AppDeps } from '../deps';
import { flushAfterCommit } from '../after-commit';
import { queueDutyAlert } from '../cases/alert-duty';
import { createCase } from '../cases/create-case';

/**
 * POST requests (Open311 GeoReport v2, issue 12): a client files a case for its user through the same path as a
 * Zalo report (createCase → `received` → the case.route job, triage for complaints, denunciations and
 * emergencies), with the same privacy rules: the name, phone and e-mail are kept on the case for staff and never
 * published; coordinates are kept for the officers (rounded wherever they are shown). The consent recorded is the
 * client's: its user agreed to the client's terms, and the `receive` event names the client and its terms.
 */

export interface Open311RequestInput {
  serviceCode: string;
  description: string;
  lat?: number;
  long?: number;
  addressString?: string;
  addressId?: string;
  /** attribute[residential_group]: an area code from services/{code}. */
  area?: string;
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  mediaUrl?: string;
}

export type FileResult =
  | {
      ok: true;
      code: string;
      token: string;
      expectedResponseDays: number;
      /** An emergency: who its alert reached, as the chat tells a resident (the client tells its user). */
      alerted?: AlertReach;
    }
  | { ok: false; status: 400; description: string };

export const RESIDENTIAL_GROUP_ATTRIBUTE = 'residential_group';

/** The area a client named: its code (address_id or the attribute), or a name contained in the address. */
function areaOf(
  areas: readonly { id: number; code: string; name: string }[],
  input: Open311RequestInput,
): number | null {
  const same = (code: string, given: string | undefined) =>
    given !== undefined && code.toLowerCase() === given.trim().toLowerCase();
  const byCode = areas.find((a) => same(a.code, input.area) || same(a.code, input.addressId));
  if (byCode) return byCode.id;
  if (input.addressString === undefined) return null;
  const address = ` ${fold(input.addressString).replace(/[^a-z0-9]+/g, ' ')} `;
  const named = areas.filter((a) =>
    address.includes(
      ` ${fold(a.name)
        .replace(/[^a-z0-9]+/g, ' ')
        .trim()} `,
    ),
  );
  return named.length === 1 && named[0] ? named[0].id : null;
}

/** Where an emergency is, for its alert: the residential group, else the address given, else a map link. */
function placeOf(
  areas: readonly { id: number; name: string }[],
  areaId: number | null,
  input: Open311RequestInput,
): string | null {
  const area = areas.find((a) => a.id === areaId);
  if (area) return area.name;
  const address = input.addressString?.trim();
  if (address) return excerpt(address, 300);
  return input.lat !== undefined && input.long !== undefined ? mapLink(input.lat, input.long) : null;
}

export async function fileOpen311Request(
  deps: AppDeps,
  commune: Commune,
  client: Open311Client,
  input: Open311RequestInput,
): Promise<FileResult> {
  const now = deps.now();
  const [categories, areas] = await Promise.all([
    listCategories(deps.db, commune.id, { activeOnly: true }),
    listAreas(deps.db, commune.id),
  ]);
  const category = categories.find((c) => c.code === input.serviceCode);
  if (!category)
    return { ok: false, status: 400, description: `service_code not found: ${input.serviceCode}` };
  let phone: string | null = null;
  if (input.phone !== undefined && input.phone.trim() !== '') {
    const parsed = parsePhone(input.phone);
    if (!parsed.ok) return { ok: false, status: 400, description: 'phone is not a Vietnamese phone number' };
    phone = parsed.e164;
  }
  const description = input.description.normalize('NFC').trim().slice(0, 3000);
  const triaged = triage(description);
  const areaId = areaOf(
    areas.filter((a) => a.active),
    input,
  );
  const token = randomBytes(16).toString('hex');

  const created = await deps.db.transaction(async (tx) => {
    const result = await createCase(tx, {
      commune,
      resident: null,
      inboxId: null,
      now,
      source: 'open311',
      reporterEmail: input.email?.trim() || null,
      receiveData: {
        open311: { clientId: client.id, client: client.name },
        consent: { basis: 'open311_client_terms', clientId: client.id, termsUrl: client.termsUrl },
      },
      draft: {
        categoryId: category.id,
        description,
        media: input.mediaUrl ? [{ kind: 'photo', url: input.mediaUrl }] : [],
        location:
          input.lat !== undefined && input.long !== undefined
            ? { latitude: input.lat, longitude: input.long }
            : null,
        address: input.addressString?.trim() || null,
        areaId,
        phone,
        name: fullNameOf(input.firstName, input.lastName),
        caseType: triaged.caseType,
        triageSignals: triaged.signals,
        consentNoticeVersion: null,
      },
    });
    await tx
      .insert(open311Requests)
      .values({ token, communeId: commune.id, clientId: client.id, caseId: result.caseId, createdAt: now });
    // The client's link is copied like a Zalo one, if MEDIA_SOURCE_HOSTS allows its host; never published unless copied and cleared.
    const mediaIds = input.mediaUrl
      ? await recordMedia(
          tx,
          [
            {
              communeId: commune.id,
              inboxId: null,
              kind: 'image',
              originUrl: input.mediaUrl,
              fileName: null,
            },
          ],
          now,
        )
      : [];
    // An emergency alerts the on-duty officers before anything else, as in the chat (emergency.ts).
    const alert =
      triaged.caseType === 'emergency' && result.created
        ? await queueDutyAlert(tx, {
            communeId: commune.id,
            caseId: result.caseId,
            code: result.code,
            communeName: commune.name,
            stage: 'new',
            excerpt: excerpt(description, ALERT_EXCERPT_CHARS),
            place: placeOf(areas, areaId, input),
            now,
            channel: client.name,
          })
        : null;
    return { ...result, mediaIds, alert };
  });
  await flushAfterCommit(deps, {
    outboxIds: created.alert?.outboxIds ?? [],
    caseRouteIds: [created.caseId],
    mediaIds: created.mediaIds,
  });
  if (created.alert) {
    deps.logger.info(
      { communeId: commune.id, caseId: created.caseId, stage: 'new', reached: created.alert.reached },
      'emergency alert',
    );
  }
  deps.logger.info(
    { communeId: commune.id, caseId: created.caseId, open311Client: client.id },
    'open311 request filed',
  );
  return {
    ok: true,
    code: created.code,
    token,
    expectedResponseDays: created.expectedResponseDays,
    ...(created.alert ? { alerted: created.alert.reached } : {}),
  };
}

/** tokens/{token}: the case a token filed, in this commune. */
export async function caseCodeOfToken(
  deps: AppDeps,
  communeId: number,
  token: string,
): Promise<string | null> {
  if (!/^[0-9a-f]{32}$/.test(token)) return null;
  const [row] = await deps.db
    .select({ code: cases.code })
    .from(open311Requests)
    .innerJoin(cases, eq(cases.id, open311Requests.caseId))
    .where(and(eq(open311Requests.token, token), eq(open311Requests.communeId, communeId)));
  return row?.code ?? null;
}
