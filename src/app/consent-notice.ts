import { CURRENT_NOTICE_VERSION, noticeFor, type Notice, type NoticeContact } from '../domain/consent/notice';
import type { Commune } from '../db/schema';

/** Where the full personal-data notice of a commune is served (an `oa.open.url` button opens it). */
export function noticeUrl(publicBaseUrl: string, commune: Pick<Commune, 'slug'>): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/du-lieu-ca-nhan/${encodeURIComponent(commune.slug)}`;
}

/** `communes.settings.dataContact`: the office residents contact about their data (office, address, phone, email). */
export function noticeContactOf(commune: Pick<Commune, 'settings'>): NoticeContact {
  const raw = commune.settings.dataContact;
  if (typeof raw !== 'object' || raw === null) return {};
  const field = (key: string): string | undefined => {
    const value = (raw as Record<string, unknown>)[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const contact: NoticeContact = {};
  const office = field('office');
  const address = field('address');
  const phone = field('phone');
  const email = field('email');
  if (office !== undefined) contact.office = office;
  if (address !== undefined) contact.address = address;
  if (phone !== undefined) contact.phone = phone;
  if (email !== undefined) contact.email = email;
  return contact;
}

export function communeNotice(commune: Pick<Commune, 'name' | 'settings'>, version: number): Notice {
  return noticeFor(version, commune.name, noticeContactOf(commune));
}

/** The notice version in force: the current text unless a commune pins its own (settings.consentNoticeVersion). */
export function noticeVersionOf(commune: Pick<Commune, 'settings'>): number {
  const pinned = commune.settings.consentNoticeVersion;
  return typeof pinned === 'number' ? pinned : CURRENT_NOTICE_VERSION;
}
