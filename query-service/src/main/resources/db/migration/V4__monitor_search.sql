-- Keyword search over monitors (GET /api/monitors?q=) reads one column: the lower-cased name and
-- tags joined by a unit separator, kept by PostgreSQL itself (a stored generated column, 12+).
-- array_to_string is only STABLE in general (any element type); for text[] it is immutable, which
-- a generated column needs, hence the wrapper.
CREATE FUNCTION sentinel_monitor_search(name text, tags text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower(name || chr(31) || array_to_string(tags, chr(31))) $$;

ALTER TABLE monitors
    ADD COLUMN search text GENERATED ALWAYS AS (sentinel_monitor_search(name, tags)) STORED;

-- A substring search (LIKE '%q%') can use a trigram index. pg_trgm ships with PostgreSQL (contrib)
-- and managed services allow it, but creating an extension may need a privilege this role lacks:
-- then the search scans the monitors, which stays a few milliseconds for tens of thousands.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm not available (%), monitor search scans', SQLERRM;
END;
$$;

DO $$
DECLARE
    ns text;
BEGIN
    SELECT n.nspname INTO ns
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_trgm';
    IF ns IS NOT NULL THEN
        EXECUTE format('CREATE INDEX monitors_search_trgm_idx ON monitors USING gin (search %I.gin_trgm_ops)', ns);
    END IF;
END;
$$;
