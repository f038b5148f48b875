/**
 * What every resource shares: parameter parsing ({@link io.sentinel.query.api.Params}), the time
 * range and paging parameters of every list ({@link io.sentinel.query.api.TimeRange}, {@link
 * io.sentinel.query.api.PageParams}), the refusal of unknown parameters, paging headers, OpenAPI
 * examples and the 400 answer every operation shares ({@link
 * io.sentinel.query.api.CommonResponses}), and the mapping of every failure to an RFC 9457 {@code
 * application/problem+json} answer.
 */
package io.sentinel.query.api;
