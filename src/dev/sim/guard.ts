import { ConfigError, configSchema, type Config } from '../../config';

/**
 * When the simulator may run. It lets anyone forge correctly signed events as any Zalo user (staff included),
 * so it must never run against a real OA. The rule:
 * - NODE_ENV=production is refused (config.ts);
 * - ROLE must be `all`: the fake Zalo lives in this process's memory, another process could not reach it;
 * - ZALO_API_BASE_URL, ZALO_OAUTH_BASE_URL and ZALO_ZNS_BASE_URL must be left at their defaults: the simulator
 *   replaces them with its own fake, so any explicit value (a real Zalo host above all) means the operator meant
 *   something else;
 * - every Zalo secret (app secret, OA secret key, access and refresh token) must say it is not real by
 *   containing one of `fake`, `dev`, `sim`, `test`, `demo` (any case). Zalo issues random strings; four of them
 *   all containing such a word by chance is beyond unlikely.
 */

const FAKE_MARKER = /fake|dev|sim|test|demo/i;
const SECRET_KEYS = ['ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'ZALO_ACCESS_TOKEN', 'ZALO_REFRESH_TOKEN'] as const;
const URL_KEYS = ['ZALO_API_BASE_URL', 'ZALO_OAUTH_BASE_URL', 'ZALO_ZNS_BASE_URL'] as const;

const defaults = configSchema.pick({ ZALO_API_BASE_URL: true, ZALO_OAUTH_BASE_URL: true, ZALO_ZNS_BASE_URL: true }).parse({});

export function simulatorConfigProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.NODE_ENV === 'production') problems.push('ZALO_MODE: the simulator is never served with NODE_ENV=production');
  if (config.ROLE !== 'all') {
    problems.push(`ROLE: the simulator keeps its fake Zalo in memory and needs ROLE=all (got ${config.ROLE})`);
  }
  for (const key of URL_KEYS) {
    if (config[key] !== defaults[key]) {
      problems.push(`${key}: leave it unset with ZALO_MODE=simulator (the app talks to its own fake Zalo)`);
    }
  }
  for (const key of SECRET_KEYS) {
    if (!FAKE_MARKER.test(config[key])) {
      problems.push(
        `${key}: looks like a real Zalo secret; the simulator only runs with fake ones (containing "fake", "dev", "sim", "test" or "demo")`,
      );
    }
  }
  return problems;
}

export function assertSimulatorAllowed(config: Config): void {
  const problems = simulatorConfigProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
}
