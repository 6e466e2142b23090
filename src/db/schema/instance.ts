import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row, written by the first start against this database (not by a migration, so that databases cloned
 * from a migrated template still differ): with the database's oid it names the instance in every jobId
 * (jobs/queues.ts jobIdsFor).
 */
export const deploymentInstance = pgTable(
  'deployment_instance',
  {
    id: integer('id').primaryKey().default(1),
    token: text('token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('deployment_instance_single_row', sql`${t.id} = 1`)],
);
