/** Outages: the list and one outage, resource, reader and view side by side. */
package io.sentinel.query.outages;
