-- The inbox search: a trigram index over cases.search_text, so ILIKE '%term%' (substring match,
-- Chinese names and phone suffixes included) is answered from the index for terms of three
-- characters or more. pg_trgm ships with PostgreSQL (contrib) and is a trusted extension; where
-- it cannot be created the search still works, by scanning, and the server says so in its log.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX IF NOT EXISTS cases_search_idx ON cases USING gin (search_text gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
  RAISE WARNING 'cases_search_idx not created (%): inbox searches scan the cases', SQLERRM;
END
$$;
