/** Speed and memory benchmark of the engine beside the windowed-Gaussian baseline, in one run. */
package io.sentinel.engine.bench;
