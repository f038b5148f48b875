/** Per-minute rollups of a series: the entity, its read endpoint and view. */
package io.sentinel.query.rollups;
