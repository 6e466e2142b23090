import type { Tx } from '../db/client';
import type { Commune, InboxEvent, Resident } from '../db/schema';
import type { WebhookEnvelope } from '../zalo/events';
import type { AppDeps } from './deps';

export interface ConverseInput {
  commune: Commune;
  resident: Resident;
  inbox: InboxEvent;
  event: WebhookEnvelope;
}

/** Runs the conversation for one user event; returns the outbox rows written. */
export function converse(_deps: AppDeps, _tx: Tx, _input: ConverseInput): Promise<number[]> {
  return Promise.resolve([]);
}
