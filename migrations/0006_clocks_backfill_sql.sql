-- Custom SQL migration file, put your code below! --
-- Cases that were already running when clocks arrived (issue 10) get their resolution clock from cases.due_at,
-- so the reminder job sees them. The other clocks count working days from the filing with the commune's
-- holidays (domain/case/clocks.ts), which SQL cannot compute; those cases were filed before the law's clocks
-- existed and keep only their resolution deadline. Idempotent: a case that already has the clock is left alone.
INSERT INTO "case_clocks" ("commune_id", "case_id", "kind", "basis", "days", "started_at", "due_at", "updated_at")
SELECT c."commune_id", c."id", 'resolution', 'working', NULL, c."updated_at", c."due_at", now()
FROM "cases" c
WHERE c."due_at" IS NOT NULL
  AND c."status" IN ('assigned', 'in_progress', 'reopened')
ON CONFLICT ("case_id", "kind") DO NOTHING;
