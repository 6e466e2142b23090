import fs from 'node:fs';
import { z } from 'zod';
import { parseSecretsKey } from './secrets';

/**
 * The one reader of process.env. Every variable is parsed to a real type here; a missing or bad value stops
 * the process with one message that lists every problem (see loadConfig).
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const url = z.url({ protocol: /^https?$/ });

/** Five or six cron fields (BullMQ's cron-parser; the optional first one is seconds). */
const cron = z
  .string()
  .trim()
  .regex(/^(\S+\s+){4,5}\S+$/, 'a cron pattern of 5 or 6 fields, e.g. "0 7 * * 1"');

/** A comma-separated list; blanks around items are ignored. */
const list = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .pipe(z.array(item));

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0, 65535).default(3000),
  PUBLIC_BASE_URL: url,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TZ: z.string().min(1).default('Asia/Ho_Chi_Minh'),

  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  DATABASE_POOL_SIZE: int(2, 200).default(20),
  /**
   * The webhook's own connections for its inbox inserts, apart from the workers' pool: however busy the
   * workers are, Zalo gets its 200 within 2 s (docs/zalo.md §1.3).
   */
  WEBHOOK_POOL_SIZE: int(1, 50).default(3),
  MIGRATE_ON_START: bool.default(true),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  BULLMQ_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes only')
    .default('langnghe'),

  ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters'),

  ZALO_MODE: z.enum(['live', 'simulator']).default('live'),
  ZALO_APP_ID: z.string().regex(/^\d+$/, 'digits only'),
  ZALO_APP_SECRET: z.string().min(1),
  ZALO_OA_SECRET_KEY: z.string().min(1),
  ZALO_OA_ID: z.string().regex(/^\d+$/, 'digits only'),
  ZALO_ACCESS_TOKEN: z.string().min(1),
  ZALO_REFRESH_TOKEN: z.string().min(1),
  ZALO_API_BASE_URL: url.default('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE_URL: url.default('https://oauth.zaloapp.com'),
  /** ZNS template messages by phone: the delivery chain's hop for residents outside the 7-day window. */
  ZALO_ZNS_BASE_URL: url.default('https://business.openapi.zalo.me'),
  ZALO_HTTP_TIMEOUT_MS: int(100, 60_000).default(10_000),
  /** Refresh the access token this long before it expires (Zalo's token lives 25 h; docs/zalo.md §5). */
  ZALO_TOKEN_REFRESH_AHEAD_SECONDS: int(0, 86_400).default(5 * 3600),
  /** Zalo allows 4,000 OA API requests a minute per app (docs/zalo.md §8); all communes share the app. */
  ZALO_RATE_LIMIT_PER_MINUTE: int(1, 10_000_000).default(4000),

  /** As residents say it, with the unit word: "xã Lương Sơn", "phường Hòa Bình". */
  COMMUNE_NAME: z.string().min(1).default('xã Mặc Định'),
  COMMUNE_SLUG: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('xa-mac-dinh'),
  CASE_CODE_PREFIX: z
    .string()
    .regex(/^[A-Z]{1,4}$/, '1 to 4 capital letters')
    .default('LS'),

  /**
   * Replay window. Zalo's retries may run for 12 h (docs/zalo.md §1.3): an older authentic event is kept as
   * `ignored` (reason `stale`) and answered 200, never processed.
   */
  WEBHOOK_MAX_AGE_SECONDS: int(60, 7 * 86_400).default(13 * 3600),
  WEBHOOK_MAX_FUTURE_SKEW_SECONDS: int(0, 3600).default(300),
  WEBHOOK_BODY_LIMIT_BYTES: int(1024, 10 * 1024 * 1024).default(256 * 1024),
  /** How long the webhook waits for Redis before answering anyway (the sweeper enqueues what was missed). */
  ENQUEUE_TIMEOUT_MS: int(10, 10_000).default(500),

  /** Keep INBOUND_CONCURRENCY + OUTBOUND_CONCURRENCY at or below DATABASE_POOL_SIZE (jobs wait for connections). */
  INBOUND_CONCURRENCY: int(1, 500).default(8),
  OUTBOUND_CONCURRENCY: int(1, 500).default(8),
  JOB_ATTEMPTS: int(1, 50).default(8),
  SWEEP_INTERVAL_SECONDS: int(1, 3600).default(5),
  /** An inbox or outbox row still pending after this long without a live job is re-enqueued by the sweeper. */
  SWEEP_STALE_AFTER_SECONDS: int(1, 3600).default(10),

  // ── Outbound delivery (issue 9): exactly once, retried for hours, paused per OA ──
  /**
   * A send whose outcome is unknown (crash, timeout, reset, 5xx) is resent only when no OA echo confirmed it
   * within this time AND the inbox holds no unprocessed event of that commune received before then
   * (docs/RELIABILITY.md). Part of the 30 s recovery budget after a restart.
   */
  OUTBOX_ECHO_GRACE_SECONDS: int(1, 3600).default(15),
  /** Transient failures are retried this long (counted from its first attempt or re-drive), then `failed`. */
  OUTBOX_RETRY_BUDGET_SECONDS: int(1, 7 * 86_400).default(36 * 3600),
  /** The longest wait between two attempts (exponential backoff with jitter up to this). */
  OUTBOX_BACKOFF_CAP_SECONDS: int(1, 3600).default(300),
  /** How long a commune's sends wait after Zalo said quota, token or OA trouble; one probe then tries. */
  OUTBOX_OA_PAUSE_SECONDS: int(1, 86_400).default(600),
  /**
   * 32 bytes (64 hex digits or base64) that seal Zalo tokens, the OA secret key and the app secret in
   * PostgreSQL (AES-256-GCM). Required in production; SECRETS_KEY_PREVIOUS opens values of the key before.
   */
  SECRETS_KEY: z
    .string()
    .refine((v) => parseSecretsKey(v) !== null, '32 bytes as 64 hex digits or base64')
    .optional(),
  SECRETS_KEY_PREVIOUS: z
    .string()
    .refine((v) => parseSecretsKey(v) !== null, '32 bytes as 64 hex digits or base64')
    .optional(),
  CONVERSATION_IDLE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24),

  // ── Edges: session limits, the webhook's deadline and spool, recovery after a crash ──
  /** Server-side limits of the workers' sessions, in ms (0 disables one). */
  DATABASE_STATEMENT_TIMEOUT_MS: int(0, 3_600_000).default(30_000),
  DATABASE_LOCK_TIMEOUT_MS: int(0, 3_600_000).default(5_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: int(0, 3_600_000).default(60_000),
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 60_000).default(5_000),
  /** The webhook's own sessions: short, so that no answer waits for PostgreSQL past the deadline. */
  WEBHOOK_STATEMENT_TIMEOUT_MS: int(100, 60_000).default(1_000),
  WEBHOOK_LOCK_TIMEOUT_MS: int(0, 60_000).default(500),
  WEBHOOK_CONNECT_TIMEOUT_MS: int(100, 60_000).default(1_000),
  /**
   * Every webhook answer leaves within this time (Zalo wants one within 2 s): an event PostgreSQL has not
   * taken by two thirds of it goes to the Redis spool; 503 only when neither took it.
   */
  WEBHOOK_DEADLINE_MS: int(100, 10_000).default(1_500),
  /** At most this many events wait in the Redis spool (never trimmed; beyond it the webhook answers 503). */
  WEBHOOK_SPOOL_MAX_EVENTS: int(1, 100_000_000).default(1_000_000),
  /** How often the webhook reloads every commune's signing keys (a new commune is served from then on). */
  COMMUNE_KEYS_REFRESH_SECONDS: int(1, 3600).default(30),
  /** A job whose resident another job holds comes back after this (plus jitter), without spending an attempt. */
  INBOUND_BUSY_RETRY_MS: int(10, 60_000).default(250),
  /** BullMQ job lock and stalled check: a killed worker's jobs run again within lock + 2 × interval. */
  JOB_LOCK_DURATION_MS: int(1_000, 600_000).default(10_000),
  JOB_STALLED_INTERVAL_MS: int(100, 600_000).default(5_000),

  // ── Reports and digests (issue 10); periods are on TZ's calendar ──
  /** Signs the expiring links to report pages, charts and PDFs that digests carry (HMAC-SHA256). */
  REPORT_LINK_SECRET: z.string().min(32, 'must be at least 32 characters'),
  REPORT_LINK_TTL_HOURS: int(1, 24 * 90).default(7 * 24),
  /** Cron patterns (BullMQ job schedulers, in TZ): yesterday's report, last week's (Monday to Sunday). */
  REPORT_DAILY_CRON: cron.default('0 7 * * *'),
  REPORT_WEEKLY_CRON: cron.default('0 7 * * 1'),
  /** Below this many scores, satisfaction shows "not enough responses" instead of an average. */
  REPORT_MIN_RESPONSES: int(1, 10_000).default(5),
  /** A residential group with no report for this many days is listed as not being heard. */
  REPORT_SILENT_DAYS: int(1, 365).default(30),
  REPORT_TREND_WEEKS: int(2, 52).default(12),
  /** Chromium prints the report page to PDF (playwright-core drives it; nothing is downloaded). */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),

  // ── Media store: our copy of everything residents and officers send (issue 11) ──
  /** `local`: a directory (one machine); `s3`: an S3-compatible bucket (several machines share it). */
  MEDIA_STORE: z.enum(['local', 's3']).default('local'),
  MEDIA_DIR: z.string().min(1).default('./data/media'),
  /** Unset for AWS itself; the URL of MinIO, Ceph, R2… otherwise. */
  S3_ENDPOINT: url.optional(),
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'an S3 bucket name: 3 to 63 lower-case letters, digits, dots, dashes',
    )
    .optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Both or neither: without them the SDK's default chain applies (an instance or task role). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** `bucket` in the path instead of the host name: most S3-compatible servers want this. */
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Larger media are not copied (the row says `too_large`); Zalo lets residents send files up to ~25 MB. */
  MEDIA_MAX_BYTES: int(1024, 1024 ** 3).default(25 * 1024 * 1024),
  /**
   * Hosts media are fetched from, over https only: each entry matches itself and its subdomains. Zalo's CDN
   * links are on zadn.vn / zdn.vn (docs/zalo.md §6); nothing else is ever fetched (no SSRF to internal hosts).
   */
  MEDIA_SOURCE_HOSTS: list(z.string().regex(/^[a-z0-9.-]+$/, 'host names only')).default([
    'zadn.vn',
    'zdn.vn',
    'zalo.me',
    'zaloapp.com',
  ]),
  /** Exact origins allowed besides (http allowed): the fake Zalo's in tests; the simulator adds its own. */
  MEDIA_SOURCE_ORIGINS: list(url).default([]),
  MEDIA_FETCH_TIMEOUT_MS: int(100, 600_000).default(30_000),
  MEDIA_COPY_CONCURRENCY: int(1, 100).default(2),
  /** Signs the expiring /media links staff and the case record use (HMAC-SHA256). */
  MEDIA_URL_SECRET: z.string().min(32, 'must be at least 32 characters'),
  MEDIA_URL_TTL_SECONDS: int(60, 90 * 86_400).default(7 * 86_400),

  // ── Clocks, reminders and the people's score (issue 10); the periods themselves are per-commune settings ──
  /** How often the repeatable job looks for reminders, escalations and unscored closures that are due. */
  CLOCK_SCAN_INTERVAL_SECONDS: int(1, 86_400).default(300),

  // ── Operations: metrics and readiness (issue 13) ──
  /**
   * The internal listener of every role: /metrics, /healthz, /readyz (a worker's only listener). Keep it off
   * the load balancer; 0 picks a free port.
   */
  METRICS_PORT: int(0, 65535).default(9464),
  /** /readyz reports degraded once the oldest pending inbox event or outbox message has waited longer. */
  READY_MAX_PENDING_AGE_SECONDS: int(1, 86_400).default(60),
  // ── Public results page and Open311 (issue 12) ──
  /** How long the figures at a glance are kept per commune and filter (they scan every case); 0 = always fresh. */
  PUBLIC_FIGURES_TTL_SECONDS: int(0, 3600).default(60),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (process.env by default); throws ConfigError listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const config = result.data;
  if (config.ZALO_MODE === 'simulator' && config.NODE_ENV === 'production') {
    throw new ConfigError(['ZALO_MODE: the simulator is never served with NODE_ENV=production']);
  }
  const problems: string[] = [];
  if (config.MEDIA_STORE === 's3' && config.S3_BUCKET === undefined)
    problems.push('S3_BUCKET: required with MEDIA_STORE=s3');
  if ((config.S3_ACCESS_KEY_ID === undefined) !== (config.S3_SECRET_ACCESS_KEY === undefined)) {
    problems.push('S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both or neither');
  }
  if (config.SECRETS_KEY === undefined && config.NODE_ENV === 'production') {
    problems.push('SECRETS_KEY: required in production (it seals the Zalo tokens and secrets at rest)');
  }
  if (config.ROLE !== 'worker' && config.METRICS_PORT !== 0 && config.METRICS_PORT === config.PORT) {
    problems.push('METRICS_PORT: must differ from PORT (the internal listener is a second one)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Loads `.env` from the working directory when present (variables already set win). Without one, outside
 * production, `.env.example` is loaded instead: it describes a simulator-mode commune with fake secrets, so
 * `npm ci && npm run build && npm run seed && npm start` works on a fresh machine. Returns the file used, if any.
 */
export function loadEnvFile(env: Record<string, string | undefined> = process.env): string | null {
  const candidates = env.NODE_ENV === 'production' ? ['.env'] : ['.env', '.env.example'];
  for (const file of candidates) {
    if (fs.existsSync(file)) {
      process.loadEnvFile(file);
      return file;
    }
  }
  return null;
}
