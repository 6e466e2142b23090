import { assignmentNotice, caseTypeLabel, excerpt } from '../../domain/case/notices';
import type { Media } from '../../domain/conversation/types';
import { renderText } from '../../domain/text/catalog';
import type { Tx } from '../../db/client';
import { appendCaseEvent, attachmentsOf, caseById } from '../../db/repos/case-work';
import { insertOutbox, type NewOutboxMessage } from '../../db/repos/outbox';
import { linkedStaff } from '../../db/repos/staff';
import type { CaseRow, Commune, Resident, Staff } from '../../db/schema';
import { buttonsMessage, imageMessage, splitText, textMessage } from '../../zalo/render';
import type { AppDeps } from '../deps';
import { attachmentUrls, type AttachmentRef } from '../cases/attachment-url';
import { factsFor, namesOf, staffActor } from '../cases/facts';
import type { MediaLinks } from '../media/links';

/** Notices to staff in their Zalo chat, through the outbox (purpose `staff_notice`). Staff read Vietnamese. */

export const STAFF_NOTICE_PURPOSE = 'staff_notice';
/** A notice shows at most this many of the resident's photos; the rest are in /xem and the admin API. */
const MAX_NOTICE_PHOTOS = 5;

function caseButtons(code: string) {
  return [
    { title: renderText('btn.staff.take'), payload: `/nhan ${code}` },
    { title: renderText('btn.staff.view'), payload: `/xem ${code}` },
  ];
}

/**
 * A case was assigned to an agency: its linked officers and leaders get the summary with the location (a map
 * link from rounded coordinates), the resident's photos and buttons to take or view it. The reporter's name
 * and phone appear only where permissions.ts lets that officer see them (never for a denunciation).
 */
export async function notifyAgencyOfAssignment(
  tx: Tx,
  input: { caseRow: CaseRow; eventId: number; now: Date; links: MediaLinks },
): Promise<number[]> {
  const { caseRow } = input;
  if (caseRow.agencyId === null) return [];
  const officers = await linkedStaff(tx, caseRow.communeId, {
    roles: ['agency_officer', 'agency_leader'],
    agencyId: caseRow.agencyId,
  });
  if (officers.length === 0) return [];
  const attachments = await attachmentsOf(tx, caseRow.id, ['report_photo', 'report_audio', 'report_video', 'report_file']);
  const photos = attachments.filter((a) => a.kind === 'report_photo').slice(0, MAX_NOTICE_PHOTOS);
  const photoUrls = await attachmentUrls(input.links, tx, caseRow.communeId, photos);
  const others = await mediaLines(input.links, tx, caseRow.communeId, attachments.filter((a) => a.kind !== 'report_photo'));
  const rows: NewOutboxMessage[] = [];
  for (const officer of officers) {
    const facts = await factsFor(tx, caseRow, staffActor(officer));
    const key = `notice-ev-${input.eventId}-s-${officer.id}`;
    const base = { communeId: caseRow.communeId, zaloUserId: officer.zaloUserId ?? '', caseId: caseRow.id, purpose: STAFF_NOTICE_PURPOSE };
    const [first, ...rest] = splitText([assignmentNotice(facts), ...others].join('\n'));
    rows.push({ ...base, message: buttonsMessage(first ?? caseRow.code, caseButtons(caseRow.code)), dedupKey: `${key}-t0` });
    rest.forEach((part, index) => rows.push({ ...base, message: textMessage(part), dedupKey: `${key}-t${index + 1}` }));
    photoUrls.forEach((url, index) => rows.push({ ...base, message: imageMessage({ url }), dedupKey: `${key}-p${index}` }));
  }
  return insertOutbox(tx, rows);
}

const MEDIA_LABEL = {
  report_audio: 'staff.media.audio',
  report_video: 'staff.media.video',
  report_file: 'staff.media.file',
  audio: 'staff.media.audio',
  video: 'staff.media.video',
  file: 'staff.media.file',
} as const;

/** A case's voice notes, videos and files as lines with links, for /xem (its photos go as images). */
export async function reportAttachmentLines(links: MediaLinks, tx: Tx, caseRow: CaseRow): Promise<string[]> {
  return mediaLines(links, tx, caseRow.communeId, await attachmentsOf(tx, caseRow.id, ['report_audio', 'report_video', 'report_file']));
}

/** "• Tin nhắn thoại: <link>" for voice notes, videos and files (staff listen and look; photos go as images). */
async function mediaLines(links: MediaLinks, tx: Tx, communeId: number, items: readonly AttachmentRef[]): Promise<string[]> {
  const urls = await attachmentUrls(links, tx, communeId, items);
  return items.flatMap((item, index) => {
    const key = MEDIA_LABEL[item.kind as keyof typeof MEDIA_LABEL] as (typeof MEDIA_LABEL)[keyof typeof MEDIA_LABEL] | undefined;
    const url = urls[index];
    if (key === undefined || url === undefined) return [];
    const name = item.fileName ? ` (${excerpt(item.fileName, 60)})` : '';
    return [renderText('staff.notice.media', { label: `${renderText(key)}${name}`, url })];
  });
}

/** Reception officers (and commune leaders when no reception officer is linked) hear about cases nobody routed. */
export async function receptionists(tx: Tx, communeId: number): Promise<Staff[]> {
  const reception = await linkedStaff(tx, communeId, { roles: ['reception_officer'] });
  return reception.length > 0 ? reception : linkedStaff(tx, communeId, { roles: ['commune_leader'] });
}

export async function notifyReception(
  tx: Tx,
  input: { caseRow: CaseRow; eventId: number; text: string; now: Date },
): Promise<number[]> {
  const rows = (await receptionists(tx, input.caseRow.communeId)).map((member) => ({
    communeId: input.caseRow.communeId,
    zaloUserId: member.zaloUserId ?? '',
    caseId: input.caseRow.id,
    purpose: STAFF_NOTICE_PURPOSE,
    message: buttonsMessage(input.text, [{ title: renderText('btn.staff.view'), payload: `/xem ${input.caseRow.code}` }]),
    dedupKey: `notice-ev-${input.eventId}-s-${member.id}`,
  }));
  return insertOutbox(tx, rows);
}

/**
 * A complaint or denunciation (issue 11): reception and the commune leaders only, never the category's agency
 * (the accused may work there), and no reporter identity in the notice. It stays `received` for reception to log,
 * verify and take to the chairman. A message that mixes in ordinary feedback is flagged for reception to split.
 */
export async function notifyReceptionAndLeaders(
  tx: Tx,
  input: { caseRow: CaseRow; eventId: number; mixed: boolean; now: Date },
): Promise<number[]> {
  const { caseRow } = input;
  const recipients = await linkedStaff(tx, caseRow.communeId, { roles: ['reception_officer', 'commune_leader'] });
  const names = await namesOf(tx, caseRow);
  const text = [
    renderText('staff.notice.sealedCase', {
      type: caseTypeLabel(caseRow.caseType),
      code: caseRow.code,
      category: names.categoryName ?? renderText('case.value.none'),
      description: excerpt(caseRow.description, 700),
    }),
    ...(input.mixed ? [renderText('staff.notice.mixed', { code: caseRow.code })] : []),
  ].join('\n');
  const rows = recipients.map((member) => ({
    communeId: caseRow.communeId,
    zaloUserId: member.zaloUserId ?? '',
    caseId: caseRow.id,
    purpose: STAFF_NOTICE_PURPOSE,
    message: buttonsMessage(text, [{ title: renderText('btn.staff.view'), payload: `/xem ${caseRow.code}` }]),
    dedupKey: `notice-ev-${input.eventId}-s-${member.id}`,
  }));
  return insertOutbox(tx, rows);
}

export interface FollowUpInput {
  commune: Commune;
  resident: Resident;
  caseId: number;
  /** What the resident typed, and the photos, voice notes, videos or files they sent with it. */
  text?: string;
  media: readonly Media[];
  /** Idempotency: the inbox event the follow-up came in (one relay per event). */
  inboxId: number;
  now: Date;
}

/**
 * A resident wrote about their open case (e.g. replying to an answer): the words go to the officers of the
 * agency that has the case, or to reception while no agency has it, as an event on the case (visible to staff,
 * not published) and a Zalo notice with a hint to answer. Returns the outbox ids to enqueue after commit.
 * The resident's identity is not in the notice: officers reach them only through /tl.
 */
export async function relayResidentFollowUp(deps: AppDeps, tx: Tx, input: FollowUpInput): Promise<number[]> {
  const relayed = await relayFollowUp(deps, tx, {
    ...input,
    from: { kind: 'resident', resident: input.resident, inboxId: input.inboxId },
  });
  return relayed?.outboxIds ?? [];
}

/** Who wrote a follow-up: a resident in Zalo, or an Open311 client's user (servicerequestupdates, issue 12). */
export type FollowUpSource =
  | { kind: 'resident'; resident: Resident; inboxId: number }
  | { kind: 'open311'; clientId: number; clientName: string; updateId: string; status: string | null };

/** The relay itself; returns the event it recorded (null when there was nothing to relay). */
export async function relayFollowUp(
  deps: AppDeps,
  tx: Tx,
  input: Omit<FollowUpInput, 'resident' | 'inboxId'> & { from: FollowUpSource },
): Promise<{ eventId: number; outboxIds: number[] } | null> {
  const caseRow = await caseById(tx, input.caseId);
  if (!caseRow || caseRow.communeId !== input.commune.id) return null;
  const text = input.text?.trim() ?? '';
  if (text === '' && input.media.length === 0) return null;
  const from = input.from;
  const eventId = await appendCaseEvent(tx, {
    communeId: caseRow.communeId,
    caseId: caseRow.id,
    action: from.kind === 'resident' ? 'resident_follow_up' : 'open311_update',
    fromStatus: caseRow.status,
    toStatus: caseRow.status,
    actor: from.kind === 'resident' ? { kind: 'resident', residentId: from.resident.id } : { kind: 'system', job: 'open311' },
    note: text === '' ? null : text,
    data: {
      ...(from.kind === 'resident'
        ? { inboxId: from.inboxId }
        : { open311: { clientId: from.clientId, client: from.clientName, updateId: from.updateId, status: from.status } }),
      ...(input.media.length > 0 ? { media: input.media.map((m) => ({ kind: m.kind, url: m.url })) } : {}),
    },
    internal: true,
    at: input.now,
  });
  const dedup = from.kind === 'resident' ? `followup-${from.inboxId}` : `followup-ev-${eventId}`;
  const recipients =
    caseRow.agencyId === null
      ? await receptionists(tx, caseRow.communeId)
      : await linkedStaff(tx, caseRow.communeId, { roles: ['agency_officer', 'agency_leader'], agencyId: caseRow.agencyId });
  const photos = input.media.filter((m) => m.kind === 'photo');
  const photoUrls = await attachmentUrls(deps.mediaLinks, tx, caseRow.communeId, photos);
  const others = await mediaLines(
    deps.mediaLinks,
    tx,
    caseRow.communeId,
    input.media.filter((m) => m.kind !== 'photo').map((m) => ({ kind: m.kind, url: m.url, fileName: m.name ?? null })),
  );
  const notice = [
    text === ''
      ? renderText('staff.notice.followUpPhoto', { code: caseRow.code })
      : renderText('staff.notice.followUp', { code: caseRow.code, text: excerpt(text, 1500) }),
    ...others,
  ].join('\n');
  const rows: NewOutboxMessage[] = [];
  for (const member of recipients) {
    const base = { communeId: caseRow.communeId, zaloUserId: member.zaloUserId ?? '', caseId: caseRow.id, purpose: STAFF_NOTICE_PURPOSE };
    const key = `${dedup}-s-${member.id}`;
    splitText(notice).forEach((part, index) => rows.push({ ...base, message: textMessage(part), dedupKey: index === 0 ? key : `${key}-t${index}` }));
    photoUrls.forEach((url, index) => rows.push({ ...base, message: imageMessage({ url }), dedupKey: index === 0 ? `${key}-p` : `${key}-p${index}` }));
  }
  return { eventId, outboxIds: await insertOutbox(tx, rows) };
}

// ── Clocks, scores and the Front (issue 10): who hears, and one way to tell them ──

function distinct(members: readonly Staff[]): Staff[] {
  const seen = new Set<number>();
  return members.filter((m) => !seen.has(m.id) && seen.add(m.id));
}

/** The case's officers: its agency's officers and leaders, or reception while no agency has it. */
export async function caseOfficers(tx: Tx, caseRow: CaseRow): Promise<Staff[]> {
  if (caseRow.agencyId === null) return receptionists(tx, caseRow.communeId);
  return linkedStaff(tx, caseRow.communeId, { roles: ['agency_officer', 'agency_leader'], agencyId: caseRow.agencyId });
}

/** The leaders who answer for the case: its agency's leaders, or the commune leaders when it has none linked. */
export async function caseLeaders(tx: Tx, caseRow: CaseRow): Promise<Staff[]> {
  const agencyLeaders =
    caseRow.agencyId === null ? [] : await linkedStaff(tx, caseRow.communeId, { roles: ['agency_leader'], agencyId: caseRow.agencyId });
  return agencyLeaders.length > 0 ? agencyLeaders : linkedStaff(tx, caseRow.communeId, { roles: ['commune_leader'] });
}

export async function frontSupervisors(tx: Tx, communeId: number): Promise<Staff[]> {
  return linkedStaff(tx, communeId, { roles: ['front_supervisor'] });
}

/** An escalation goes to the case's leaders and the Fatherland Front's supervisors (issue 10). */
export async function escalationRecipients(tx: Tx, caseRow: CaseRow, options: { withOfficers?: boolean } = {}): Promise<Staff[]> {
  return distinct([
    ...(await caseLeaders(tx, caseRow)),
    ...(await frontSupervisors(tx, caseRow.communeId)),
    ...(options.withOfficers ? await caseOfficers(tx, caseRow) : []),
  ]);
}

/**
 * One notice to each recipient about a case (purpose `staff_notice`), with a [Xem chi tiết] button unless other
 * buttons are given; `key` makes it idempotent per recipient. Returns the outbox ids to enqueue after commit.
 */
export async function noticeToStaff(
  tx: Tx,
  input: { caseRow: CaseRow; recipients: readonly Staff[]; text: string; key: string; buttons?: { title: string; payload: string }[] },
): Promise<number[]> {
  const buttons = input.buttons ?? [{ title: renderText('btn.staff.view'), payload: `/xem ${input.caseRow.code}` }];
  const rows: NewOutboxMessage[] = [];
  for (const member of distinct(input.recipients)) {
    if (member.zaloUserId === null) continue;
    const base = { communeId: input.caseRow.communeId, zaloUserId: member.zaloUserId, caseId: input.caseRow.id, purpose: STAFF_NOTICE_PURPOSE };
    const parts = splitText(input.text);
    const last = parts.pop() ?? '';
    parts.forEach((part, index) => rows.push({ ...base, message: textMessage(part), dedupKey: `${input.key}-s-${member.id}-t${index}` }));
    rows.push({ ...base, message: buttonsMessage(last, buttons), dedupKey: `${input.key}-s-${member.id}` });
  }
  return insertOutbox(tx, rows);
}
