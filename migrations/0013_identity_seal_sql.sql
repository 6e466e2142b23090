-- Sealed once, sealed for good (domain/staff/permissions.ts isIdentitySealed): a case that ever was a denunciation
-- or a crime tip keeps its reporter sealed whatever its type later.
--
-- Backfill from the register: the type at filing (`receive`), every retype (its new and previous type) and every
-- classify that set a type (its new and previous type). Idempotent.
UPDATE "cases" c SET "identity_sealed" = true
WHERE NOT c."identity_sealed"
  AND (
    c."case_type" IN ('denunciation', 'crime_tip')
    OR EXISTS (
      SELECT 1 FROM "case_events" e
      WHERE e."case_id" = c."id"
        AND e."action" IN ('receive', 'retype', 'classify')
        AND (
          e."data"->>'caseType' IN ('denunciation', 'crime_tip')
          OR e."data"->>'previous' IN ('denunciation', 'crime_tip')
          OR e."data"#>>'{previous,caseType}' IN ('denunciation', 'crime_tip')
        )
    )
  );
--> statement-breakpoint
-- The workflow only ever sets the seal; this keeps any other writer (a script, a later bug) from clearing it.
CREATE FUNCTION cases_identity_seal_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."identity_sealed" := OLD."identity_sealed" OR NEW."identity_sealed";
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cases_identity_seal_kept
  BEFORE UPDATE OF "identity_sealed" ON "cases"
  FOR EACH ROW WHEN (OLD."identity_sealed") EXECUTE FUNCTION cases_identity_seal_kept();
