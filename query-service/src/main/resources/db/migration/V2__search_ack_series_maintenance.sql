-- Issue 5: monitor tags and search, acknowledgements, suppressed alerts, a series catalog, maintenance
-- windows, and the indexes the filters and the retention job need. Plain PostgreSQL 13+.

-- Monitors: tags ("key=value" from the labels of their series) and the maintenance flag, which the
-- maintenance job flips and the status rules read.
ALTER TABLE monitors ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
ALTER TABLE monitors ADD COLUMN in_maintenance boolean NOT NULL DEFAULT false;
CREATE INDEX monitors_last_updated_idx ON monitors (last_updated DESC, id);
CREATE INDEX monitors_status_since_idx ON monitors (status_since DESC, id);

-- Anomalies: acknowledgement and suppression (opened while the monitor was in maintenance).
ALTER TABLE anomalies ADD COLUMN acknowledged_at timestamptz;
ALTER TABLE anomalies ADD COLUMN acknowledged_by text;
ALTER TABLE anomalies ADD COLUMN ack_comment text;
ALTER TABLE anomalies ADD COLUMN suppressed boolean NOT NULL DEFAULT false;
CREATE INDEX anomalies_open_started_idx ON anomalies (started_at DESC) WHERE ended_at IS NULL;
CREATE INDEX anomalies_unacked_started_idx ON anomalies (started_at DESC) WHERE acknowledged_at IS NULL;
CREATE INDEX anomalies_ended_idx ON anomalies (ended_at) WHERE ended_at IS NOT NULL;

CREATE INDEX outages_ended_idx ON outages (ended_at) WHERE ended_at IS NOT NULL;

-- Event log: alerts raised inside a maintenance window are marked, not dropped; type filter index.
ALTER TABLE events ADD COLUMN suppressed boolean;
CREATE INDEX events_type_seq_idx ON events (type, seq);

-- One row per series: what a monitor measures (detail page) without scanning its rollups.
CREATE TABLE series (
    series          text PRIMARY KEY,
    monitor_id      bigint      NOT NULL REFERENCES monitors (id),
    monitor         text        NOT NULL,
    metric          text        NOT NULL,
    labels          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    first_minute    timestamptz NOT NULL,
    last_minute     timestamptz NOT NULL,
    last            double precision,
    expected_low    double precision,
    expected_high   double precision,
    max_score       double precision
);
CREATE INDEX series_monitor_idx ON series (monitor_id, metric);

INSERT INTO series (series, monitor_id, monitor, metric, labels, first_minute, last_minute, last,
                    expected_low, expected_high, max_score)
SELECT DISTINCT ON (r.series) r.series, m.id, r.monitor, r.metric, r.labels,
       min(r.minute) OVER (PARTITION BY r.series), r.minute, r.last, r.expected_low,
       r.expected_high, r.max_score
  FROM rollups r JOIN monitors m ON m.name = r.monitor
 ORDER BY r.series, r.minute DESC;

-- Maintenance windows set by SREs. One-off: [starts_at, starts_at + duration). Recurring: every
-- occurrence of rrule (anchored at starts_at in time_zone) or cron, each lasting duration, until
-- "until". The job that flips monitors in and out reads the windows not cancelled.
CREATE TABLE maintenance_windows (
    id               bigserial PRIMARY KEY,
    title            text        NOT NULL,
    monitor_ids      bigint[]    NOT NULL,
    starts_at        timestamptz NOT NULL,
    duration_seconds bigint      NOT NULL CHECK (duration_seconds > 0),
    rrule            text,
    cron             text,
    time_zone        text        NOT NULL DEFAULT 'UTC',
    until            timestamptz,
    created_by       text,
    comment          text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    cancelled_at     timestamptz,
    cancelled_by     text,
    CONSTRAINT maintenance_windows_one_rule CHECK (rrule IS NULL OR cron IS NULL)
);
CREATE INDEX maintenance_windows_live_idx ON maintenance_windows (starts_at) WHERE cancelled_at IS NULL;

CREATE INDEX monitors_tags_idx ON monitors USING gin (tags);

-- Hourly aggregates of the per-minute rollups, kept current by the rollup consumer (recomputed from
-- the hour's minutes on every rollup, so a replaced minute never counts twice). A 30-day chart at
-- 1-hour steps or coarser reads 720 rows per series instead of 43,200.
CREATE TABLE rollups_hourly (
    series          text        NOT NULL,
    hour            timestamptz NOT NULL,
    count           bigint      NOT NULL,
    min             double precision NOT NULL,
    max             double precision NOT NULL,
    sum             double precision NOT NULL,
    last            double precision NOT NULL,
    last_minute     timestamptz NOT NULL,
    expected_low    double precision,
    expected_high   double precision,
    max_score       double precision NOT NULL,
    PRIMARY KEY (series, hour)
);
CREATE INDEX rollups_hourly_hour_idx ON rollups_hourly (hour);

INSERT INTO rollups_hourly (series, hour, count, min, max, sum, last, last_minute, expected_low,
                            expected_high, max_score)
SELECT series, date_trunc('hour', minute), sum(count), min(min), max(max), sum(mean * count),
       (array_agg(last ORDER BY minute DESC))[1], max(minute), min(expected_low),
       max(expected_high), max(max_score)
  FROM rollups
 GROUP BY series, date_trunc('hour', minute);
