import type { StaffRoleName } from '../../db/schema/staff';

/**
 * The simulated people of the demo commune: invented names, invented Zalo ids. Their ids are OA-scoped user
 * ids (docs/zalo.md §1.2): digit strings longer than 2^53, never numbers. The seed links the staff among them
 * to staff rows; the simulator page lets anyone act as each of them.
 */

export type SimRole = 'resident' | 'group_admin' | StaffRoleName;

export interface SimPerson {
  /** Stable key used by the page and the sim API. */
  readonly key: string;
  readonly zaloUserId: string;
  /** The Zalo display name (what `user/detail` answers). */
  readonly displayName: string;
  /** What the page shows under the name. */
  readonly label: string;
  readonly role: SimRole;
  /** The staff member's agency (seed codes), for staff roles. */
  readonly agencyCode?: string;
  /** The residential group the person lives in (seed area codes). */
  readonly areaCode: string;
  /** Invented, in the reserved-looking 0900 000 xxx range; only used for `user_submit_info`. */
  readonly phone: string;
  readonly color: string;
}

export const SIM_PEOPLE = [
  {
    key: 'cu-dan-mo',
    zaloUserId: '3100000000000000101',
    displayName: 'Nguyễn Thị Mơ',
    label: 'Cư dân · Tiểu khu 6',
    role: 'resident',
    areaCode: 'tk-6',
    phone: '0900000101',
    color: '#e8833a',
  },
  {
    key: 'cu-dan-buoi',
    zaloUserId: '3100000000000000102',
    displayName: 'Trần Văn Bưởi',
    label: 'Cư dân · Thôn Bãi Sậy',
    role: 'resident',
    areaCode: 'bai-say',
    phone: '0900000102',
    color: '#3aa757',
  },
  {
    key: 'can-bo-tiep-nhan',
    zaloUserId: '3100000000000000201',
    displayName: 'Lê Thu Trang',
    label: 'Cán bộ tiếp nhận · Văn phòng HĐND và UBND',
    role: 'reception_officer',
    agencyCode: 'van-phong',
    areaCode: 'tk-1',
    phone: '0900000201',
    color: '#8e44ad',
  },
  {
    key: 'can-bo-kinh-te',
    zaloUserId: '3100000000000000202',
    displayName: 'Phạm Minh Đức',
    label: 'Chuyên viên · Phòng Kinh tế',
    role: 'agency_officer',
    agencyCode: 'kinh-te',
    areaCode: 'tk-2',
    phone: '0900000202',
    color: '#1f77b4',
  },
  {
    key: 'giam-sat-mat-tran',
    zaloUserId: '3100000000000000203',
    displayName: 'Hoàng Thị Lan',
    label: 'Giám sát · Ủy ban MTTQ xã',
    role: 'front_supervisor',
    agencyCode: 'mat-tran',
    areaCode: 'tk-3',
    phone: '0900000203',
    color: '#c0392b',
  },
  {
    key: 'quan-tri-nhom',
    zaloUserId: '3100000000000000301',
    displayName: 'Vũ Văn Hải',
    label: 'Quản trị nhóm Zalo · Tiểu khu 6',
    role: 'group_admin',
    areaCode: 'tk-6',
    phone: '0900000301',
    color: '#16a085',
  },
] as const satisfies readonly SimPerson[];

export type SimPersonKey = (typeof SIM_PEOPLE)[number]['key'];

export function simPerson(key: string): SimPerson | undefined {
  return SIM_PEOPLE.find((p) => p.key === key);
}

export const SIM_STAFF: readonly SimPerson[] = SIM_PEOPLE.filter(
  (p: SimPerson) => p.role !== 'resident' && p.role !== 'group_admin',
);

/**
 * QR posters hung at residential groups, cultural houses and the service center (VIETNAM.md, the Lương Sơn
 * model). A Zalo QR can only open the OA (docs/zalo.md §10), so each poster prints its group's code large
 * (`TK6`) and asks people to type it; the first posters asked for `#QR-TK6`, which is still understood.
 */
export function posterCode(areaCode: string): string {
  return areaCode.replace(/-/g, '').toUpperCase();
}

export interface SimPoster {
  readonly code: string;
  readonly place: string;
}

export const SIM_POSTERS: readonly SimPoster[] = [
  { code: posterCode('TK6'), place: 'Nhà văn hóa Tiểu khu 6' },
  { code: posterCode('BAISAY'), place: 'Nhà văn hóa Thôn Bãi Sậy' },
  { code: '#QR-TK1', place: 'Trung tâm Phục vụ hành chính công (áp phích cũ)' },
];

/** Bundled sample photos (served from /sim/assets/photos/): drawings, no real people or places. */
export const SIM_PHOTOS = [
  { file: 'o-ga.png', label: 'Ổ gà trên đường' },
  { file: 'rac-thai.png', label: 'Rác thải ven đường' },
  { file: 'den-hong.png', label: 'Đèn đường hỏng' },
  { file: 'ngap-nuoc.png', label: 'Ngập nước' },
  // For officers: the after-photo a `/xong` needs as evidence.
  { file: 'duong-da-va.png', label: 'Đường đã vá (ảnh sau xử lý)' },
] as const;

/** Location pins around an invented commune centre (coordinates are strings in Zalo's payload, §1.2). */
export const SIM_LOCATIONS = [
  { label: 'Đầu ngõ 12, Tiểu khu 6', latitude: '20.7312', longitude: '105.5408' },
  { label: 'Cầu tràn Thôn Bãi Sậy', latitude: '20.7468', longitude: '105.5121' },
  { label: 'Chợ trung tâm xã', latitude: '20.7355', longitude: '105.5286' },
] as const;

/** A few sticker ids in the shape Zalo sends (the URL is built by the event builder). */
export const SIM_STICKERS = [
  { id: 'bfe2a7d5c8904c9a9f4d2b1f3a5e6c71', label: '👍' },
  { id: 'c3a1f0b2d4e64f8a8b7c6d5e4f3a2b19', label: '❤️' },
  { id: 'a9b8c7d6e5f44a3b2c1d0e9f8a7b6c55', label: '😊' },
] as const;
