package io.sentinel.detector.topology;

import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The monitors store, telling {@link MonitorLiveness} of every change (to keep its deadlines). */
final class Monitors {
  private final KeyValueStore<String, MonitorState> store;
  private Consumer<MonitorState> onPut = m -> {};
  private Consumer<String> onDelete = id -> {};

  Monitors(KeyValueStore<String, MonitorState> store) {
    this.store = store;
  }

  void listen(Consumer<MonitorState> onPut, Consumer<String> onDelete) {
    this.onPut = onPut;
    this.onDelete = onDelete;
  }

  /** The monitor of {@code key} ({@link io.sentinel.contract.Tenants#key}), null if unknown. */
  MonitorState get(String key) {
    return store.get(key);
  }

  void put(MonitorState m) {
    store.put(m.key(), m);
    onPut.accept(m);
  }

  void delete(String key) {
    store.delete(key);
    onDelete.accept(key);
  }

  /** Every stored monitor, once (at start-up of a task: not on every check). */
  void forEach(Consumer<MonitorState> action) {
    try (KeyValueIterator<String, MonitorState> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, MonitorState> kv = it.next();
        action.accept(kv.value);
      }
    }
  }
}
