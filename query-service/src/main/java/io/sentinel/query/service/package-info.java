/**
 * Transactional processing of consumed records ({@link
 * io.sentinel.query.service.EventBatchProcessor} with its pure {@link
 * io.sentinel.query.service.EventBatchPlan}, {@link
 * io.sentinel.query.service.RollupBatchProcessor}), maintenance transitions ({@link
 * io.sentinel.query.service.MaintenanceJob}, {@link
 * io.sentinel.query.service.MaintenanceProcessor}), retention, and the live feed of the event log
 * ({@link io.sentinel.query.service.EventFeed}, {@link io.sentinel.query.service.EventStream}).
 */
package io.sentinel.query.service;
