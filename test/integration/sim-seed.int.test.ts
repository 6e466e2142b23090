import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq, isNull } from 'drizzle-orm';
import { createDatabase, type Database } from '../../src/db/client';
import { agencies, areas, categories, communes, routingRules, staff } from '../../src/db/schema';
import { DEFAULTS_SEEDED_SETTING } from '../../src/db/repos/commune-defaults';
import { DEMO_AREAS, seedDemoCommune } from '../../src/db/seed';
import { DEFAULT_CATEGORIES } from '../../src/domain/case/defaults';
import { ensureCommune } from '../../src/db/repos/communes';
import { secretBoxOf } from '../../src/secrets';
import { createTestEnv, type TestEnv } from '../support/test-app';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

describe('the demo commune seed', () => {
  let env: TestEnv;
  let database: Database;
  let communeId: number;

  beforeAll(async () => {
    env = await createTestEnv();
    database = createDatabase(env.dbUrl, { poolSize: 2 });
    const commune = await ensureCommune(
      database.db,
      {
        slug: 'demo',
        name: 'xã Thử Nghiệm',
        caseCodePrefix: 'LS',
        zaloOaId: env.baseEnv.ZALO_OA_ID!,
        zaloAppId: env.baseEnv.ZALO_APP_ID!,
        zaloAppSecret: env.baseEnv.ZALO_APP_SECRET!,
        zaloOaSecretKey: env.baseEnv.ZALO_OA_SECRET_KEY!,
        accessToken: env.baseEnv.ZALO_ACCESS_TOKEN!,
        refreshToken: env.baseEnv.ZALO_REFRESH_TOKEN!,
      },
      secretBoxOf(env.config()),
    );
    communeId = commune.id;
  });
  afterAll(async () => {
    await database.close();
    await env.dispose();
  });

  it('creates the demo commune once, and a second run changes nothing', async () => {
    const first = await seedDemoCommune(database.db, { communeId, now: new Date() });
    const second = await seedDemoCommune(database.db, { communeId, now: new Date() });
    expect(second).toEqual(first);
    expect(first).toMatchObject({
      areas: 12,
      categories: DEFAULT_CATEGORIES.length,
      staff: 6,
      linkedStaff: 0,
    });

    const areaNames = (
      await database.db.select().from(areas).where(eq(areas.communeId, communeId)).orderBy(areas.sortOrder)
    ).map((a) => a.name);
    expect(areaNames).toEqual(DEMO_AREAS.map((a) => a.name));
    const agencyCodes = (
      await database.db.select().from(agencies).where(eq(agencies.communeId, communeId))
    ).map((a) => a.code);
    expect(agencyCodes).toEqual(
      expect.arrayContaining([
        'van-phong',
        'kinh-te',
        'hanh-chinh-cong',
        'cong-an',
        'mat-tran',
        'hoi-phu-nu',
        'doan-thanh-nien',
      ]),
    );
    const roads = (
      await database.db
        .select()
        .from(categories)
        .where(and(eq(categories.communeId, communeId), eq(categories.code, 'duong-giao-thong')))
    )[0];
    const economic = (
      await database.db
        .select()
        .from(agencies)
        .where(and(eq(agencies.communeId, communeId), eq(agencies.code, 'kinh-te')))
    )[0];
    expect(roads).toMatchObject({ defaultAgencyId: economic?.id, deadlineWorkingDays: 7 });

    // Category-wide defaults for every category, plus the demo's area rules (most specific wins).
    const rules = await database.db.select().from(routingRules).where(eq(routingRules.communeId, communeId));
    expect(rules.filter((r) => r.areaId === null)).toHaveLength(DEFAULT_CATEGORIES.length);
    expect(rules.filter((r) => r.areaId !== null).length).toBeGreaterThan(0);

    const unlinked = await database.db
      .select()
      .from(staff)
      .where(and(eq(staff.communeId, communeId), isNull(staff.zaloUserId)));
    expect(unlinked.map((s) => s.role).sort()).toEqual([
      'admin',
      'agency_leader',
      'agency_officer',
      'commune_leader',
      'front_supervisor',
      'reception_officer',
    ]);
  });

  it('starts from the defaults every commune gets, and keeps a seeded-once stamp', async () => {
    const [commune] = await database.db.select().from(communes).where(eq(communes.id, communeId));
    expect(commune?.settings[DEFAULTS_SEEDED_SETTING]).toEqual(expect.any(String));
  });

  describe('npm run seed', () => {
    const cli = (extra: Record<string, string>, args: string[] = []) =>
      run(TSX, ['src/db/seed-cli.ts', ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...env.baseEnv, ...extra },
      });

    it("migrates and seeds the environment's commune", async () => {
      const { stdout } = await cli({
        ZALO_MODE: 'simulator',
        ZALO_API_BASE_URL: '',
        ZALO_OAUTH_BASE_URL: '',
      });
      expect(stdout).toMatch(
        /^seeded xã Thử Nghiệm: \d+ agencies, 16 categories, 12 areas, \d+ routing rules, 6 staff \(0 linked/,
      );
    });

    it('refuses to put demo data into production without an explicit flag', async () => {
      await expect(cli({ NODE_ENV: 'production', ZALO_MODE: 'live' })).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('refusing to add demo data with NODE_ENV=production') as unknown,
      });
    });
  });
});
