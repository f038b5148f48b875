/**
 * Monitors: the list with statuses and uptime, a monitor by id or name, its series charts and
 * sparklines. Resource, readers (plain SQL over the reactive pg client) and views side by side.
 */
package io.sentinel.query.monitors;
