/**
 * The error answer of every Sentinel service: an RFC 9457 {@link
 * io.sentinel.contract.problem.ProblemDetail} ({@code application/problem+json}) and the {@link
 * io.sentinel.contract.problem.ProblemException} that ends a request with one. Each service keeps
 * its own exception mapper, which renders the problem (ingest also in each agent protocol's error
 * form).
 */
package io.sentinel.contract.problem;
