/**
 * What every resource shares: parameter parsing and the check for unknown parameters, paging
 * headers, OpenAPI examples, and the mapping of every failure to an RFC 9457 {@code
 * application/problem+json} answer.
 */
package io.sentinel.query.api;
