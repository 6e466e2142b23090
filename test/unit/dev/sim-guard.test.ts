import { loadConfig } from '../../../src/config';
import { simulatorConfigProblems } from '../../../src/dev/sim/guard';

const base = {
  PUBLIC_BASE_URL: 'http://localhost:3000',
  DATABASE_URL: 'postgres://localhost/langnghe',
  REDIS_URL: 'redis://localhost:6379',
  ADMIN_TOKEN: 'dev-admin-token-0123456789abcdef',
  REPORT_LINK_SECRET: 'dev-report-link-secret-0123456789abcdef',
  MEDIA_URL_SECRET: 'dev-media-url-secret-0123456789abcdef',
  ZALO_MODE: 'simulator',
  ZALO_APP_ID: '1000000000000000001',
  ZALO_APP_SECRET: 'sim-app-secret',
  ZALO_OA_SECRET_KEY: 'sim-oa-secret-key',
  ZALO_OA_ID: '2000000000000000002',
  ZALO_ACCESS_TOKEN: 'sim-access-token',
  ZALO_REFRESH_TOKEN: 'sim-refresh-token',
};
const problems = (overrides: Record<string, string> = {}) => simulatorConfigProblems(loadConfig({ ...base, ...overrides }));

describe('when the simulator may start', () => {
  it('accepts fake secrets, the default Zalo URLs and ROLE=all', () => {
    expect(problems()).toEqual([]);
    expect(problems({ ZALO_APP_SECRET: 'FAKEappSecret00000001', ZALO_ACCESS_TOKEN: 'demo-token', ZALO_REFRESH_TOKEN: 'TEST-rt' })).toEqual([]);
  });

  it('refuses secrets that look real, naming each one', () => {
    const found = problems({ ZALO_OA_SECRET_KEY: 'Hj5Kp2Lm8Nq4Rs7Tv1Wx', ZALO_ACCESS_TOKEN: 'aB3xY9qZ0wE7rT5uI1oP2lK4jH6gF8dS' });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^ZALO_OA_SECRET_KEY: looks like a real Zalo secret/);
    expect(found[1]).toMatch(/^ZALO_ACCESS_TOKEN: /);
  });

  it('refuses an explicit Zalo host, real or not, since the simulator replaces it', () => {
    expect(problems({ ZALO_API_BASE_URL: 'https://openapi.zalo.me/v3' })).toEqual([expect.stringMatching(/^ZALO_API_BASE_URL: leave it unset/)]);
    expect(problems({ ZALO_OAUTH_BASE_URL: 'http://127.0.0.1:9999' })).toEqual([expect.stringMatching(/^ZALO_OAUTH_BASE_URL: /)]);
  });

  it('refuses a split deployment: the fake lives in one process', () => {
    expect(problems({ ROLE: 'api' })).toEqual([expect.stringMatching(/^ROLE: /)]);
  });
});
