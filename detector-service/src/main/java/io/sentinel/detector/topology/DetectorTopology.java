package io.sentinel.detector.topology;

import io.sentinel.contract.Json;
import io.sentinel.contract.Topics;
import io.sentinel.engine.DetectionEngine;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the detector topology: {@code sentinel.samples} → sample processor (series and monitor
 * stores, both logged to changelog topics) → {@code sentinel.events}, {@code sentinel.rollups} and
 * {@code sentinel.samples.dlq}. Plain Kafka Streams, so tests build it without Quarkus.
 */
public final class DetectorTopology {
  /**
   * @see Names#SERIES_STORE
   */
  public static final String SERIES_STORE = Names.SERIES_STORE;

  /**
   * @see Names#MONITOR_STORE
   */
  public static final String MONITOR_STORE = Names.MONITOR_STORE;

  private DetectorTopology() {}

  public static Topology build(TopologySettings settings) {
    return build(settings, Stores::persistentKeyValueStore);
  }

  /**
   * The same topology with its stores from {@code stores} (by name): the demo's offline replay
   * passes in-memory stores, since Kafka Streams' test driver commits, and so flushes RocksDB to
   * disk, after every record.
   */
  public static Topology build(
      TopologySettings settings, Function<String, KeyValueBytesStoreSupplier> stores) {
    DetectionEngine engine = new DetectionEngine(settings.engine());
    // one per instance: each partition's clock knows whether the others are receiving
    InputClock clock =
        new InputClock(
            settings.inputGapMs(), settings.idleFallbackMs(), settings.checkIntervalMs());
    Serializer<Object> json = Json.serializer();
    Topology t = new Topology();
    // values are decoded by the processor, so that an undecodable one is dead-lettered as it came
    t.addSource(
        Names.SOURCE,
        Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer(),
        Topics.SAMPLES);
    t.addProcessor(
        Names.PROCESSOR, () -> new SampleProcessor(settings, engine, clock), Names.SOURCE);
    // every store is written inside process() (write-through); the record cache keeps one write
    // per key per commit, not one per sample, for RocksDB and the changelog alike, and is flushed
    // before each commit
    t.addStateStore(store(stores, Names.SERIES_STORE, Serdes.ByteArray()), Names.PROCESSOR);
    t.addStateStore(store(stores, Names.SNAPSHOT_STORE, Serdes.ByteArray()), Names.PROCESSOR);
    t.addStateStore(store(stores, Names.MONITOR_STORE, MonitorState.serde()), Names.PROCESSOR);
    t.addSink(
        Names.EVENTS_SINK, Topics.EVENTS, Serdes.String().serializer(), json, Names.PROCESSOR);
    t.addSink(
        Names.ROLLUPS_SINK, Topics.ROLLUPS, Serdes.String().serializer(), json, Names.PROCESSOR);
    t.addSink(
        Names.DLQ_SINK,
        Topics.dlq(Topics.SAMPLES),
        Serdes.String().serializer(),
        Serdes.ByteArray().serializer(),
        Names.PROCESSOR);
    return t;
  }

  /** A store keyed by string, cached and logged to its changelog topic. */
  private static <V> StoreBuilder<KeyValueStore<String, V>> store(
      Function<String, KeyValueBytesStoreSupplier> stores, String name, Serde<V> values) {
    return Stores.keyValueStoreBuilder(stores.apply(name), Serdes.String(), values)
        .withCachingEnabled()
        .withLoggingEnabled(Map.of());
  }
}
