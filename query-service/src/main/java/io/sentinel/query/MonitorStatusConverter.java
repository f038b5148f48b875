package io.sentinel.query;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link MonitorStatus} as its lower-case wire name, as the SQL of this service does. */
@Converter
public class MonitorStatusConverter implements AttributeConverter<MonitorStatus, String> {
  @Override
  public String convertToDatabaseColumn(MonitorStatus status) {
    return status == null ? null : status.wire();
  }

  @Override
  public MonitorStatus convertToEntityAttribute(String column) {
    return MonitorStatus.fromWire(column);
  }
}
