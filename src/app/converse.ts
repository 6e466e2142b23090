import { eq } from 'drizzle-orm';
import { step } from '../domain/conversation/machine';
import { replyText } from '../domain/conversation/reply-text';
import { reviveState } from '../domain/conversation/state';
import type { ConversationState, Ctx, Effect, Input } from '../domain/conversation/types';
import type { Tx } from '../db/client';
import { caseByCode, caseById, lockCaseById } from '../db/repos/case-work';
import { caseOfResident, casesOfResident, type ResidentCaseSummary } from '../db/repos/cases';
import { recordConsent, saveConversation } from '../db/repos/conversations';
import { caseIdOfSentMessage, insertOutbox, type NewOutboxMessage } from '../db/repos/outbox';
import type { SenderContext } from '../db/repos/sender-context';
import { residents, type Commune, type InboxEvent } from '../db/schema';
import type { WebhookEnvelope } from '../zalo/events';
import { quotedMessageId, toConversationInputs } from '../zalo/inputs';
import { buttonsMessage, requestUserInfoMessage, splitText, textMessage } from '../zalo/render';
import { afterCommit, type AfterCommit } from './after-commit';
import { performCaseAction } from './cases/act';
import { dutyAlert } from './cases/alert-duty';
import { createCase } from './cases/create-case';
import { answerScore } from './cases/score';
import { noticeUrl, noticeVersionOf } from './consent-notice';
import type { AppDeps } from './deps';
import { relayResidentFollowUp } from './staff/notify-staff';

export interface ConverseInput {
  /** The sender as read with the resident upsert: commune, resident, state, consent, menus. */
  sender: SenderContext;
  inbox: InboxEvent;
  event: WebhookEnvelope;
}

/** Effects feed inputs back to the machine; a step never needs more than a few rounds (case, alert, reply). */
const MAX_ROUNDS = 4;
const LOOKUP_LIMIT = 5;
/** A case updated within this window is "the one staff are working on" for the resident's follow-ups. */
export const FOLLOW_UP_WINDOW_MS = 7 * 24 * 3600 * 1000;

/**
 * Runs one resident event through the conversation machine (domain/conversation/machine.ts) and carries out
 * its effects in the caller's transaction: the new state, the outbox rows of every reply, cases, consents,
 * alerts. Effects that produce data (a new case code, who an alert reached, a list of cases) are fed back to the
 * machine as inputs, so all wording stays in the domain. Replies sent after a case is filed carry its id, so a
 * quote-reply to them later finds the case.
 */
export async function converse(deps: AppDeps, tx: Tx, input: ConverseInput): Promise<AfterCommit> {
  // The resident's score of a result (and its comment) is read before the machine; its pending state is not the machine's.
  const scored = await answerScore(deps, tx, input);
  if (scored) return scored;
  const work = afterCommit();
  const inputs = toConversationInputs(input.event);
  if (inputs.length === 0) return work;
  const { commune, resident } = input.sender;
  const zaloUserId = resident.zaloUserId;
  const now = deps.now();

  const stored = input.sender.conversation;
  let state: ConversationState | null = stored ? reviveState(stored.state) : null;
  const ctx = contextOf(deps, input.sender, now);
  ctx.replyTo = await quotedCase(tx, commune.id, zaloUserId, quotedMessageId(input.event));
  const messages: NewOutboxMessage[] = [];
  /** The case this event filed: the replies that follow are about it. */
  let caseId: number | null = null;
  const say = (recipient: string, message: Record<string, unknown>, purpose = 'reply') => {
    messages.push({
      communeId: commune.id,
      zaloUserId: recipient,
      message,
      purpose,
      caseId,
      dedupKey: `inbox-${input.inbox.id}-${messages.length}`,
      replyToReceivedAt: recipient === zaloUserId && purpose === 'reply' ? input.inbox.receivedAt : null,
    });
  };

  const run = async (effect: Effect): Promise<Input | null> => {
    switch (effect.type) {
      case 'reply': {
        const chunks = splitText(replyText(effect, ctx.locale));
        chunks.forEach((chunk, i) => {
          const last = i === chunks.length - 1;
          say(
            zaloUserId,
            last && effect.buttons?.length ? buttonsMessage(chunk, effect.buttons) : textMessage(chunk),
          );
        });
        return null;
      }
      case 'requestUserInfo':
        say(
          zaloUserId,
          requestUserInfoMessage({
            title: effect.title,
            subtitle: effect.subtitle,
            imageUrl: bannerUrl(deps, commune),
          }),
        );
        return null;
      case 'createCase': {
        const created = await createCase(tx, {
          commune,
          resident,
          draft: effect.draft,
          inboxId: input.inbox.id,
          now,
        });
        caseId = created.caseId;
        if (created.created) work.caseRouteIds.push(created.caseId);
        deps.logger.info(
          { communeId: commune.id, caseId: created.caseId, inboxId: input.inbox.id },
          'case filed',
        );
        return {
          kind: 'caseCreated',
          code: created.code,
          expectedResponseDays: created.expectedResponseDays,
        };
      }
      case 'loadMyCases': {
        const found = await casesOfResident(tx, resident.id, LOOKUP_LIMIT);
        return { kind: 'casesLoaded', cases: found.map(toSummary) };
      }
      case 'loadCase': {
        const found = await caseOfResident(tx, commune.id, resident.id, effect.code);
        return { kind: 'caseLoaded', code: effect.code, found: found ? toSummary(found) : null };
      }
      case 'recordConsent':
        await recordConsent(tx, {
          communeId: commune.id,
          residentId: resident.id,
          noticeVersion: effect.noticeVersion,
          decision: effect.granted ? 'granted' : 'declined',
          at: now,
        });
        ctx.consent = { ...ctx.consent, given: { version: effect.noticeVersion, granted: effect.granted } };
        return null;
      case 'withdrawConsent':
        await recordConsent(tx, {
          communeId: commune.id,
          residentId: resident.id,
          noticeVersion: ctx.consent.noticeVersion,
          decision: 'withdrawn',
          at: now,
        });
        // The phone was remembered for later reports only with consent.
        await tx.update(residents).set({ phone: null }).where(eq(residents.id, resident.id));
        ctx.consent = { ...ctx.consent, given: { version: ctx.consent.noticeVersion, granted: false } };
        ctx.knownPhone = null;
        return null;
      case 'relayFollowUp': {
        const target = await caseByCode(tx, commune.id, effect.code);
        if (target) {
          const ids = await relayResidentFollowUp(deps, tx, {
            commune,
            resident,
            caseId: target.id,
            ...(effect.text === undefined ? {} : { text: effect.text }),
            media: effect.media,
            inboxId: input.inbox.id,
            now,
          });
          work.outboxIds.push(...ids);
        }
        return null;
      }
      case 'alertOnDuty': {
        const alert = await dutyAlert(tx, commune.id, { ...effect, communeName: ctx.communeName, now });
        const target = await caseByCode(tx, commune.id, effect.code);
        for (const { zaloUserId: recipient, message } of alert.messages) {
          messages.push({
            communeId: commune.id,
            zaloUserId: recipient,
            message,
            purpose: 'alert',
            caseId: target?.id ?? null,
            dedupKey: `inbox-${input.inbox.id}-${messages.length}`,
          });
        }
        deps.logger.info(
          { communeId: commune.id, caseId: target?.id, stage: effect.stage, reached: alert.reached },
          'emergency alert',
        );
        return effect.stage === 'new' ? { kind: 'alerted', code: effect.code, reached: alert.reached } : null;
      }
      case 'setCasePlace': {
        const target = await caseByCode(tx, commune.id, effect.code);
        const row = target ? await lockCaseById(tx, target.id) : undefined;
        if (row) {
          const acted = await performCaseAction(tx, {
            caseRow: row,
            actor: { kind: 'resident', residentId: resident.id },
            links: deps.mediaLinks,
            action: {
              type: 'locate',
              ...(effect.areaId === null ? {} : { areaId: effect.areaId }),
              ...(effect.address === null ? {} : { address: effect.address }),
              ...(effect.location === null ? {} : { location: effect.location }),
            },
            now,
          });
          if (acted.ok) work.outboxIds.push(...acted.outboxIds);
        }
        return null;
      }
    }
  };

  for (const first of inputs) {
    let pending: Input[] = [first];
    for (let round = 0; pending.length > 0 && round < MAX_ROUNDS; round++) {
      const next: Input[] = [];
      for (const current of pending) {
        const result = step(state, current, ctx);
        state = result.state;
        for (const effect of result.effects) {
          const feedback = await run(effect);
          if (feedback) next.push(feedback);
        }
      }
      pending = next;
    }
  }

  if (state)
    await saveConversation(
      tx,
      { communeId: commune.id, zaloUserId },
      state,
      stored?.version ?? null,
      input.inbox.id,
      now,
    );
  work.outboxIds.push(...(await insertOutbox(tx, messages)));
  return work;
}

/** The case of the message a quote-reply quotes, when it was one of ours about a case. */
async function quotedCase(
  tx: Tx,
  communeId: number,
  zaloUserId: string,
  msgId: string | null,
): Promise<{ code: string } | null> {
  if (msgId === null) return null;
  const id = await caseIdOfSentMessage(tx, communeId, zaloUserId, msgId);
  const row = id === null ? undefined : await caseById(tx, id);
  return row ? { code: row.code } : null;
}

function contextOf(deps: AppDeps, sender: SenderContext, now: Date): Ctx {
  const { commune, resident } = sender;
  const noticeVersion = noticeVersionOf(commune);
  const consents =
    sender.consent !== null && sender.consent.granted && sender.consent.version === noticeVersion;
  return {
    now,
    locale: resident.locale,
    categories: sender.categories,
    areas: sender.areas,
    idleTimeoutMs: deps.config.CONVERSATION_IDLE_HOURS * 3600 * 1000,
    casePrefix: commune.caseCodePrefix,
    consent: {
      noticeVersion,
      given: sender.consent,
      noticeUrl: noticeUrl(deps.config.PUBLIC_BASE_URL, commune),
    },
    communeName: commune.name,
    followUp: sender.followUp ? { code: sender.followUp.code } : null,
    replyTo: null,
    knownPhone: consents ? resident.phone : null,
  };
}

function toSummary(found: ResidentCaseSummary) {
  return {
    code: found.code,
    status: found.status,
    categoryName: found.categoryName ?? '',
    ...(found.latestAnswer ? { latestAnswer: found.latestAnswer } : {}),
    updatedAt: found.updatedAt.toISOString(),
  };
}

function bannerUrl(deps: AppDeps, commune: Commune): string {
  const configured = commune.settings.bannerImageUrl;
  return typeof configured === 'string'
    ? configured
    : `${deps.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/public/banner.png`;
}
