package io.sentinel.query.monitors;

/**
 * How many monitors are in each status, for the overview.
 *
 * @param total all monitors matching the search
 * @param up monitors up
 * @param trouble monitors in trouble
 * @param critical monitors critical
 * @param errors monitors with errors
 * @param down monitors down
 * @param maintenance monitors in maintenance
 */
public record MonitorSummary(
    long total, long up, long trouble, long critical, long errors, long down, long maintenance) {}
