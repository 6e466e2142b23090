import { isTextKey, renderText } from '../../text/catalog';
import { caseDraft } from '../draft';
import { afterFilingButtons, menuButtons, prompt } from '../flow';
import { triage } from '../triage';
import { ack, button, excerpt, exampleCode, render, say, type Turn } from '../turn';
import type { CaseSummary, ConversationState } from '../types';
import { onEmergencyFiled } from './emergency';

/** The app's answers to effects: a case filed, the resident's cases loaded; and follow / "Nhắn tin". */

const ANSWER_EXCERPT_CHARS = 160;
const LOOKUP_MAX_CASES = 5;

export function onCaseCreated(t: Turn, code: string, days: number): void {
  if (t.state.step.kind === 'emergencyPlace') {
    onEmergencyFiled(t, code);
    return;
  }
  const draft = t.state.draft;
  const submitted = t.state.step.kind === 'submitting' && draft !== null;
  const filed = submitted ? caseDraft(draft) : null;
  // Only the draft that was sent is done; a report started since (a race) is kept.
  if (submitted) {
    if (draft.areaId !== null) t.state.lastAreaId = draft.areaId;
    t.state.draft = null;
    t.state.step = { kind: 'menu' };
  }
  const communeName = t.ctx.communeName;
  const buttons = afterFilingButtons(t);
  const mixed = filed !== null && triage(filed.description).mixed;
  switch (filed?.caseType) {
    case 'complaint':
      ack(t, 'conv.created.special', { code });
      if (mixed) ack(t, 'conv.created.mixed', {});
      say(t, 'conv.created.complaint', { communeName }, buttons);
      return;
    case 'denunciation':
      ack(t, 'conv.created.special', { code });
      if (mixed) ack(t, 'conv.created.mixed', {});
      say(t, 'conv.created.denunciation', { communeName }, buttons);
      return;
    case 'crime_tip':
      ack(t, 'conv.created.special', { code });
      say(t, 'conv.created.crimeTip', { communeName }, buttons);
      return;
    case 'procedure':
      ack(t, 'conv.created', { code, days });
      say(t, 'conv.created.procedure', { communeName }, buttons);
      return;
    default:
      say(t, 'conv.created', { code, days }, buttons);
  }
}

export function onCasesLoaded(t: Turn, cases: readonly CaseSummary[]): void {
  const buttons = afterLookupButtons(t);
  if (cases.length === 0) {
    say(t, 'conv.lookup.none', {}, buttons);
    return;
  }
  const recent = [...cases]
    .sort((a, b) => (Date.parse(b.updatedAt) || 0) - (Date.parse(a.updatedAt) || 0))
    .slice(0, LOOKUP_MAX_CASES);
  const list = recent
    .map((summary) => {
      const item = render(t, 'conv.lookup.item', {
        code: summary.code,
        category: summary.categoryName,
        status: statusLabel(t, summary.status),
        date: formatDate(summary.updatedAt),
      });
      const answer = summary.latestAnswer?.trim();
      return answer
        ? `${item}\n${render(t, 'conv.lookup.itemAnswer', { answer: excerpt(answer, ANSWER_EXCERPT_CHARS) })}`
        : item;
    })
    .join('\n');
  say(t, 'conv.lookup.list', { list, exampleCode: recent[0]?.code ?? exampleCode(t) }, buttons);
}

export function onCaseLoaded(t: Turn, code: string, found: CaseSummary | null): void {
  const buttons = [button(t, 'btn.lookup'), button(t, 'btn.menu')];
  if (found === null) {
    say(t, 'conv.case.notFound', { code }, buttons);
    return;
  }
  const answer = found.latestAnswer?.trim();
  say(
    t,
    'conv.case.detail',
    {
      code: found.code,
      category: found.categoryName,
      status: statusLabel(t, found.status),
      date: formatDate(found.updatedAt),
      answer: answer ? excerpt(answer, 1200) : render(t, 'conv.case.noAnswer', {}),
    },
    buttons,
  );
}

function afterLookupButtons(t: Turn) {
  return t.state.draft !== null
    ? [button(t, 'btn.continueDraft'), button(t, 'btn.menu')]
    : [button(t, 'btn.feedback'), button(t, 'btn.menu')];
}

function statusLabel(t: Turn, status: string): string {
  const key = `case.status.${status}`;
  return renderText(isTextKey(key) ? key : 'case.status.unknown', {}, t.ctx.locale);
}

/** dd/mm/yyyy in Vietnam (UTC+7, no daylight saving). */
export function formatDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const local = new Date(ms + 7 * 3600_000);
  const dd = String(local.getUTCDate()).padStart(2, '0');
  const mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${local.getUTCFullYear()}`;
}

/** Follow, or "Nhắn tin" on the OA's profile: the greeting (with the menu's buttons); inside a report, a short one. */
export function onHello(
  t: Turn,
  previous: ConversationState | null,
  idle: boolean,
  kind: 'follow' | 'chatNow',
): void {
  t.state.followed = true;
  t.state.lastActivityAt = t.ctx.now.toISOString();
  const step = t.state.step.kind;
  if (kind === 'chatNow' && previous !== null && !idle && step !== 'menu') {
    ack(t, 'conv.greeting.short', {});
    prompt(t, { again: true });
    return;
  }
  t.state.step = { kind: 'menu' };
  greet(t);
}

/** The full greeting, carrying the menu's buttons (and a link to the personal-data notice). */
export function greet(t: Turn): void {
  say(t, 'conv.greeting', { communeName: t.ctx.communeName }, [
    ...menuButtons(t),
    { title: render(t, 'btn.privacy', {}), url: t.ctx.consent.noticeUrl },
  ]);
  t.greeted = true;
}
