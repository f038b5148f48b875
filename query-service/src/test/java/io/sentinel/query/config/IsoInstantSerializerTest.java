package io.sentinel.query.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast Instant text is, instant for instant, what ISO_INSTANT and Jackson's own write. */
class IsoInstantSerializerTest {
  private static final ObjectMapper JACKSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final ObjectMapper FAST =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .registerModule(new SimpleModule().addSerializer(new IsoInstantSerializer()))
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private static String fast(Instant i) {
    char[] b = new char[30];
    return new String(b, 0, IsoInstantSerializer.format(i.getEpochSecond(), i.getNano(), b));
  }

  @Test
  void sameTextAsIsoInstantOverTheWholeFastRange() {
    Random r = new Random(14);
    int[] nanos = {0, 1, 999_999_999, 123_000_000, 123_456_000, 123_456_789, 1_000, 1_000_000};
    for (int k = 0; k < 200_000; k++) {
      long s = Math.floorMod(r.nextLong(), 253_402_300_800L);
      int nano = k % 3 == 0 ? nanos[k % nanos.length] : r.nextInt(1_000_000_000);
      if (k % 5 == 1) {
        nano = nano / 1_000 * 1_000; // microseconds, as PostgreSQL keeps them
      }
      Instant i = Instant.ofEpochSecond(s, nano);
      assertThat(fast(i))
          .as("%d s %d ns", s, nano)
          .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(i));
    }
  }

  @Test
  void edgesOfDaysMonthsYearsAndLeapDays() {
    for (String t :
        new String[] {
          "1970-01-01T00:00:00Z",
          "1999-12-31T23:59:59Z",
          "2000-02-29T12:00:00Z",
          "2024-02-29T23:59:59.999999Z",
          "2100-03-01T00:00:00Z",
          "2026-12-06T23:15:00.5Z",
          "9999-12-31T23:59:59.999999999Z"
        }) {
      Instant i = Instant.parse(t);
      assertThat(fast(i)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(i));
    }
  }

  @Test
  void throughAMapperTheSameJsonAsJacksonsOwnIncludingOutsideTheFastRange() throws Exception {
    for (Instant i :
        new Instant[] {
          Instant.EPOCH,
          Instant.parse("2025-08-22T10:15:30.123456Z"),
          Instant.parse("1969-12-31T23:59:59.9Z"),
          Instant.parse("0001-01-01T00:00:00Z"),
          Instant.parse("+10000-01-01T00:00:00Z"),
          Instant.MIN,
          Instant.MAX
        }) {
      assertThat(FAST.writeValueAsString(i)).isEqualTo(JACKSON.writeValueAsString(i));
    }
  }
}
