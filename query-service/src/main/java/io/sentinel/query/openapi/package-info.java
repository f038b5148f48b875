/**
 * The OpenAPI document's success answers: what each operation answers when it succeeds, described
 * and exemplified in one table ({@link io.sentinel.query.openapi.SuccessResponses}), the schema
 * inferred from each resource method's return type. The one package that reads the example bodies
 * of every feature package; none reads it.
 */
package io.sentinel.query.openapi;
