-- Issue 16: email over SMTP as a contact point. The channel's SMTP settings (host, port, tls,
-- username, from, to) live in settings; the SMTP password in secret, write-only as every secret.
ALTER TABLE notification_channels DROP CONSTRAINT notification_channels_type_check;
ALTER TABLE notification_channels ADD CONSTRAINT notification_channels_type_check CHECK (type IN
    ('webhook', 'slack', 'teams', 'pagerduty', 'opsgenie', 'alertmanager', 'email', 'log'));
