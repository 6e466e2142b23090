import { z } from 'zod';
import { caseView, formatLocalDate, historyLabel, refusalText, statusLabel } from '../../domain/case/notices';
import {
  type CaseAction,
  type CaseActionType,
  type CaseStatus,
  type RefusalReason,
  OPEN_STATUSES,
  allowedActions,
  isCaseOverdue,
} from '../../domain/case/workflow';
import {
  type CommandParseError,
  type StaffCommand,
  type StaffCommandName,
  parseStaffCommand,
} from '../../domain/staff/commands';
import { modeSwitch, reportsAsResident, residentModeUntil } from '../../domain/staff/modes';
import { type StaffActor, canViewCase, isSealedType } from '../../domain/staff/permissions';
import { renderText, type TextKey } from '../../domain/text/catalog';
import type { Tx } from '../../db/client';
import {
  addAttachments,
  appendCaseEvent,
  attachmentsOf,
  caseByCode,
  caseById,
  eventsOf,
  latestEventByStaff,
  lockCaseByCode,
  lockCaseById,
  openCases,
  undeliveredUpdates,
} from '../../db/repos/case-work';
import { findAgency, findCategory, listAgencies } from '../../db/repos/reference';
import { updateStaff } from '../../db/repos/staff';
import type { CaseRow, Commune, InboxEvent, Resident, Staff } from '../../db/schema';
import type { WebhookEnvelope } from '../../zalo/events';
import { performCaseAction } from '../cases/act';
import { dueDateFor, factsFor, snapshotOf, staffActor } from '../cases/facts';
import { notifyResidents, type Evidence } from '../cases/notify-resident';
import { splitCase } from '../cases/split';
import type { AfterCommit } from '../after-commit';
import { ChatReply } from '../chat-reply';
import type { AppDeps } from '../deps';
import { clockViewLines, runClockCommand, type StaffCommandContext } from './front-commands';
import { subscribeFromZalo } from '../reports/subscriptions';
import { reportAttachmentLines } from './notify-staff';
import { registerStaff } from './register';

/**
 * Staff work inside Zalo (issue 4). `dispatchStaffEvent` runs before the resident conversation for every user
 * event: a linked, active staff member's messages are staff commands and never resident feedback (unless they
 * chose `/phananh`, see domain/staff/modes.ts); `/dangky <code>` from anyone links an account. Everything else
 * returns null and goes to the resident conversation, so a resident typing "/xong LS-0427 ..." never reaches a
 * staff command: their words are ordinary input there.
 *
 * Every command is authorised by permissions.ts and applied by workflow.ts (through cases/act.ts); every
 * refusal gets a clear answer and an internal audit event on the case.
 *
 * `/xong` needs evidence unless the category says otherwise: a photo or document sent with it (an image whose
 * caption is the command) or within EVIDENCE_WAIT_MINUTES after it. The pending state is the refusal event
 * itself (data.awaitingEvidence), so it survives restarts and needs no table of its own. Photos sent within
 * EVIDENCE_FOLLOW_UP_MINUTES after a resolve are added to that result and forwarded too.
 */

export const EVIDENCE_WAIT_MINUTES = 30;
export const EVIDENCE_FOLLOW_UP_MINUTES = 10;
/** The officer's latest events after which a photo belongs to that resolved case, once confirmed. */
const FOLLOW_UP_ACTIONS = new Set(['resolve', 'evidence', 'evidence_offered']);
const STAFF_REPLY_PURPOSE = 'staff_reply';
const LIST_LIMIT = 15;
/** /xem shows at most this many photos (the latest), after the text. */
const VIEW_PHOTOS = 5;

const attachmentSchema = z.looseObject({
  type: z.string(),
  payload: z.looseObject({ url: z.string().optional(), name: z.string().optional() }).nullish(),
});
const messageSchema = z.looseObject({ text: z.string().optional(), attachments: z.array(attachmentSchema).optional() });

export interface StaffDispatchInput {
  commune: Commune;
  resident: Resident;
  /** The sender's active staff record, if their Zalo account is linked (read with the resident). */
  staff: Staff | null;
  inbox: InboxEvent;
  event: WebhookEnvelope;
}

/** Null when the event is not for the staff side: the caller hands it to the resident conversation. */
export async function dispatchStaffEvent(deps: AppDeps, tx: Tx, input: StaffDispatchInput): Promise<AfterCommit | null> {
  const { commune, inbox, event } = input;
  const zaloUserId = inbox.zaloUserId;
  if (zaloUserId === null) return null;
  const message = messageSchema.safeParse(event.message ?? {});
  const text = message.success ? (message.data.text ?? '') : '';
  const now = deps.now();
  const ctx = new ChatReply(commune.id, zaloUserId, `staff-reply-${inbox.id}`, STAFF_REPLY_PURPOSE);

  const member = input.staff;
  const parsed = text.trimStart().startsWith('/') ? parseStaffCommand(text, { casePrefix: commune.caseCodePrefix, agencies: [] }) : null;
  if (parsed && (parsed.ok ? parsed.command.kind === 'register' : parsed.error.kind === 'missing_invite_code')) {
    if (parsed.ok && parsed.command.kind === 'register') {
      ctx.text(await registerStaff(deps, tx, { communeId: commune.id, zaloUserId, code: parsed.command.inviteCode, inboxId: inbox.id, now }));
    } else {
      ctx.text(renderText('staff.register.missingCode'));
    }
    return ctx.flush(tx);
  }
  if (!member) return null;

  const switched = modeSwitch(text);
  if (switched === 'staff') {
    await updateStaff(tx, commune.id, member.id, { reportsAsResidentUntil: null });
    ctx.text(renderText('staff.mode.staff'));
    return ctx.flush(tx);
  }
  if (reportsAsResident(member, now)) return null;
  if (switched === 'resident') {
    await updateStaff(tx, commune.id, member.id, { reportsAsResidentUntil: residentModeUntil(now, deps.config.CONVERSATION_IDLE_HOURS) });
    ctx.text(renderText('staff.mode.resident'));
    return ctx.flush(tx);
  }

  const evidence = message.success ? evidenceOf(message.data.attachments ?? []) : [];
  const handler = new StaffHandler(deps, tx, commune, member, ctx, now);
  if (text.trimStart().startsWith('/')) {
    await handler.command(text, evidence);
  } else if (evidence.length > 0) {
    await handler.evidence(evidence);
  } else if (event.event_name === 'user_send_text') {
    ctx.text(renderText('staff.cmd.notCommand'));
  }
  // Follows, reactions, stickers and the like from staff need no answer.
  return ctx.flush(tx);
}

function evidenceOf(attachments: z.infer<typeof attachmentSchema>[]): Evidence[] {
  const found: Evidence[] = [];
  for (const a of attachments) {
    const url = a.payload?.url;
    if (!url) continue;
    if (a.type === 'image') found.push({ kind: 'image', url });
    else if (a.type === 'file') found.push({ kind: 'file', url, fileName: a.payload?.name ?? null });
  }
  return found;
}

const commandWord: Record<StaffCommandName, string> = {
  register: 'dangky',
  take: 'nhan',
  answer: 'tl',
  resolve: 'xong',
  transfer: 'chuyen',
  note: 'ghichu',
  view: 'xem',
  list: 'ds',
  verify: 'xacminh',
  reject: 'tuchoi',
  retype: 'loai',
  help: 'huongdan',
  frontList: 'giamsat',
  supervise: 'giamsat',
  frontConfirm: 'dat',
  frontReopen: 'chuadat',
  extend: 'giahan',
  reports: 'baocao',
  hide: 'an',
  unhide: 'hien',
  publish: 'congkhai',
  photo: 'anhcongkhai',
  split: 'tach',
  addEvidence: 'bosung',
};

function actionLabel(action: CaseActionType | 'view'): string {
  return renderText(`staff.action.${action}`);
}

class StaffHandler {
  private readonly actor: StaffActor;

  constructor(
    private readonly deps: AppDeps,
    private readonly tx: Tx,
    private readonly commune: Commune,
    private readonly member: Staff,
    private readonly reply: ChatReply,
    private readonly now: Date,
  ) {
    this.actor = staffActor(member);
  }

  private get example(): string {
    return `${this.commune.caseCodePrefix}-0427`;
  }

  async command(text: string, evidence: Evidence[]): Promise<void> {
    const agencies = await listAgencies(this.tx, this.commune.id, { activeOnly: true });
    const parsed = parseStaffCommand(text, {
      casePrefix: this.commune.caseCodePrefix,
      agencies: agencies.map((a) => ({ id: a.id, code: a.code, name: a.name, aliases: a.aliases })),
    });
    if (!parsed.ok) {
      this.parseError(parsed.error, agencies.map((a) => `${a.code} (${a.name})`).join(', '));
      return;
    }
    await this.run(parsed.command, evidence);
  }

  private parseError(error: CommandParseError, agencyList: string): void {
    const example = this.example;
    switch (error.kind) {
      case 'not_a_command':
      case 'unknown_command':
        this.reply.text(renderText('staff.cmd.unknown'));
        return;
      case 'missing_invite_code':
        this.reply.text(renderText('staff.register.missingCode'));
        return;
      case 'missing_case_code':
        this.reply.text(renderText('staff.cmd.missingCode', { command: commandWord[error.command], example }));
        return;
      case 'missing_text':
        this.reply.text(renderText('staff.cmd.missingText', { command: commandWord[error.command], example }));
        return;
      case 'missing_agency':
        this.reply.text(renderText('staff.cmd.missingAgency', { example, list: agencyList }));
        return;
      case 'unknown_agency':
        this.reply.text(renderText('staff.cmd.unknownAgency', { list: agencyList }));
        return;
      case 'ambiguous_agency':
        this.reply.text(renderText('staff.cmd.ambiguousAgency', { list: error.candidates.join(', ') }));
        return;
      case 'unknown_case_type':
        this.reply.text(renderText('staff.cmd.unknownCaseType', { example }));
        return;
      case 'missing_photo_number':
        this.reply.text(renderText('staff.cmd.missingPhotoNumber', { example }));
        return;
    }
  }

  private async run(command: StaffCommand, evidence: Evidence[]): Promise<void> {
    switch (command.kind) {
      case 'register': {
        this.reply.text(renderText('staff.register.already', { name: this.member.name }));
        return;
      }
      case 'help':
        this.reply.text(renderText('staff.help', { example: this.example }) + this.moreHelp());
        return;
      case 'frontList':
      case 'supervise':
      case 'frontConfirm':
      case 'frontReopen':
      case 'extend':
        await runClockCommand(this.commandContext(), command);
        return;
      case 'list':
        await this.list();
        return;
      case 'view':
        await this.view(command.caseCode);
        return;
      case 'take':
        await this.act(command.caseCode, { type: 'take' }, (row) =>
          renderText('staff.ok.take', { code: row.code, due: row.dueAt ? formatLocalDate(row.dueAt) : renderText('case.value.none') }),
        );
        return;
      case 'answer': {
        const caseRow = await this.lock(command.caseCode);
        if (!caseRow) return;
        const signature = await this.signature(caseRow);
        await this.apply(caseRow, { type: 'answer', text: command.text }, () => renderText('staff.ok.answer', { code: caseRow.code, agency: signature }), {
          signature,
        });
        return;
      }
      case 'resolve':
        await this.resolve(command.caseCode, command.resultText, evidence);
        return;
      case 'transfer':
        await this.transfer(command.caseCode, Number(command.agencyId));
        return;
      case 'note':
        await this.act(command.caseCode, { type: 'note', text: command.text }, (row) => renderText('staff.ok.note', { code: row.code }));
        return;
      case 'verify':
        await this.act(command.caseCode, { type: 'verify' }, (row) => renderText('staff.ok.verify', { code: row.code }));
        return;
      case 'reject':
        await this.act(command.caseCode, { type: 'reject', reason: command.reason, text: command.text }, (row) =>
          renderText('staff.ok.reject', { code: row.code }),
        );
        return;
      case 'retype':
        await this.act(command.caseCode, { type: 'retype', caseType: command.caseType }, (row) =>
          [
            renderText('staff.ok.retype', { code: row.code, type: renderText(`case.type.${row.caseType}`) }),
            // Sealed once, sealed for good: say so, so nobody expects the agency to see who wrote it.
            ...(row.identitySealed && !isSealedType(row.caseType) ? [renderText('staff.ok.retypeSealed')] : []),
          ].join('\n'),
        );
        return;
      // ── Reports (issue 10) ──
      case 'reports':
        this.reply.text(await subscribeFromZalo(this.deps, this.tx, this.member, command.choice));
        return;
      case 'hide':
        await this.act(command.caseCode, { type: 'hide', reason: command.reason }, (row) => renderText('staff.ok.hide', { code: row.code }));
        return;
      case 'unhide':
        await this.act(command.caseCode, { type: 'unhide' }, (row) => renderText('staff.ok.unhide', { code: row.code }));
        return;
      case 'publish':
        await this.act(command.caseCode, { type: 'publish_result' }, (row) =>
          renderText('staff.ok.publish', { code: row.code, url: `${this.deps.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/x/${this.commune.slug}/cong-khai/${row.code}` }),
        );
        return;
      case 'photo':
        await this.photo(command.caseCode, command.photoNumber, command.publishable);
        return;
      case 'split':
        await this.split(command.caseCode, command.text);
        return;
      case 'addEvidence':
        await this.confirmEvidence(command.caseCode);
        return;
    }
  }

  /** The help lines of the issue-10 commands this member may use. */
  private moreHelp(): string {
    const example = this.example;
    const role = this.member.role;
    const front = role === 'front_supervisor' || role === 'admin' ? renderText('staff.help.front', { example }) : '';
    const extend = ['reception_officer', 'agency_leader', 'commune_leader', 'admin'].includes(role) ? renderText('staff.help.extend', { example }) : '';
    // Publication (issue 12): hiding, publishing and clearing photos are reception's and the leaders' work.
    const publication = ['reception_officer', 'agency_leader', 'commune_leader', 'admin'].includes(role)
      ? `\n${renderText('staff.help.publication', { example })}`
      : '';
    // Splitting a mixed message is reception's and the commune leaders' (Law 42/2013 Art. 25).
    const split = ['reception_officer', 'commune_leader', 'admin'].includes(role) ? renderText('staff.help.split', { example }) : '';
    return front + extend + publication + split;
  }

  private commandContext(): StaffCommandContext {
    return {
      deps: this.deps,
      tx: this.tx,
      commune: this.commune,
      member: this.member,
      now: this.now,
      lock: (code) => this.lock(code),
      apply: (caseRow, action, ok, options) => this.applyOutcome(caseRow, action, ok, options),
      text: (text) => {
        this.reply.text(text);
      },
      buttons: (text, buttons) => {
        this.reply.buttons(text, buttons);
      },
      outbox: (ids) => {
        this.reply.outboxIds.push(...ids);
      },
    };
  }

  /** `/tach`: the part becomes a case of its own, routed by its own type after commit (cases/split.ts). */
  private async split(code: string, text: string): Promise<void> {
    const caseRow = await this.lock(code);
    if (!caseRow) return;
    const outcome = await splitCase(this.tx, {
      caseRow,
      actor: this.actor,
      text,
      now: this.now,
      publicBaseUrl: this.deps.config.PUBLIC_BASE_URL,
    });
    if (!outcome.ok) {
      this.refused(caseRow, 'split', outcome.reason, outcome.currentStatus);
      return;
    }
    this.reply.outboxIds.push(...outcome.outboxIds);
    this.reply.caseRouteIds.push(...outcome.caseRouteIds);
    const category = outcome.part.categoryId === null ? undefined : await findCategory(this.tx, this.commune.id, outcome.part.categoryId);
    this.reply.text(
      renderText('staff.ok.split', {
        code: caseRow.code,
        part: outcome.part.code,
        type: renderText(`case.type.${outcome.part.caseType}`),
        category: category?.name ?? renderText('case.value.none'),
      }),
    );
  }

  /** Photos are numbered in the order they reached the case: the report's first, then the evidence. */
  private async photo(code: string, n: number, publishable: boolean): Promise<void> {
    const caseRow = await this.lock(code);
    if (!caseRow) return;
    const photos = await attachmentsOf(this.tx, caseRow.id, ['report_photo', 'evidence_photo']);
    const photo = photos[n - 1];
    if (n < 1 || photo === undefined) {
      this.reply.text(renderText('staff.photo.none', { code: caseRow.code, count: photos.length, n }));
      return;
    }
    await this.apply(caseRow, { type: 'mark_media', attachmentId: photo.id, publishable }, (row) =>
      renderText(publishable ? 'staff.ok.photo' : 'staff.ok.photoWithdrawn', { code: row.code, n }),
    );
  }

  /** The case, row-locked; an unknown code is answered (and logged without the text). */
  /** The case to act on, locked for the transaction (`forUpdate`), or only read (/xem: review D22). */
  private async lock(code: string, forUpdate = true): Promise<CaseRow | undefined> {
    const row = forUpdate ? await lockCaseByCode(this.tx, this.commune.id, code) : await caseByCode(this.tx, this.commune.id, code);
    if (!row) {
      this.deps.logger.info({ communeId: this.commune.id, staffId: this.member.id }, 'staff command on an unknown case code');
      this.reply.text(renderText('staff.case.notFound', { code }));
    }
    return row;
  }

  /** Answers are signed with an agency, never a person: the member's own agency, the case's, or the commune. */
  private async signature(caseRow: CaseRow): Promise<string> {
    const agencyId = this.member.agencyId ?? caseRow.agencyId;
    const agency = agencyId === null ? undefined : await findAgency(this.tx, this.commune.id, agencyId);
    return agency?.name ?? `UBND ${this.commune.name}`;
  }

  private async act(code: string, action: CaseAction, ok: (row: CaseRow) => string): Promise<void> {
    const caseRow = await this.lock(code);
    if (caseRow) await this.apply(caseRow, action, ok);
  }

  private async apply(
    caseRow: CaseRow,
    action: CaseAction,
    ok: (row: CaseRow) => string,
    options: { evidence?: readonly Evidence[]; data?: Record<string, unknown>; signature?: string } = {},
  ): Promise<boolean> {
    return (await this.applyOutcome(caseRow, action, ok, options)) !== null;
  }

  private async applyOutcome(
    caseRow: CaseRow,
    action: CaseAction,
    ok: (row: CaseRow) => string,
    options: {
      evidence?: readonly Evidence[];
      data?: Record<string, unknown>;
      signature?: string;
      onRefused?: (reason: RefusalReason) => string | null;
    } = {},
  ): Promise<{ eventId: number; caseRow: CaseRow } | null> {
    const outcome = await performCaseAction(this.tx, {
      caseRow,
      actor: this.actor,
      action,
      now: this.now,
      timeZone: this.deps.config.TZ,
      links: this.deps.mediaLinks,
      publicBaseUrl: this.deps.config.PUBLIC_BASE_URL,
      ...(options.evidence ? { evidence: options.evidence } : {}),
      ...(options.data ? { data: options.data } : {}),
      ...(options.signature ? { signature: options.signature } : {}),
    });
    if (!outcome.ok) {
      const own = options.onRefused?.(outcome.reason) ?? null;
      if (own !== null) {
        this.reply.text(own);
      } else if (outcome.reason === 'evidence_required') {
        this.reply.text(renderText('staff.evidence.required', { code: caseRow.code, minutes: EVIDENCE_WAIT_MINUTES }));
      } else {
        this.refused(caseRow, action.type, outcome.reason, outcome.currentStatus);
      }
      return null;
    }
    this.reply.outboxIds.push(...outcome.outboxIds);
    this.reply.text(ok(outcome.caseRow));
    return { eventId: outcome.eventId, caseRow: outcome.caseRow };
  }

  private refused(caseRow: CaseRow, action: CaseActionType | 'view', reason: RefusalReason, status?: CaseStatus): void {
    const code = caseRow.code;
    const label = actionLabel(action);
    let key: TextKey;
    const params: Record<string, string> = { code, action: label };
    switch (reason) {
      case 'not_staff':
      case 'role_not_allowed':
        key = 'staff.refused.role';
        params.role = renderText(`staff.role.${this.member.role}`);
        break;
      case 'other_agency':
        key = 'staff.refused.otherAgency';
        break;
      case 'illegal_transition':
        key = 'staff.refused.status';
        params.status = statusLabel(status ?? caseRow.status);
        break;
      case 'same_agency':
        key = 'staff.refused.sameAgency';
        break;
      case 'same_type':
        key = 'staff.refused.sameType';
        params.type = renderText(`case.type.${caseRow.caseType}`);
        break;
      default:
        key = 'staff.refused.other';
        params.reason = refusalText(reason);
    }
    this.reply.text(renderText(key, params));
  }

  private async resolve(code: string, resultText: string, evidence: Evidence[]): Promise<void> {
    const caseRow = await this.lock(code);
    if (!caseRow) return;
    await this.apply(
      caseRow,
      { type: 'resolve', resultText, evidence: evidence.map((e) => ({ kind: e.kind, ref: e.url })) },
      (row) => renderText('staff.ok.resolve', { code: row.code, count: evidence.length }),
      // Without evidence this is refused, and the refusal event is the pending state the next photo completes.
      { evidence, data: evidence.length === 0 ? { awaitingEvidence: true, resultText } : {}, signature: await this.signature(caseRow) },
    );
  }

  private async transfer(code: string, agencyId: number): Promise<void> {
    const caseRow = await this.lock(code);
    if (!caseRow) return;
    const agency = await findAgency(this.tx, this.commune.id, agencyId);
    const dueAt = await dueDateFor(this.tx, {
      communeId: this.commune.id,
      row: caseRow,
      agencyId,
      now: this.now,
      timeZone: this.deps.config.TZ,
    });
    // A case no agency has yet is assigned (the reception officer's override); otherwise it is transferred.
    const action: CaseAction = caseRow.agencyId === null ? { type: 'assign', agencyId, dueAt } : { type: 'transfer', agencyId, dueAt };
    await this.apply(caseRow, action, (row) =>
      renderText('staff.ok.transfer', { code: row.code, agency: agency?.name ?? '', due: formatLocalDate(dueAt) }),
    );
  }

  /** A photo or document without a command: the evidence a pending /xong waits for, or more of a fresh result. */
  async evidence(evidence: Evidence[]): Promise<void> {
    const last = await latestEventByStaff(this.tx, this.commune.id, this.member.id);
    const ageMs = last ? this.now.getTime() - last.createdAt.getTime() : Infinity;
    if (last?.action === 'refused' && last.data.awaitingEvidence === true && last.data.reason === 'evidence_required' && ageMs <= EVIDENCE_WAIT_MINUTES * 60_000) {
      const caseRow = await lockCaseById(this.tx, last.caseId);
      if (caseRow) {
        await this.apply(
          caseRow,
          { type: 'resolve', resultText: typeof last.data.resultText === 'string' ? last.data.resultText : '', evidence: evidence.map((e) => ({ kind: e.kind, ref: e.url })) },
          (row) => renderText('staff.ok.resolve', { code: row.code, count: evidence.length }),
          { evidence, data: { completesRefusalEventId: last.id }, signature: await this.signature(caseRow) },
        );
        return;
      }
    }
    if (last && FOLLOW_UP_ACTIONS.has(last.action) && ageMs <= EVIDENCE_FOLLOW_UP_MINUTES * 60_000) {
      const caseRow = await lockCaseById(this.tx, last.caseId);
      if (caseRow?.status === 'resolved') {
        // A photo after a resolve may be meant for another case: it reaches the residents only once the
        // officer confirms which case it is for (review D11). Photos sent one after another make one offer.
        const earlier = last.action === 'evidence_offered' ? offeredEvidence(last.data) : [];
        await this.offerEvidence(caseRow, [...earlier, ...evidence]);
        return;
      }
    }
    this.reply.text(renderText('staff.evidence.unexpected'));
  }

  private async offerEvidence(caseRow: CaseRow, evidence: Evidence[]): Promise<void> {
    await appendCaseEvent(this.tx, {
      communeId: caseRow.communeId,
      caseId: caseRow.id,
      action: 'evidence_offered',
      fromStatus: caseRow.status,
      toStatus: caseRow.status,
      actor: this.actor,
      data: { evidence },
      internal: true,
      at: this.now,
    });
    this.reply.buttons(renderText('staff.evidence.offer', { code: caseRow.code, count: evidence.length }), [
      { title: renderText('staff.evidence.offerButton'), payload: `/bosung ${caseRow.code}` },
    ]);
  }

  /** `/bosung <mã>`: the photos this officer just offered for that case go to its residents. */
  private async confirmEvidence(code: string): Promise<void> {
    const last = await latestEventByStaff(this.tx, this.commune.id, this.member.id);
    const caseRow = await this.lock(code);
    if (!caseRow) return;
    const fresh = last !== undefined && this.now.getTime() - last.createdAt.getTime() <= EVIDENCE_FOLLOW_UP_MINUTES * 60_000;
    const evidence = fresh && last.action === 'evidence_offered' && last.caseId === caseRow.id ? offeredEvidence(last.data) : [];
    if (caseRow.status !== 'resolved' || evidence.length === 0) {
      this.reply.text(renderText('staff.evidence.noOffer', { code: caseRow.code }));
      return;
    }
    await this.addEvidence(caseRow, evidence);
  }

  private async addEvidence(caseRow: CaseRow, evidence: Evidence[]): Promise<void> {
    await addAttachments(
      this.tx,
      caseRow.communeId,
      caseRow.id,
      evidence.map((e) => ({ kind: e.kind === 'image' ? 'evidence_photo' : 'evidence_file', url: e.url, fileName: e.fileName ?? null })),
      this.member.id,
      this.now,
    );
    const eventId = await appendCaseEvent(this.tx, {
      communeId: caseRow.communeId,
      caseId: caseRow.id,
      action: 'evidence',
      fromStatus: caseRow.status,
      toStatus: caseRow.status,
      actor: this.actor,
      data: { evidence: evidence.map((e) => ({ kind: e.kind, ref: e.url })) },
      internal: false,
      at: this.now,
    });
    const signature = await this.signature(caseRow);
    this.reply.outboxIds.push(
      ...(await notifyResidents(this.tx, {
        caseRow,
        sourceEventId: eventId,
        facts: { action: 'evidence', code: caseRow.code, status: 'resolved', agencyName: signature, dueAt: caseRow.dueAt, note: null },
        evidence,
        now: this.now,
        publicBaseUrl: this.deps.config.PUBLIC_BASE_URL,
      })),
    );
    this.reply.text(renderText('staff.ok.evidenceAdded', { code: caseRow.code }));
  }

  private async view(code: string): Promise<void> {
    const caseRow = await this.lock(code, false);
    if (!caseRow) return;
    const snapshot = await snapshotOf(this.tx, caseRow);
    if (!canViewCase(this.actor, snapshot)) {
      await appendCaseEvent(this.tx, {
        communeId: caseRow.communeId,
        caseId: caseRow.id,
        action: 'refused',
        fromStatus: caseRow.status,
        toStatus: caseRow.status,
        actor: this.actor,
        data: { attempted: 'view', reason: 'other_agency' },
        internal: true,
        at: this.now,
      });
      this.reply.text(renderText('staff.case.notVisible', { code: caseRow.code }));
      return;
    }
    const facts = await factsFor(this.tx, caseRow, this.actor, snapshot);
    const events = await eventsOf(this.tx, caseRow.id);
    const visible = events.filter((e) => !['delivery', 'publish', 'refused', 'reminder', 'evidence_offered'].includes(e.action)).slice(-5);
    const history = visible.map((e) => `  ${formatLocalDate(e.createdAt)} ${historyLabel(e.action)}${e.note ? `: ${e.note.slice(0, 80)}` : ''}`);
    const duplicate = caseRow.possibleDuplicateOfCaseId === null ? null : await caseById(this.tx, caseRow.possibleDuplicateOfCaseId);
    const undelivered = await undeliveredUpdates(this.tx, this.commune.id, { caseId: caseRow.id, limit: 100 });
    const view = caseView(facts, {
      overdue: isCaseOverdue(snapshot, this.now),
      possibleDuplicateOf: duplicate?.code ?? null,
      undeliveredCount: undelivered.length,
      history,
    });
    const text = [
      view,
      ...(await clockViewLines(this.tx, caseRow, this.now, this.deps.config.TZ)),
      ...(await reportAttachmentLines(this.deps.mediaLinks, this.tx, caseRow)),
    ].join('\n');
    const buttons = allowedActions(snapshot, this.actor).includes('take')
      ? [{ title: renderText('btn.staff.take'), payload: `/nhan ${caseRow.code}` }]
      : [];
    this.reply.buttons(text, buttons);
    // The photos from our copies: days later Zalo's own links have expired (docs/zalo.md §6).
    const photos = (await attachmentsOf(this.tx, caseRow.id, ['report_photo', 'evidence_photo'])).slice(-VIEW_PHOTOS);
    const shown = await this.deps.mediaLinks.resolve(
      this.tx,
      caseRow.communeId,
      photos.map((p) => p.url),
    );
    for (const photo of photos) this.reply.image(shown.get(photo.url)?.url ?? photo.url);
  }

  private async list(): Promise<void> {
    const role = this.member.role;
    let rows: CaseRow[];
    if (role === 'agency_officer' || role === 'agency_leader') {
      rows =
        this.member.agencyId === null
          ? []
          : await openCases(this.tx, this.commune.id, { statuses: ['assigned', 'in_progress', 'reopened'], agencyId: this.member.agencyId, limit: LIST_LIMIT });
    } else if (role === 'reception_officer') {
      rows = await openCases(this.tx, this.commune.id, { statuses: ['received', 'verified', 'classified'], agencyId: null, limit: LIST_LIMIT });
    } else {
      rows = (await openCases(this.tx, this.commune.id, { statuses: OPEN_STATUSES, limit: 200 })).filter(
        (r) => r.agencyId === null || (r.dueAt !== null && r.dueAt.getTime() < this.now.getTime()),
      );
      rows = rows.slice(0, LIST_LIMIT);
    }
    if (rows.length === 0) {
      this.reply.text(renderText('staff.list.empty'));
      return;
    }
    const items = rows.map((r) =>
      renderText('staff.list.item', {
        code: r.code,
        status: statusLabel(r.status),
        due: r.dueAt ? formatLocalDate(r.dueAt) : renderText('case.value.none'),
        overdue: r.dueAt !== null && r.dueAt.getTime() < this.now.getTime() ? renderText('staff.list.overdue') : '',
      }),
    );
    this.reply.text(renderText('staff.list', { count: rows.length, list: items.join('\n') }));
  }
}

const offeredSchema = z.object({
  evidence: z.array(z.object({ kind: z.enum(['image', 'file']), url: z.string(), fileName: z.string().nullish() })),
});

/** The evidence an `evidence_offered` event holds (its data as written by offerEvidence). */
function offeredEvidence(data: unknown): Evidence[] {
  const parsed = offeredSchema.safeParse(data);
  return parsed.success ? parsed.data.evidence : [];
}
