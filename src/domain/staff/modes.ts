import { fold } from '../text/normalize';

/**
 * A linked staff member's messages are staff commands, never resident feedback (issue 4), except after an
 * explicit choice to report as a resident: `/phananh` (typed, or sent by an OA menu item or button) switches
 * the chat to the resident conversation, `/canbo` switches back. Both ignore case, diacritics, spaces and
 * hyphens ("/Phản ánh", "/phan-anh", "/ can bo").
 */
export type ModeSwitch = 'resident' | 'staff';

const words: Readonly<Record<string, ModeSwitch>> = {
  phananh: 'resident',
  canbo: 'staff',
};

export function modeSwitch(text: string): ModeSwitch | null {
  const folded = fold(text);
  if (!folded.startsWith('/') && !folded.startsWith('／')) return null;
  const word = folded.slice(1).replace(/[\s\-_.]/g, '');
  return Object.hasOwn(words, word) ? (words[word] ?? null) : null;
}

/** Whether the member is reporting as a resident at `now` (the choice lapses by itself, like an idle chat). */
export function reportsAsResident(member: { reportsAsResidentUntil: Date | null }, now: Date): boolean {
  return member.reportsAsResidentUntil !== null && member.reportsAsResidentUntil.getTime() > now.getTime();
}

/** Until when a `/phananh` made at `now` holds: the conversation's idle period. */
export function residentModeUntil(now: Date, idleHours: number): Date {
  return new Date(now.getTime() + idleHours * 3_600_000);
}
