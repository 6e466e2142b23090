import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { caseEvents, cases } from './cases';
import { communes } from './communes';

/**
 * Open311 GeoReport v2 clients (issue 12): systems such as a FixMyStreet instance that file and follow cases
 * through `/open311/v2/`. Each has its own API key, shown once at creation; only its SHA-256 is kept (keys are
 * 32 random bytes, so a fast hash is enough). Their users agreed to the client's terms: that is the consent a
 * case filed through them records.
 */
export const open311Clients = pgTable(
  'open311_clients',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    /** The key's first characters, so an operator can tell keys apart without the key. */
    keyHint: text('key_hint').notNull(),
    /** Where the client's users read the terms they agreed to (recorded with each case it files). */
    termsUrl: text('terms_url'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('open311_clients_key_uq').on(t.keyHash)],
);

/** What each client filed: the `token` of POST requests and tokens/{token}, and the source of the case. */
export const open311Requests = pgTable(
  'open311_requests',
  {
    token: text('token').primaryKey(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    clientId: integer('client_id')
      .notNull()
      .references(() => open311Clients.id),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('open311_requests_case_uq').on(t.caseId)],
);

/**
 * Updates a client posted (mySociety's servicerequestupdates): one per (client, its update_id), so a client
 * that retries after a lost answer gets the same update back instead of a second event.
 */
export const open311Updates = pgTable(
  'open311_updates',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    clientId: integer('client_id')
      .notNull()
      .references(() => open311Clients.id),
    externalUpdateId: text('external_update_id').notNull(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    caseEventId: bigint('case_event_id', { mode: 'number' })
      .notNull()
      .references(() => caseEvents.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('open311_updates_client_update_uq').on(t.clientId, t.externalUpdateId),
    index('open311_updates_case_idx').on(t.caseId),
  ],
);

export type Open311Client = typeof open311Clients.$inferSelect;
