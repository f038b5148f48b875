/** The API's views of the entities: records serialized as snake_case JSON. */
package io.sentinel.query.mapping;
