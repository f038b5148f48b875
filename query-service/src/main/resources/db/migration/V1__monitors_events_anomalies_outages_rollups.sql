-- Sentinel query-service schema. Plain PostgreSQL 13+ (no extensions).

CREATE TABLE monitors (
    id              bigserial PRIMARY KEY,
    name            text        NOT NULL UNIQUE,
    status          text        NOT NULL DEFAULT 'up',
    first_seen      timestamptz NOT NULL,
    last_updated    timestamptz NOT NULL,
    status_since    timestamptz NOT NULL,
    open_anomalies  integer     NOT NULL DEFAULT 0,
    open_outages    integer     NOT NULL DEFAULT 0,
    anomaly_count   bigint      NOT NULL DEFAULT 0,
    outage_count    bigint      NOT NULL DEFAULT 0,
    CONSTRAINT monitors_status_check
        CHECK (status IN ('up', 'trouble', 'critical', 'errors', 'down', 'maintenance'))
);
CREATE INDEX monitors_status_idx ON monitors (status);

-- The event log: every event consumed from sentinel.events plus the status changes this service
-- derives. seq is the SSE id; event_id makes consumption idempotent.
CREATE TABLE events (
    seq             bigserial PRIMARY KEY,
    event_id        text        NOT NULL UNIQUE,
    type            text        NOT NULL,
    monitor         text        NOT NULL,
    metric          text,
    series          text,
    time            timestamptz NOT NULL,
    score           double precision,
    severity        text,
    value           double precision,
    expected_low    double precision,
    expected_high   double precision,
    message         text,
    ref             text,
    status          text,
    previous_status text,
    received_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_time_idx ON events (time);
CREATE INDEX events_monitor_seq_idx ON events (monitor, seq);

-- Committed rows wake up the SSE feed of every replica. NOTIFY is transactional: it is delivered
-- when (and only if) the inserting transaction commits.
CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sentinel_events', NEW.seq::text);
    RETURN NULL;
END;
$$;
CREATE TRIGGER events_notify AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION events_notify();

CREATE TABLE anomalies (
    id              text PRIMARY KEY,
    monitor_id      bigint      NOT NULL REFERENCES monitors (id),
    monitor         text        NOT NULL,
    metric          text,
    series          text,
    started_at      timestamptz NOT NULL,
    ended_at        timestamptz,
    score           double precision,
    severity        text,
    value           double precision,
    expected_low    double precision,
    expected_high   double precision,
    message         text
);
CREATE INDEX anomalies_started_idx ON anomalies (started_at DESC);
CREATE INDEX anomalies_monitor_idx ON anomalies (monitor_id, started_at DESC);
CREATE INDEX anomalies_open_idx ON anomalies (monitor_id) WHERE ended_at IS NULL;

CREATE TABLE outages (
    id              text PRIMARY KEY,
    monitor_id      bigint      NOT NULL REFERENCES monitors (id),
    monitor         text        NOT NULL,
    started_at      timestamptz NOT NULL,
    ended_at        timestamptz,
    cause           text
);
CREATE INDEX outages_started_idx ON outages (started_at DESC);
CREATE INDEX outages_monitor_idx ON outages (monitor_id, started_at DESC);
CREATE INDEX outages_open_idx ON outages (monitor_id) WHERE ended_at IS NULL;

CREATE TABLE rollups (
    series          text        NOT NULL,
    monitor         text        NOT NULL,
    metric          text        NOT NULL,
    labels          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    minute          timestamptz NOT NULL,
    count           bigint      NOT NULL,
    min             double precision NOT NULL,
    max             double precision NOT NULL,
    mean            double precision NOT NULL,
    last            double precision NOT NULL,
    last_timestamp  timestamptz NOT NULL,
    expected_low    double precision,
    expected_high   double precision,
    max_score       double precision NOT NULL,
    PRIMARY KEY (series, minute)
);
CREATE INDEX rollups_minute_idx ON rollups (minute);
CREATE INDEX rollups_monitor_minute_idx ON rollups (monitor, minute);
