/**
 * Simple baseline detectors, run beside the engine so its figures always have a comparison measured
 * in the same run.
 */
package io.sentinel.engine.baseline;
