package io.sentinel.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** JSON encoding of the contract records, and Kafka serdes built on it. */
public final class Json {
  /** One shared, thread-safe mapper configured for the contract. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          // a null where a number must be is a broken record, not a zero
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

  private Json() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new SerializationException(
          "cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** A Kafka serde for {@code type}; a null record value stays null (tombstone). */
  public static <T> Serde<T> serde(Class<T> type) {
    return Serdes.serdeFrom(serializer(), deserializer(type));
  }

  public static <T> Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : write(value);
  }

  public static <T> Deserializer<T> deserializer(Class<T> type) {
    return (topic, bytes) -> bytes == null ? null : read(bytes, type);
  }
}
