import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { userSendText } from '../../src/dev/fake-zalo/events';
import { signatureHeaderValue } from '../../src/zalo/signature';
import { APP_ID, OA_ID, OA_SECRET } from '../events';
import type { PostedEvent } from './reconcile';

/** One signed webhook body, with what the reconciliation needs to find it again. */
export interface SignedEvent {
  msgId: string;
  userId: string;
  body: string;
  signature: string;
}

/**
 * The poisons of issue 9: a NUL and a lone surrogate (jsonb refuses both; cleaned, stored and processed), and a
 * body nested deeper than PostgreSQL's jsonb parser goes (kept raw in inbox_quarantine).
 */
export type Poison = 'nul' | 'surrogate' | 'deep';

export function signedText(userId: string, text: string, poison?: Poison): SignedEvent {
  const msgId = randomBytes(16).toString('hex');
  const event = userSendText({ appId: APP_ID, oaId: OA_ID, userId, text, msgId });
  let body = JSON.stringify(event);
  if (poison === 'deep') {
    const depth = 20_000;
    body = body.replace(/}$/, `,"extra":${'['.repeat(depth)}${']'.repeat(depth)}}`);
  }
  return { msgId, userId, body, signature: signatureHeaderValue(APP_ID, body, event.timestamp, OA_SECRET) };
}

export const TEXTS = ['Xin chào', 'Đèn đường thôn 3 bị hỏng', '1', 'Cảm ơn', 'menu'];
const POISON_TEXT: Record<Poison, string> = {
  nul: 'ổ gà\u0000 ở thôn Đông',
  surrogate: 'đèn hỏng \ud83d',
  deep: 'Xin chào',
};

export interface Answer {
  status: number | null;
  result: string | null;
  ms: number;
}

/** One POST /webhooks/zalo; never throws (a refused or cut connection is status null). */
export async function post(
  apiUrl: string,
  event: { body: string; signature: string | null },
): Promise<Answer> {
  const started = performance.now();
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (event.signature !== null) headers['x-zevent-signature'] = event.signature;
    const res = await fetch(`${apiUrl}/webhooks/zalo`, {
      method: 'POST',
      headers,
      body: event.body,
      signal: AbortSignal.timeout(5_000),
    });
    const text = await res.text();
    let result: string | null = null;
    try {
      result = (JSON.parse(text) as { result?: string }).result ?? null;
    } catch {
      result = null;
    }
    return { status: res.status, result, ms: performance.now() - started };
  } catch {
    return { status: null, result: null, ms: performance.now() - started };
  }
}

/** Where the load goes: the live api processes (a killed one is replaced by its restart). */
export interface Targets {
  apis(): string[];
}

/**
 * Posts like Zalo: to one api (round robin), and when the answer is not a 200 (refused, cut, 5xx), again
 * after a short wait on the next one, up to 3 tries. The event counts as acknowledged once any try got 200.
 */
export async function deliver(targets: Targets, event: SignedEvent, turn: number): Promise<PostedEvent> {
  let last: Answer = { status: null, result: null, ms: 0 };
  let tries = 0;
  while (tries < 3) {
    const apis = targets.apis();
    const api = apis[(turn + tries) % apis.length]!;
    tries++;
    last = await post(api, event);
    if (last.status === 200) break;
    await sleep(300);
  }
  return { msgId: event.msgId, userId: event.userId, status: last.status, result: last.result, tries };
}

export interface SteadyLoad {
  /** Messages per second, spread evenly. */
  rate: number;
  seconds: number;
  residents: string[];
  /** Every n-th message is a poison (cycling through the kinds), 0 for none. */
  poisonEvery?: number;
  /** Stops early (e.g. once a process was killed). */
  signal?: AbortSignal;
}

/** A steady stream of resident messages over both api processes; resolves with every event's final answer. */
export async function steadyLoad(targets: Targets, load: SteadyLoad): Promise<PostedEvent[]> {
  const total = Math.round(load.rate * load.seconds);
  const interval = 1000 / load.rate;
  const started = performance.now();
  const inFlight: Promise<PostedEvent>[] = [];
  const kinds: Poison[] = ['nul', 'deep', 'surrogate'];
  let poisons = 0;
  for (let i = 0; i < total; i++) {
    if (load.signal?.aborted) break;
    const wait = started + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    const userId = load.residents[i % load.residents.length]!;
    const round = Math.floor(i / load.residents.length);
    const every = load.poisonEvery ?? 0;
    const poison = every > 0 && i % every === every - 1 ? kinds[poisons++ % kinds.length] : undefined;
    const text = poison ? POISON_TEXT[poison] : TEXTS[round % TEXTS.length]!;
    inFlight.push(deliver(targets, signedText(userId, text, poison), i));
  }
  return Promise.all(inFlight);
}

/** Resident ids of one scenario: digits like Zalo's, disjoint between scenarios. */
export function residentsOf(scenario: number, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `6${String(scenario).padStart(3, '0')}${String(i).padStart(15, '0')}`,
  );
}
