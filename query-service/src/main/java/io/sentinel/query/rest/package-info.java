/**
 * The HTTP API under {@code /api}: resources, parameter parsing and the mapping of every failure to
 * an RFC 9457 {@code application/problem+json} answer.
 */
package io.sentinel.query.rest;
