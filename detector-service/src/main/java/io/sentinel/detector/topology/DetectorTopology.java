package io.sentinel.detector.topology;

import io.sentinel.contract.Json;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Topics;
import io.sentinel.engine.DetectionEngine;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the detector topology: {@code sentinel.samples} → sample processor (series and monitor
 * stores, both logged to changelog topics) → {@code sentinel.events}, {@code sentinel.rollups} and
 * {@code sentinel.samples.dlq}. Plain Kafka Streams, so tests build it without Quarkus.
 */
public final class DetectorTopology {
  public static final String SERIES_STORE = "series-state";
  public static final String MONITOR_STORE = "monitor-state";
  static final String SOURCE = "samples-source";
  static final String PROCESSOR = "detector";
  static final String EVENTS_SINK = "events-sink";
  static final String ROLLUPS_SINK = "rollups-sink";
  static final String DLQ_SINK = "dlq-sink";

  private DetectorTopology() {}

  public static Topology build(TopologySettings settings) {
    DetectionEngine engine = new DetectionEngine(settings.engine());
    Serializer<Object> json = Json.serializer();
    Topology t = new Topology();
    // values are decoded by the processor, so that an undecodable one is dead-lettered as it came
    t.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.SAMPLES);
    t.addProcessor(PROCESSOR, () -> new SampleProcessor(settings, engine), SOURCE);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SERIES_STORE), Serdes.String(), Serdes.ByteArray())
            // the cache keeps one write per series per commit, not one per sample, for RocksDB and
            // the changelog alike
            .withCachingEnabled()
            .withLoggingEnabled(java.util.Map.of()),
        PROCESSOR);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MONITOR_STORE), Serdes.String(), Json.serde(MonitorState.class))
            .withCachingEnabled()
            .withLoggingEnabled(java.util.Map.of()),
        PROCESSOR);
    t.addSink(EVENTS_SINK, Topics.EVENTS, Serdes.String().serializer(), json, PROCESSOR);
    t.addSink(ROLLUPS_SINK, Topics.ROLLUPS, Serdes.String().serializer(), json, PROCESSOR);
    t.addSink(DLQ_SINK, Topics.dlq(Topics.SAMPLES), Serdes.String().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
    return t;
  }
}
