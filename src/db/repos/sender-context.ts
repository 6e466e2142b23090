import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import {
  areas,
  caseSubscribers,
  cases,
  categories,
  communes,
  consents,
  conversations,
  residents,
  scoreRequests,
  staff,
  type Commune,
  type Resident,
  type Staff,
} from '../schema';
import { preparedStatements } from '../prepared';
import { PERSONAL_DATA_PURPOSE } from './conversations';

/** An entry of a commune's menus (categories, residential groups), in menu order. */
export interface MenuEntry {
  id: number;
  code: string;
  name: string;
}

/** Everything the inbound worker needs to know about the sender of an event, read in one round trip. */
export interface SenderContext {
  commune: Commune;
  resident: Resident;
  /** The sender's active staff record, when the Zalo account is linked to one. */
  staff: Staff | null;
  /** The stored conversation state (owned by the domain machine) and its version. */
  conversation: { state: unknown; version: number } | null;
  /** The resident's latest personal-data consent decision. */
  consent: { version: number; granted: boolean } | null;
  /**
   * The resident's case filed, worked on or resolved lately (updated since `followUpSince`): what their free
   * words may be about ("vẫn chưa sửa" after a result is exactly that), so the conversation asks.
   */
  followUp: { id: number; code: string } | null;
  categories: MenuEntry[];
  areas: MenuEntry[];
  /**
   * Whether the resident was ever asked for a score (score_requests): without one no message of theirs can be
   * an answer or a comment, and the score look-ups (app/cases/score.ts) are skipped.
   */
  askedForScore: boolean;
}

export interface Interaction {
  at: Date;
  /** true on follow, false on unfollow, undefined when the event says nothing about it. */
  follower?: boolean;
  /** Whether the event opens the messaging window (docs/zalo.md §4). */
  counts: boolean;
}

/** A case just filed counts too: the resident's next words may be about it, so they are asked (issue 11). */
const FOLLOW_UP_STATUSES = ['received', 'verified', 'classified', 'assigned', 'in_progress', 'reopened', 'resolved'] as const;

/**
 * Records that a user interacted with the OA (creating the resident on first contact) and reads, in the
 * same statement, the commune, the sender's staff record, conversation state, latest consent, the case
 * being worked on, the commune's menus and whether a score was ever asked of them. On a 2-core machine one PostgreSQL round trip costs about
 * 0.4 ms of CPU between the two processes, so this replaces eight statements per resident message.
 * The caller holds the per-user advisory lock; the conversation row is saved with a version check.
 */
export async function touchSender(
  db: DbOrTx,
  communeId: number,
  zaloUserId: string,
  interaction: Interaction,
  followUpSince: Date,
): Promise<SenderContext | null> {
  const [row] = await statements(db).touch.execute({
    communeId,
    zaloUserId,
    follower: interaction.follower ?? null,
    counts: interaction.counts,
    at: interaction.at,
    followUpSince,
  });
  if (!row) return null;
  return {
    commune: row.commune,
    resident: row.resident,
    staff: row.staff,
    conversation: row.conversation,
    consent: row.consent ? { version: row.consent.version, granted: row.consent.decision === 'granted' } : null,
    followUp: row.followUp,
    categories: row.categories,
    areas: row.areas,
    askedForScore: row.askedForScore,
  };
}

const statements = preparedStatements((db) => ({ touch: buildTouch(db).prepare('sender_touch') }));

function buildTouch(db: DbOrTx) {
  const communeId = sql.placeholder('communeId');
  const counts = sql`${sql.placeholder('counts')}::boolean`;
  const touched = db.$with('touched').as(
    db
      .insert(residents)
      .values({
        communeId: sql`${communeId}::int`,
        zaloUserId: sql`${sql.placeholder('zaloUserId')}::text`,
        isFollower: sql`coalesce(${sql.placeholder('follower')}::boolean, false)`,
        lastInteractionAt: sql`(case when ${counts} then ${sql.placeholder('at')}::timestamptz end)`,
      })
      .onConflictDoUpdate({
        target: [residents.communeId, residents.zaloUserId],
        set: {
          // Always sets something, so the row is returned (and locked) even when nothing changes.
          isFollower: sql`coalesce(${sql.placeholder('follower')}::boolean, ${residents.isFollower})`,
          lastInteractionAt: sql`(case when ${counts} then greatest(${residents.lastInteractionAt}, excluded.last_interaction_at) else ${residents.lastInteractionAt} end)`,
        },
      })
      .returning(),
  );
  const latestConsent = db
    .select({ version: consents.noticeVersion, decision: consents.decision })
    .from(consents)
    .where(and(eq(consents.residentId, touched.id), eq(consents.purpose, PERSONAL_DATA_PURPOSE)))
    .orderBy(desc(consents.id))
    .limit(1)
    .as('latest_consent');
  const followUp = db
    .select({ id: cases.id, code: cases.code })
    .from(caseSubscribers)
    .innerJoin(cases, eq(cases.id, caseSubscribers.caseId))
    .where(
      and(
        eq(caseSubscribers.residentId, touched.id),
        inArray(cases.status, [...FOLLOW_UP_STATUSES]),
        gt(cases.updatedAt, sql`${sql.placeholder('followUpSince')}::timestamptz`),
      ),
    )
    .orderBy(desc(cases.updatedAt))
    .limit(1)
    .as('follow_up');

  return db
    .with(touched)
    .select({
      resident: {
        id: touched.id,
        communeId: touched.communeId,
        zaloUserId: touched.zaloUserId,
        isFollower: touched.isFollower,
        phone: touched.phone,
        locale: touched.locale,
        lastInteractionAt: touched.lastInteractionAt,
        createdAt: touched.createdAt,
      },
      commune: communes,
      staff,
      conversation: { state: conversations.state, version: conversations.version },
      consent: { version: latestConsent.version, decision: latestConsent.decision },
      followUp: { id: followUp.id, code: followUp.code },
      categories: menuOf(categories),
      areas: menuOf(areas),
      askedForScore: sql<boolean>`exists (select 1 from ${scoreRequests} s where s.resident_id = touched.id)`.mapWith(Boolean),
    })
    .from(touched)
    .innerJoin(communes, eq(communes.id, touched.communeId))
    .leftJoin(staff, and(eq(staff.communeId, touched.communeId), eq(staff.zaloUserId, touched.zaloUserId), eq(staff.active, true)))
    .leftJoin(
      conversations,
      and(eq(conversations.communeId, touched.communeId), eq(conversations.zaloUserId, touched.zaloUserId)),
    )
    .leftJoinLateral(latestConsent, sql`true`)
    .leftJoinLateral(followUp, sql`true`);
}

/** The commune's active entries of a menu table as a JSON array, in menu order. */
function menuOf(table: typeof categories | typeof areas) {
  return sql<MenuEntry[]>`(
    select coalesce(json_agg(json_build_object('id', m.id, 'code', m.code, 'name', m.name) order by m.sort_order, m.id), '[]'::json)
    from ${table} m where m.commune_id = touched.commune_id and m.active
  )`.mapWith((value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as MenuEntry[]) : (value as MenuEntry[])));
}
