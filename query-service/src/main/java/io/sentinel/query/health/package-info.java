/** Health checks beyond those of the extensions; none of them blocks the event loop. */
package io.sentinel.query.health;
