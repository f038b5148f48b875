/** The event log: every materialized event in commit order ({@code seq}), paged. */
package io.sentinel.query.events;
