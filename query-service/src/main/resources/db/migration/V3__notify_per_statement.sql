-- The consumer appends a whole batch of events per statement. One notification per statement
-- instead of one per row, and no payload: the live feed reads every row after its cursor anyway.
-- Identical notifications of one transaction are folded into one by PostgreSQL, which delivers it
-- when (and only if) the transaction commits. A statement that inserted nothing (a redelivered
-- batch) wakes the feed for a read that finds nothing, which is harmless.
DROP TRIGGER events_notify ON events;
DROP FUNCTION events_notify();

CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sentinel_events', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER events_notify AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_notify();
