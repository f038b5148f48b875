package io.sentinel.engine.nab;

/** A NAB scoring profile: the weights of its cost matrix. */
record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {}
