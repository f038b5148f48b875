/** Typed configuration of the query-service ({@code sentinel.query.*}). */
package io.sentinel.query.config;
