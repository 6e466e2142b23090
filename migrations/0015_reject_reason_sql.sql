-- Cases rejected as spam are counted, never listed (domain/public/publication.ts isListed): their text may be
-- abusive. A rejection for any other reason (out of scope, duplicate…) stays listed with its reason.
--
-- Backfill: a rejected case's reason is its `reject` event's (rejected is final: the latest one is the one).
UPDATE "cases" c SET "reject_reason" = e.reason
FROM (
  SELECT DISTINCT ON ("case_id") "case_id", "data"->>'reason' AS reason
  FROM "case_events"
  WHERE "action" = 'reject' AND "data"->>'reason' IN ('spam', 'duplicate', 'out_of_scope', 'other')
  ORDER BY "case_id", "id" DESC
) e
WHERE e."case_id" = c."id" AND c."status" = 'rejected' AND c."reject_reason" IS NULL;
--> statement-breakpoint
-- The public list's partial index takes the listing predicate as it is now (db/repos/public.ts `listed`).
DROP INDEX IF EXISTS "cases_public_list_idx";
--> statement-breakpoint
CREATE INDEX "cases_public_list_idx" ON "cases" USING btree ("commune_id", "created_at" DESC, "id" DESC)
  INCLUDE ("category_id", "area_id", "status")
  WHERE "case_type" IN ('feedback', 'procedure') AND "public_hidden_at" IS NULL AND "status" <> 'merged'
    AND "reject_reason" IS DISTINCT FROM 'spam';
