/**
 * Plain SQL helpers for the reactive pg client: a WHERE builder with positional arguments, paged
 * queries with totals, row conversions.
 */
package io.sentinel.query.sql;
