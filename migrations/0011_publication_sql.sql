-- Issue 12: indexes the public list and its figures read, and what existing rows already published.
--
-- The public list (and Open311 requests) reads only listed cases (domain/public/publication.ts isListed), newest
-- first; the included columns let its filters and its count run on the index alone.
CREATE INDEX "cases_public_list_idx" ON "cases" USING btree ("commune_id", "created_at" DESC, "id" DESC)
  INCLUDE ("category_id", "area_id", "status")
  WHERE "case_type" IN ('feedback', 'procedure') AND "public_hidden_at" IS NULL AND "status" <> 'merged';
--> statement-breakpoint
-- The figures at a glance count every case of the commune (listed or not) by the same filters.
CREATE INDEX "cases_public_figures_idx" ON "cases" USING btree ("commune_id", "created_at")
  INCLUDE ("category_id", "area_id", "status", "first_response_at", "resolved_at", "due_at", "score");
--> statement-breakpoint
-- The first update each reporter was sent is the case's first answer.
UPDATE "cases" c SET "first_response_at" = e.first_at
  FROM (SELECT "case_id", min("created_at") AS first_at FROM "case_events" WHERE "action" = 'publish' GROUP BY "case_id") e
  WHERE e."case_id" = c."id" AND c."first_response_at" IS NULL;
--> statement-breakpoint
-- Results recorded before publication existed were published at once (the default).
UPDATE "cases" SET "published_at" = "resolved_at" WHERE "resolved_at" IS NOT NULL AND "published_at" IS NULL;
