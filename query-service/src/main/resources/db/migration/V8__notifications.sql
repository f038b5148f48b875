-- Issue 16: notifications. Contact points (channels), policies that route events to them, an
-- outbox written in the transaction that materializes the event, notification threads (grouping,
-- repeats, flap damping), one row per notification to send (the delivery, with its idempotency
-- key) and one row per attempt (the delivery log). Plain PostgreSQL 13+.

CREATE TABLE notification_channels (
    id               bigserial PRIMARY KEY,
    name             text        NOT NULL UNIQUE,
    type             text        NOT NULL,
    -- what is not secret (recipients, Opsgenie region, Alertmanager labels...)
    settings         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- URL, routing key, API key, signing key or SMTP password: written by the API, never returned
    secret           text,
    rate_per_minute  integer     NOT NULL DEFAULT 60 CHECK (rate_per_minute > 0),
    enabled          boolean     NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT notification_channels_type_check CHECK (type IN
        ('webhook', 'slack', 'teams', 'pagerduty', 'opsgenie', 'alertmanager', 'log'))
);

CREATE TABLE notification_policies (
    id                      bigserial PRIMARY KEY,
    name                    text        NOT NULL UNIQUE,
    channel_ids             bigint[]    NOT NULL,
    -- matchers; NULL matches everything
    severities              text[],
    statuses                text[],
    monitor_pattern         text,
    tags                    text[],
    metrics                 text[],
    -- grouping: 'monitor' or 'tag:<key>'
    group_by                text        NOT NULL DEFAULT 'monitor',
    group_wait_seconds      integer     NOT NULL DEFAULT 0 CHECK (group_wait_seconds >= 0),
    group_interval_seconds  integer     NOT NULL DEFAULT 300 CHECK (group_interval_seconds >= 0),
    repeat_interval_seconds integer     NOT NULL DEFAULT 14400 CHECK (repeat_interval_seconds > 0),
    -- a recovered thread waits this long before it is resolved; a relapse within it is a flap
    resolve_hold_seconds    integer     NOT NULL DEFAULT 120 CHECK (resolve_hold_seconds >= 0),
    send_resolved           boolean     NOT NULL DEFAULT true,
    enabled                 boolean     NOT NULL DEFAULT true,
    created_at              timestamptz NOT NULL DEFAULT now()
);

-- Written in the transaction that materializes the event (EventBatchProcessor), read and deleted
-- by the router.
CREATE TABLE notification_outbox (
    id         bigserial PRIMARY KEY,
    event_seq  bigint      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One notification thread per policy and group: opened by the first firing event, kept open
-- through relapses (flaps), repeated while open, resolved once.
CREATE TABLE notification_threads (
    id             bigserial PRIMARY KEY,
    policy_id      bigint      NOT NULL REFERENCES notification_policies (id) ON DELETE CASCADE,
    group_key      text        NOT NULL,
    state          text        NOT NULL CHECK (state IN ('open', 'resolving', 'resolved')),
    generation     integer     NOT NULL DEFAULT 1,
    monitors       text[]      NOT NULL DEFAULT '{}',
    alert          jsonb       NOT NULL,
    opened_at      timestamptz NOT NULL,
    notified_at    timestamptz,
    pending_update boolean     NOT NULL DEFAULT false,
    next_repeat_at timestamptz,
    resolve_at     timestamptz,
    resolved_at    timestamptz,
    repeats        integer     NOT NULL DEFAULT 0,
    flaps          integer     NOT NULL DEFAULT 0,
    UNIQUE (policy_id, group_key)
);
CREATE INDEX notification_threads_live_idx ON notification_threads (state) WHERE state <> 'resolved';

-- One notification to one channel. The idempotency key (event or thread step, and channel) is
-- unique: routing the same event twice cannot queue it twice, and it is sent as a header / dedup key
-- so a receiver can drop the second copy of a send retried after a replica died mid-send.
CREATE TABLE notifications (
    id               bigserial PRIMARY KEY,
    idempotency_key  text        NOT NULL UNIQUE,
    channel_id       bigint      NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
    policy_id        bigint,
    thread_id        bigint,
    event_seq        bigint,
    monitor          text        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('firing', 'resolved', 'repeat', 'test')),
    alert            jsonb       NOT NULL,
    status           text        NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'suppressed')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_until      timestamptz,
    leased_by        text,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz
);
CREATE INDEX notifications_due_idx ON notifications (next_attempt_at, id)
    WHERE status IN ('pending', 'sending');
CREATE INDEX notifications_created_idx ON notifications (created_at DESC, id DESC);
CREATE INDEX notifications_channel_idx ON notifications (channel_id, id DESC);

CREATE TABLE notification_attempts (
    notification_id bigint      NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    attempt         integer     NOT NULL,
    channel_id      bigint      NOT NULL,
    at              timestamptz NOT NULL DEFAULT now(),
    status_code     integer,
    error           text,
    duration_ms     integer     NOT NULL,
    replica         text,
    PRIMARY KEY (notification_id, attempt)
);
-- the per-channel rate limit counts the attempts of the last minute
CREATE INDEX notification_attempts_channel_at_idx ON notification_attempts (channel_id, at);
