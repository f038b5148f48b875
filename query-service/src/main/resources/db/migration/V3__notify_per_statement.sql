-- The consumer appends a whole batch of events per statement. One notification per statement
-- (carrying the highest seq it inserted) instead of one per row: the live feed reads every row
-- after its cursor anyway, and PostgreSQL delivers the notification when the transaction commits.
DROP TRIGGER events_notify ON events;
DROP FUNCTION events_notify();

CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sentinel_events', m::text) FROM (SELECT max(seq) AS m FROM inserted) AS x
     WHERE m IS NOT NULL;
    RETURN NULL;
END;
$$;
CREATE TRIGGER events_notify AFTER INSERT ON events
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION events_notify();
