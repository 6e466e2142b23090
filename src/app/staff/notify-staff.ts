import { assignmentNotice, excerpt } from '../../domain/case/notices';
import { renderText } from '../../domain/text/catalog';
import type { Tx } from '../../db/client';
import { appendCaseEvent, attachmentsOf, caseById } from '../../db/repos/case-work';
import { insertOutbox, type NewOutboxMessage } from '../../db/repos/outbox';
import { linkedStaff } from '../../db/repos/staff';
import type { CaseRow, Commune, Resident, Staff } from '../../db/schema';
import { buttonsMessage, imageMessage, splitText, textMessage } from '../../zalo/render';
import type { AppDeps } from '../deps';
import type { MediaLinks } from '../media/links';
import { factsFor, staffActor } from '../cases/facts';

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
  const photos = (await attachmentsOf(tx, caseRow.id, ['report_photo'])).slice(0, MAX_NOTICE_PHOTOS);
  const shown = await input.links.resolve(
    tx,
    caseRow.communeId,
    photos.map((p) => p.url),
  );
  const rows: NewOutboxMessage[] = [];
  for (const officer of officers) {
    const facts = await factsFor(tx, caseRow, staffActor(officer));
    const key = `notice-ev-${input.eventId}-s-${officer.id}`;
    const base = { communeId: caseRow.communeId, zaloUserId: officer.zaloUserId ?? '', caseId: caseRow.id, purpose: STAFF_NOTICE_PURPOSE };
    const [first, ...rest] = splitText(assignmentNotice(facts));
    rows.push({ ...base, message: buttonsMessage(first ?? caseRow.code, caseButtons(caseRow.code)), dedupKey: `${key}-t0` });
    rest.forEach((part, index) => rows.push({ ...base, message: textMessage(part), dedupKey: `${key}-t${index + 1}` }));
    photos.forEach((photo, index) =>
      rows.push({ ...base, message: imageMessage({ url: shown.get(photo.url)?.url ?? photo.url }), dedupKey: `${key}-p${index}` }),
    );
  }
  return insertOutbox(tx, rows);
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

export interface FollowUpInput {
  commune: Commune;
  resident: Resident;
  caseId: number;
  /** What the resident typed; or a photo they sent. */
  text?: string;
  photo?: { url: string };
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
  const caseRow = await caseById(tx, input.caseId);
  if (!caseRow || caseRow.communeId !== input.commune.id) return [];
  const text = input.text?.trim() ?? '';
  if (text === '' && input.photo === undefined) return [];
  await appendCaseEvent(tx, {
    communeId: caseRow.communeId,
    caseId: caseRow.id,
    action: 'resident_follow_up',
    fromStatus: caseRow.status,
    toStatus: caseRow.status,
    actor: { kind: 'resident', residentId: input.resident.id },
    note: text === '' ? null : text,
    data: { inboxId: input.inboxId, ...(input.photo ? { photo: input.photo.url } : {}) },
    internal: true,
    at: input.now,
  });
  const recipients =
    caseRow.agencyId === null
      ? await receptionists(tx, caseRow.communeId)
      : await linkedStaff(tx, caseRow.communeId, { roles: ['agency_officer', 'agency_leader'], agencyId: caseRow.agencyId });
  const notice =
    text === ''
      ? renderText('staff.notice.followUpPhoto', { code: caseRow.code })
      : renderText('staff.notice.followUp', { code: caseRow.code, text: excerpt(text, 1500) });
  const photoUrl = input.photo ? await deps.mediaLinks.mediaUrlFor(tx, caseRow.communeId, input.photo.url) : null;
  const rows: NewOutboxMessage[] = [];
  for (const member of recipients) {
    const base = { communeId: caseRow.communeId, zaloUserId: member.zaloUserId ?? '', caseId: caseRow.id, purpose: STAFF_NOTICE_PURPOSE };
    rows.push({ ...base, message: textMessage(notice), dedupKey: `followup-${input.inboxId}-s-${member.id}` });
    if (photoUrl !== null) rows.push({ ...base, message: imageMessage({ url: photoUrl }), dedupKey: `followup-${input.inboxId}-s-${member.id}-p` });
  }
  return insertOutbox(tx, rows);
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
