package io.sentinel.query.rollups;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** One series' aggregate over one minute, for charts; the last rollup received for it wins. */
@Entity
@Table(name = "rollups")
@IdClass(RollupMinute.Key.class)
public class RollupMinute extends PanacheEntityBase {
  @Id public String series;

  @Id public OffsetDateTime minute;

  public String monitor;
  public String metric;

  @Column(name = "count")
  public long count;

  @Column(name = "min")
  public double min;

  @Column(name = "max")
  public double max;

  public double mean;

  @Column(name = "last")
  public double last;

  @Column(name = "last_timestamp")
  public OffsetDateTime lastTimestamp;

  @Column(name = "expected_low")
  public Double expectedLow;

  @Column(name = "expected_high")
  public Double expectedHigh;

  @Column(name = "max_score")
  public double maxScore;

  /** The primary key: series and start of the minute. */
  public static class Key implements Serializable {
    public String series;
    public OffsetDateTime minute;

    public Key() {}

    public Key(String series, OffsetDateTime minute) {
      this.series = series;
      this.minute = minute;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(series, k.series)
          && Objects.equals(minute, k.minute);
    }

    @Override
    public int hashCode() {
      return Objects.hash(series, minute);
    }
  }
}
