-- Tenants end to end (issue 15 item 3, decision 015). Every row of monitor data belongs to the
-- tenant of the agent token that sent it; what existed before belongs to 'default' (ADD COLUMN with
-- a constant default rewrites no table). A monitor is unique per (tenant, name). Tenant ids are not
-- a foreign key to tenants: an agent token may name a tenant no user was put in yet, and its data
-- must still be kept.

ALTER TABLE monitors ADD COLUMN tenant text NOT NULL DEFAULT 'default';
ALTER TABLE monitors DROP CONSTRAINT monitors_name_key;
ALTER TABLE monitors ADD CONSTRAINT monitors_tenant_name_key UNIQUE (tenant, name);
CREATE INDEX monitors_tenant_last_updated_idx ON monitors (tenant, last_updated DESC, id);
CREATE INDEX monitors_tenant_status_idx ON monitors (tenant, status);

ALTER TABLE events ADD COLUMN tenant text NOT NULL DEFAULT 'default';
CREATE INDEX events_tenant_seq_idx ON events (tenant, seq);
DROP INDEX events_monitor_seq_idx;
CREATE INDEX events_tenant_monitor_seq_idx ON events (tenant, monitor, seq);

ALTER TABLE anomalies ADD COLUMN tenant text NOT NULL DEFAULT 'default';
CREATE INDEX anomalies_tenant_started_idx ON anomalies (tenant, started_at DESC);

ALTER TABLE outages ADD COLUMN tenant text NOT NULL DEFAULT 'default';
CREATE INDEX outages_tenant_started_idx ON outages (tenant, started_at DESC);

-- series ids already carry the tenant (label tenant=...), so rollups stay keyed by series
ALTER TABLE series ADD COLUMN tenant text NOT NULL DEFAULT 'default';
CREATE INDEX series_tenant_idx ON series (tenant, monitor_id);
ALTER TABLE rollups ADD COLUMN tenant text NOT NULL DEFAULT 'default';
DROP INDEX rollups_monitor_minute_idx;
CREATE INDEX rollups_tenant_monitor_minute_idx ON rollups (tenant, monitor, minute);

-- a window silences monitors of one tenant, the tenant of whoever created it
ALTER TABLE maintenance_windows ADD COLUMN tenant text NOT NULL DEFAULT 'default';
CREATE INDEX maintenance_windows_tenant_idx ON maintenance_windows (tenant, starts_at)
    WHERE cancelled_at IS NULL;
