-- Nearly every anomaly is unacknowledged, so a partial index on the unacknowledged ones was a
-- second copy of anomalies_started_idx that every insert paid for. Lists of unacknowledged
-- anomalies walk anomalies_started_idx and skip the few acknowledged rows; the rare acknowledged
-- ones get the small partial index instead (acknowledged=true, newest first).
DROP INDEX anomalies_unacked_started_idx;
CREATE INDEX anomalies_acked_started_idx ON anomalies (started_at DESC) WHERE acknowledged_at IS NOT NULL;
