/**
 * The event contract shared by every Sentinel service: topic names, the records that travel on them
 * and their JSON serde. Producers, consumers and tests all use these constants, so a renamed topic
 * or field breaks the build rather than the pipeline.
 */
package io.sentinel.contract;
