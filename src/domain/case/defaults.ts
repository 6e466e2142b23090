/**
 * What a new commune starts with under the two-level model (VIETNAM.md §3, Decree 150/2025): its agencies, the
 * feedback categories residents choose from, and routing rules joining them. Seeded once per commune and then
 * edited through the admin API; the codes are stable keys for seeds, imports and `/chuyen`, the names are what
 * residents and staff read.
 *
 * Deadlines follow the ministries' practice (VIETNAM.md §1.1): 5 working days for simple on-the-ground fixes,
 * 7 for the usual case, 10 for complex ones (land, construction order, officials' conduct), 3 for natural
 * disaster prevention, where a report is a warning. `requiresEvidence` is true wherever a result can be shown
 * (an after-photo or a record): evidence-free answers are the first cause of dissatisfaction. It is false where
 * the result is an answer, not a fix (procedures, officials' conduct), or where evidence would expose other
 * people's personal data (social policy beneficiaries, children at school, a neighbour warned about noise).
 */

export interface DefaultAgency {
  /** Stable kebab-case key. */
  readonly code: string;
  /** Name in a commune (xã), with diacritics. */
  readonly name: string;
  /** Name in a ward (phường) where it differs. */
  readonly wardName?: string;
  /** Folded short forms staff type in `/chuyen` besides the code and the name. */
  readonly aliases: readonly string[];
}

export const DEFAULT_AGENCIES = [
  {
    code: 'van-phong',
    name: 'Văn phòng HĐND và UBND',
    aliases: ['vp', 'vpub', 'van phong ubnd', 'van phong hdnd ubnd'],
  },
  {
    code: 'kinh-te',
    name: 'Phòng Kinh tế',
    wardName: 'Phòng Kinh tế, Hạ tầng và Đô thị',
    aliases: ['pkt', 'kt'],
  },
  {
    code: 'van-hoa-xa-hoi',
    name: 'Phòng Văn hóa – Xã hội',
    aliases: ['vhxh', 'van hoa', 'xa hoi'],
  },
  {
    code: 'hanh-chinh-cong',
    name: 'Trung tâm Phục vụ hành chính công',
    aliases: ['ttpvhcc', 'tthcc', 'mot cua', 'bo phan mot cua'],
  },
  {
    code: 'cong-an',
    name: 'Công an xã',
    wardName: 'Công an phường',
    aliases: ['ca', 'ca xa', 'cong an phuong'],
  },
  {
    code: 'quan-su',
    name: 'Ban Chỉ huy quân sự xã',
    wardName: 'Ban Chỉ huy quân sự phường',
    aliases: ['bchqs', 'quan su xa', 'ban chi huy quan su'],
  },
] as const satisfies readonly DefaultAgency[];

export type DefaultAgencyCode = (typeof DEFAULT_AGENCIES)[number]['code'];

export interface DefaultCategory {
  /** Stable kebab-case key. */
  readonly code: string;
  /** What residents read in the menu, with diacritics. */
  readonly name: string;
  readonly defaultAgencyCode: DefaultAgencyCode;
  readonly deadlineWorkingDays: number;
  readonly requiresEvidence: boolean;
}

/** In menu order: the fields residents report most first (issue 3), "other" last. */
export const DEFAULT_CATEGORIES = [
  {
    code: 'duong-giao-thong',
    name: 'Đường sá, giao thông',
    defaultAgencyCode: 'kinh-te',
    deadlineWorkingDays: 7,
    requiresEvidence: true,
  },
  {
    code: 've-sinh-moi-truong',
    name: 'Vệ sinh, môi trường',
    defaultAgencyCode: 'kinh-te',
    deadlineWorkingDays: 5,
    requiresEvidence: true,
  },
  {
    code: 'dat-dai',
    name: 'Đất đai',
    defaultAgencyCode: 'kinh-te',
    deadlineWorkingDays: 10,
    requiresEvidence: true,
  },
  {
    code: 'trat-tu-xay-dung',
    name: 'Trật tự xây dựng',
    defaultAgencyCode: 'kinh-te',
    deadlineWorkingDays: 10,
    requiresEvidence: true,
  },
  {
    code: 'thu-tuc-hanh-chinh',
    name: 'Thủ tục hành chính',
    defaultAgencyCode: 'hanh-chinh-cong',
    deadlineWorkingDays: 5,
    requiresEvidence: false,
  },
  {
    // The commune's civil defence command, whose standing body is the military command, leads disaster response.
    code: 'phong-chong-thien-tai',
    name: 'Phòng chống thiên tai',
    defaultAgencyCode: 'quan-su',
    deadlineWorkingDays: 3,
    requiresEvidence: true,
  },
  {
    code: 'an-ninh-trat-tu',
    name: 'An ninh, trật tự',
    defaultAgencyCode: 'cong-an',
    deadlineWorkingDays: 5,
    requiresEvidence: true,
  },
  {
    code: 'dien-chieu-sang',
    name: 'Điện, chiếu sáng',
    defaultAgencyCode: 'kinh-te',
    deadlineWorkingDays: 5,
    requiresEvidence: true,
  },
  {
    code: 'nuoc-ngap-ung',
    name: 'Cấp thoát nước, ngập úng',
    defaultAgencyCode: 'kinh-te',
    deadlineWorkingDays: 5,
    requiresEvidence: true,
  },
  {
    code: 'chinh-sach-xa-hoi',
    name: 'Chính sách xã hội',
    defaultAgencyCode: 'van-hoa-xa-hoi',
    deadlineWorkingDays: 7,
    requiresEvidence: false,
  },
  {
    code: 'y-te',
    name: 'Y tế',
    defaultAgencyCode: 'van-hoa-xa-hoi',
    deadlineWorkingDays: 5,
    requiresEvidence: true,
  },
  {
    code: 'giao-duc',
    name: 'Giáo dục',
    defaultAgencyCode: 'van-hoa-xa-hoi',
    deadlineWorkingDays: 7,
    requiresEvidence: false,
  },
  {
    code: 'nong-nghiep',
    name: 'Nông nghiệp, thủy lợi',
    defaultAgencyCode: 'kinh-te',
    deadlineWorkingDays: 7,
    requiresEvidence: true,
  },
  {
    code: 'tieng-on-nep-song',
    name: 'Tiếng ồn, nếp sống văn minh',
    defaultAgencyCode: 'cong-an',
    deadlineWorkingDays: 5,
    requiresEvidence: false,
  },
  {
    code: 'can-bo-cong-chuc',
    name: 'Thái độ, trách nhiệm của cán bộ',
    defaultAgencyCode: 'van-phong',
    deadlineWorkingDays: 10,
    requiresEvidence: false,
  },
  {
    code: 'khac',
    name: 'Khác',
    defaultAgencyCode: 'van-phong',
    deadlineWorkingDays: 7,
    requiresEvidence: true,
  },
] as const satisfies readonly DefaultCategory[];

export type DefaultCategoryCode = (typeof DEFAULT_CATEGORIES)[number]['code'];

export interface DefaultRoutingRule {
  readonly categoryCode: DefaultCategoryCode;
  /** Defaults are category-wide; area rules are the commune's own additions. */
  readonly areaCode: null;
  readonly agencyCode: DefaultAgencyCode;
  readonly deadlineWorkingDays: number;
}

/** One category-wide rule per category, to its default agency with its default deadline. */
export const DEFAULT_ROUTING_RULES: readonly DefaultRoutingRule[] = DEFAULT_CATEGORIES.map((category) => ({
  categoryCode: category.code,
  areaCode: null,
  agencyCode: category.defaultAgencyCode,
  deadlineWorkingDays: category.deadlineWorkingDays,
}));
