-- Issue 11: an area's code is the code printed on its residential group's poster, as residents type it
-- ("tk-6" becomes "TK6"). Codes are rewritten only where the new form is free in the commune, so the unique
-- index (commune_id, code) holds; the conversation matches both forms anyway.
UPDATE "areas" AS a
SET "code" = upper(regexp_replace(a."code", '[^A-Za-z0-9]', '', 'g'))
WHERE a."code" <> upper(regexp_replace(a."code", '[^A-Za-z0-9]', '', 'g'))
  AND length(regexp_replace(a."code", '[^A-Za-z0-9]', '', 'g')) >= 2
  AND NOT EXISTS (
    SELECT 1 FROM "areas" AS b
    WHERE b."commune_id" = a."commune_id"
      AND b."id" <> a."id"
      AND upper(regexp_replace(b."code", '[^A-Za-z0-9]', '', 'g')) = upper(regexp_replace(a."code", '[^A-Za-z0-9]', '', 'g'))
  );
