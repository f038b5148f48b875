package io.sentinel.query.config;

import jakarta.inject.Qualifier;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The PostgreSQL pool of API reads ({@link ReadPool}): its connections cancel a statement after
 * {@code sentinel.limits.reads.statement-timeout}. Writers (the consumers, maintenance,
 * notifications) keep the unqualified pool, which has no timeout.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface ApiReads {}
