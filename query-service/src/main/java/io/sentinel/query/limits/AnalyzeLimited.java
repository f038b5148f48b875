package io.sentinel.query.limits;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The operations under {@code sentinel.limits.analyze}: a rate per caller ({@link AnalyzeRate}) and
 * a body size checked while the body is read ({@link BodyLimit}).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AnalyzeLimited {}
