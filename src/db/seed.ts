import { and, eq, isNotNull, or, sql } from 'drizzle-orm';
import { SIM_STAFF } from '../dev/sim/people';
import type { Db, DbOrTx } from './client';
import { localDate } from '../domain/case/deadlines';
import { ensureHolidayYears } from './repos/clocks';
import { seedCommuneDefaults } from './repos/commune-defaults';
import { agencies, areas, categories, routingRules, staff, type StaffRoleName } from './schema';

/**
 * The demo commune: what `npm run seed` adds to the environment's commune so the product can be tried end to
 * end without a real OA. Every name is invented. It starts from the defaults every new commune gets
 * (seedCommuneDefaults) and adds the demo's own. Idempotent: rows are found by their stable code (or, for
 * staff, by name and role) and never duplicated or overwritten, so a demo edited through the admin API stays
 * edited. Staff are created unlinked: the simulator links its people by invite and `/dangky`, as a real
 * commune does.
 *
 * The Fatherland Front committee and its member organizations are agencies: they receive transfers and their
 * officers act on cases (the Front supervises), while areas are places residents pick from a list.
 */

interface SeedAgency {
  code: string;
  name: string;
  aliases: string[];
}

const FRONT_AND_OTHERS: readonly SeedAgency[] = [
  { code: 'mat-tran', name: 'Ủy ban MTTQ Việt Nam xã', aliases: ['mttq', 'mat tran', 'ubmttq'] },
  { code: 'hoi-phu-nu', name: 'Hội Liên hiệp Phụ nữ xã', aliases: ['phu nu', 'hlhpn', 'hoi pn'] },
  { code: 'doan-thanh-nien', name: 'Đoàn Thanh niên xã', aliases: ['doan', 'thanh nien', 'dtn'] },
  { code: 'hoi-nong-dan', name: 'Hội Nông dân xã', aliases: ['nong dan', 'hnd'] },
  { code: 'hoi-cuu-chien-binh', name: 'Hội Cựu chiến binh xã', aliases: ['ccb', 'cuu chien binh'] },
  { code: 'hoi-nguoi-cao-tuoi', name: 'Hội Người cao tuổi xã', aliases: ['nct', 'cao tuoi'] },
  { code: 'hoi-chu-thap-do', name: 'Hội Chữ thập đỏ xã', aliases: ['ctd', 'chu thap do'] },
  { code: 'hoi-khuyen-hoc', name: 'Hội Khuyến học xã', aliases: ['khuyen hoc'] },
  // Routing targets outside the commune's own apparatus (VIETNAM.md §3).
  { code: 'tram-y-te', name: 'Trạm Y tế xã', aliases: ['tyt', 'y te', 'tram y te'] },
  { code: 'dien-luc', name: 'Đội Quản lý điện khu vực', aliases: ['dien luc', 'dien', 'evn'] },
  { code: 'htx-moi-truong', name: 'HTX Dịch vụ Môi trường Sơn Xanh', aliases: ['htx', 'moi truong', 've sinh'] },
];

interface SeedArea {
  code: string;
  name: string;
}

/** Twelve residential groups: six sub-areas of the commune centre, six villages. */
export const DEMO_AREAS: readonly SeedArea[] = [
  { code: 'tk-1', name: 'Tiểu khu 1' },
  { code: 'tk-2', name: 'Tiểu khu 2' },
  { code: 'tk-3', name: 'Tiểu khu 3' },
  { code: 'tk-4', name: 'Tiểu khu 4' },
  { code: 'tk-5', name: 'Tiểu khu 5' },
  { code: 'tk-6', name: 'Tiểu khu 6' },
  { code: 'bai-say', name: 'Thôn Bãi Sậy' },
  { code: 'dong-chanh', name: 'Thôn Đồng Chanh' },
  { code: 'suoi-mo', name: 'Thôn Suối Mơ' },
  { code: 'go-mit', name: 'Thôn Gò Mít' },
  { code: 'khe-de', name: 'Thôn Khe Dẻ' },
  { code: 'roc-van', name: 'Thôn Rộc Vạn' },
];

/** Area rules on top of the category-wide defaults: the most specific rule wins (domain/case/routing.ts). */
const AREA_RULES: readonly { categoryCode: string; areaCodes: readonly string[]; agencyCode: string; deadlineWorkingDays: number }[] = [
  // The commune centre's rubbish is collected by a contracted cooperative.
  { categoryCode: 've-sinh-moi-truong', areaCodes: ['tk-1', 'tk-2', 'tk-3', 'tk-4', 'tk-5', 'tk-6'], agencyCode: 'htx-moi-truong', deadlineWorkingDays: 3 },
  // The villages by the stream flood first: the civil defence command takes their flooding reports.
  { categoryCode: 'nuoc-ngap-ung', areaCodes: ['bai-say', 'suoi-mo'], agencyCode: 'quan-su', deadlineWorkingDays: 2 },
  { categoryCode: 'dien-chieu-sang', areaCodes: ['khe-de', 'roc-van'], agencyCode: 'dien-luc', deadlineWorkingDays: 5 },
];

interface SeedStaff {
  name: string;
  role: StaffRoleName;
  agencyCode: string | null;
  onDuty: boolean;
  /** The simulated Zalo user: the simulator links it by invite and `/dangky` (dev/sim/link-staff.ts). */
  zaloUserId: string | null;
}

/** The simulated people who are staff, plus leaders and an admin who have no simulated phone. */
export const DEMO_STAFF: readonly SeedStaff[] = [
  ...SIM_STAFF.map((p) => ({
    name: p.displayName,
    role: p.role as StaffRoleName,
    agencyCode: p.agencyCode ?? null,
    // The reception officer is on duty, so emergency alerts show up in the simulator.
    onDuty: p.role === 'reception_officer',
    zaloUserId: p.zaloUserId,
  })),
  { name: 'Bùi Thanh Tâm', role: 'agency_leader', agencyCode: 'kinh-te', onDuty: false, zaloUserId: null },
  { name: 'Đặng Quốc Việt', role: 'commune_leader', agencyCode: null, onDuty: true, zaloUserId: null },
  { name: 'Ngô Thị Hạnh', role: 'admin', agencyCode: 'van-phong', onDuty: false, zaloUserId: null },
];

export interface SeedOptions {
  communeId: number;
  now: Date;
}

export interface SeedSummary {
  agencies: number;
  categories: number;
  areas: number;
  routingRules: number;
  staff: number;
  linkedStaff: number;
}

async function agencyIds(db: DbOrTx, communeId: number): Promise<Map<string, number>> {
  const rows = await db.select({ id: agencies.id, code: agencies.code }).from(agencies).where(eq(agencies.communeId, communeId));
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function seedDemoCommune(db: Db, options: SeedOptions): Promise<SeedSummary> {
  const { communeId } = options;
  // The standard agencies, categories and routing rules, exactly as any new commune gets them (once).
  await seedCommuneDefaults(db, communeId, options.now);
  // Vietnam's holidays of this year and the next (Tết by the lunar calendar), as every new commune gets them.
  const year = Number(localDate(options.now).slice(0, 4));
  await ensureHolidayYears(db, communeId, [year, year + 1]);
  return db.transaction(async (tx) => {
    await tx
      .insert(agencies)
      .values(FRONT_AND_OTHERS.map((a) => ({ communeId, ...a })))
      .onConflictDoNothing();
    const agencyId = await agencyIds(tx, communeId);
    const categoryRows = await tx.select({ id: categories.id, code: categories.code }).from(categories).where(eq(categories.communeId, communeId));
    const categoryId = new Map(categoryRows.map((r) => [r.code, r.id]));

    await tx
      .insert(areas)
      .values(DEMO_AREAS.map((a, index) => ({ communeId, code: a.code, name: a.name, kind: 'residential_group', sortOrder: (index + 1) * 10 })))
      .onConflictDoNothing();
    const areaRows = await tx.select({ id: areas.id, code: areas.code }).from(areas).where(eq(areas.communeId, communeId));
    const areaId = new Map(areaRows.map((r) => [r.code, r.id]));

    const rules = AREA_RULES.flatMap((r) => r.areaCodes.map((areaCode) => ({ ...r, areaCode }))).flatMap((r) => {
      const category = categoryId.get(r.categoryCode);
      const agency = agencyId.get(r.agencyCode);
      const area = areaId.get(r.areaCode);
      if (category === undefined || agency === undefined || area === undefined) return [];
      return [{ communeId, categoryId: category, areaId: area, agencyId: agency, deadlineWorkingDays: r.deadlineWorkingDays }];
    });
    await tx.insert(routingRules).values(rules).onConflictDoNothing();


    for (const member of DEMO_STAFF) {
      // The simulator may have created a simulated officer through an invite before the seed ran.
      const [existing] = await tx
        .select({ id: staff.id })
        .from(staff)
        .where(
          and(
            eq(staff.communeId, communeId),
            or(
              and(eq(staff.name, member.name), eq(staff.role, member.role)),
              member.zaloUserId === null ? undefined : eq(staff.zaloUserId, member.zaloUserId),
            ),
          ),
        )
        .limit(1);
      if (existing) continue;
      await tx.insert(staff).values({
        communeId,
        name: member.name,
        role: member.role,
        agencyId: member.agencyCode === null ? null : (agencyId.get(member.agencyCode) ?? null),
        onDuty: member.onDuty,
      });
    }

    const counted = async (rows: Promise<{ n: number }[]>) => (await rows)[0]?.n ?? 0;
    const n = sql<number>`count(*)::int`;
    return {
      agencies: await counted(tx.select({ n }).from(agencies).where(eq(agencies.communeId, communeId))),
      categories: await counted(tx.select({ n }).from(categories).where(eq(categories.communeId, communeId))),
      areas: await counted(tx.select({ n }).from(areas).where(eq(areas.communeId, communeId))),
      routingRules: await counted(tx.select({ n }).from(routingRules).where(eq(routingRules.communeId, communeId))),
      staff: await counted(tx.select({ n }).from(staff).where(eq(staff.communeId, communeId))),
      linkedStaff: await counted(tx.select({ n }).from(staff).where(and(eq(staff.communeId, communeId), isNotNull(staff.zaloUserId)))),
    };
  });
}
