/**
 * Zalo's messaging windows (docs/zalo.md §4), counted from the user's last interaction with the OA: a
 * consultation message reaches only someone who interacted within 7 days, and is free within 48 hours.
 */
export const MESSAGING_WINDOW_MS = 7 * 24 * 3600_000;
export const FREE_REPLY_WINDOW_MS = 48 * 3600_000;

/** Whether a consultation message sent at `now` is still free for someone last seen at `lastInteractionAt`. */
export function withinFreeWindow(lastInteractionAt: Date | null, now: Date): boolean {
  return lastInteractionAt !== null && now.getTime() - lastInteractionAt.getTime() <= FREE_REPLY_WINDOW_MS;
}
