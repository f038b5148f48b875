/**
 * Maintenance windows: the entity people edit (Panache), its schedule rules, the resource, and the
 * job that opens and closes windows and applies them to monitor statuses.
 */
package io.sentinel.query.maintenance;
