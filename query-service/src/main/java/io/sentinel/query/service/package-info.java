/**
 * Transactional processing of consumed records ({@link io.sentinel.query.service.EventProcessor},
 * {@link io.sentinel.query.service.RollupProcessor}) and the live feed of the event log
 * ({@link io.sentinel.query.service.EventFeed}, {@link io.sentinel.query.service.EventStream}).
 */
package io.sentinel.query.service;
