import type { AppDeps } from '../deps';

/**
 * Whether a linked staff member chose to report as a resident (`/phananh`, domain/staff/modes.ts). Kept in
 * Redis with the conversation's idle timeout: the choice lapses by itself, and when Redis cannot answer the
 * member is a staff member, the safe default (their words never become a resident's report by accident).
 */

function key(deps: AppDeps, communeId: number, zaloUserId: string): string {
  return `${deps.config.BULLMQ_PREFIX}:staff-mode:${communeId}:${zaloUserId}`;
}

export async function reportsAsResident(deps: AppDeps, communeId: number, zaloUserId: string): Promise<boolean> {
  try {
    return (await deps.redis.get(key(deps, communeId, zaloUserId))) === 'resident';
  } catch {
    return false;
  }
}

export async function setReportsAsResident(deps: AppDeps, communeId: number, zaloUserId: string, on: boolean): Promise<void> {
  const k = key(deps, communeId, zaloUserId);
  if (on) await deps.redis.set(k, 'resident', 'EX', Math.round(deps.config.CONVERSATION_IDLE_HOURS * 3600));
  else await deps.redis.del(k);
}
