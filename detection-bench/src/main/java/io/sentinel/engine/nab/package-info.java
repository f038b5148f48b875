/**
 * The Numenta Anomaly Benchmark, run and scored here: reading a NAB-layout folder, running the
 * engine and the windowed-Gaussian baseline on every file, writing NAB-layout results, and a scorer
 * that follows NAB's definition (probation, scaled-sigmoid window weighting, one threshold per
 * detector and profile optimised over the corpus, normalisation against the null detector). {@link
 * io.sentinel.engine.nab.NabMain} is the command behind {@code ./sentinel nab DATA_DIR}.
 */
package io.sentinel.engine.nab;
