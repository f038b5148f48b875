-- Notifications per tenant (issue 15 item 3, decision 020). Channels and policies belong to one
-- tenant; what existed before belongs to 'default' (ADD COLUMN with a constant default rewrites no
-- table). Names are unique per (tenant, name): two tenants may both have a channel 'ops'. A policy's
-- threads and a channel's notifications belong to the tenant of their policy and channel. The
-- outbox needs no column: its row points at an event, which has its tenant (V11).

ALTER TABLE notification_channels ADD COLUMN tenant text NOT NULL DEFAULT 'default';
ALTER TABLE notification_channels DROP CONSTRAINT notification_channels_name_key;
ALTER TABLE notification_channels ADD CONSTRAINT notification_channels_tenant_name_key
    UNIQUE (tenant, name);

ALTER TABLE notification_policies ADD COLUMN tenant text NOT NULL DEFAULT 'default';
ALTER TABLE notification_policies DROP CONSTRAINT notification_policies_name_key;
ALTER TABLE notification_policies ADD CONSTRAINT notification_policies_tenant_name_key
    UNIQUE (tenant, name);
