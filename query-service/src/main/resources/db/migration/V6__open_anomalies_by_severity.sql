-- Open anomalies of one severity, newest first (the dashboard's "open critical"): without this
-- index the list and its capped count visit every open anomaly's row to read its severity, about
-- 15 ms at 9,000 open anomalies; with it, under a millisecond. Partial: a row leaves it when its
-- anomaly is resolved, and anomalies resolved in the batch that opened them never enter it.
CREATE INDEX anomalies_open_severity_idx ON anomalies (severity, started_at DESC) WHERE ended_at IS NULL;
