import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A commune is a tenant: it owns one Zalo OA and every other row belongs to exactly one commune. One Zalo
 * app may serve many OAs (docs/zalo.md §1.1), so app credentials live here too, not only in the environment.
 */
export const tokenStatuses = ['ok', 'needs_reconsent'] as const;
export type TokenStatus = (typeof tokenStatuses)[number];

export const communes = pgTable('communes', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  caseCodePrefix: text('case_code_prefix').notNull().default('LS'),
  /** Last case number handed out; codes are PREFIX-NNNN, unique per commune. */
  caseSeq: integer('case_seq').notNull().default(0),
  zaloOaId: text('zalo_oa_id').notNull().unique(),
  zaloAppId: text('zalo_app_id').notNull(),
  /** The four secrets are sealed at rest (src/secrets.ts): read them through the SecretBox. */
  zaloAppSecret: text('zalo_app_secret').notNull(),
  zaloOaSecretKey: text('zalo_oa_secret_key').notNull(),
  accessToken: text('access_token').notNull(),
  refreshToken: text('refresh_token').notNull(),
  /** Null when unknown (tokens pasted from the environment): refreshed at the first token error. */
  accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
  tokenRefreshedAt: timestamp('token_refreshed_at', { withTimezone: true }),
  /**
   * `needs_reconsent`: Zalo refused the refresh token (lost after a rotation, or the app was revoked); nothing
   * refreshes until an admin installs a new pair (POST /api/admin/zalo/tokens).
   */
  tokenStatus: text('token_status', { enum: tokenStatuses }).notNull().default('ok'),
  /** Failed refreshes in a row, and when the next one may run (the current token is used meanwhile). */
  tokenRefreshFailures: integer('token_refresh_failures').notNull().default(0),
  tokenRefreshRetryAt: timestamp('token_refresh_retry_at', { withTimezone: true }),
  /** The last refresh failure, kind and Zalo code only. */
  tokenError: text('token_error'),
  settings: jsonb('settings')
    .$type<Record<string, unknown>>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Commune = typeof communes.$inferSelect;
