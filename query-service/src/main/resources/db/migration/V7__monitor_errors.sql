-- Errors status: the open errors episode of a monitor (its data keeps being rejected by ingest),
-- opened by an errors_started event and closed by the errors_resolved event that names it.
ALTER TABLE monitors ADD COLUMN errors_id text;
ALTER TABLE monitors ADD COLUMN errors_since timestamptz;
ALTER TABLE monitors ADD COLUMN errors_message text;
