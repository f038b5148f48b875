package io.sentinel.query.maintenance;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * When a maintenance window is on. One-off: {@code [start, start + duration)}. Recurring: every
 * occurrence of an RRULE subset ({@code FREQ=DAILY|WEEKLY}, {@code INTERVAL}, {@code BYDAY}),
 * anchored at the start's local time in the window's time zone, or of a 5-field Unix cron
 * expression (in that zone, firing at or after the start); each lasts {@code duration}; none starts
 * after {@code until}. Pure: tested without a clock or a database.
 */
public final class MaintenanceSchedule {
  /** Longest duration of one occurrence. */
  public static final Duration MAX_DURATION = Duration.ofDays(31);

  private static final CronParser CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final Instant start;
  private final Duration duration;
  private final ZoneId zone;
  private final Instant until;
  private final Rule rule;
  private final ExecutionTime cron;

  /** A parsed RRULE. */
  private record Rule(boolean weekly, int interval, Set<DayOfWeek> days) {}

  /**
   * @throws IllegalArgumentException with a message for a person when the rule or cron is invalid
   */
  public MaintenanceSchedule(
      Instant start, Duration duration, String rrule, String cron, ZoneId zone, Instant until) {
    this.start = start;
    this.duration = duration;
    this.zone = zone == null ? ZoneId.of("UTC") : zone;
    this.until = until;
    this.rule = rrule == null || rrule.isBlank() ? null : parseRule(rrule, start.atZone(this.zone));
    if (cron != null && !cron.isBlank()) {
      try {
        this.cron = ExecutionTime.forCron(CRON.parse(cron.trim()).validate());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "cron must be 5 fields (minute hour day-of-month month day-of-week): "
                + e.getMessage());
      }
    } else {
      this.cron = null;
    }
  }

  public boolean recurring() {
    return rule != null || cron != null;
  }

  /** The start of the occurrence covering {@code now}, if one does. */
  public Optional<Instant> activeAt(Instant now) {
    Optional<Instant> latest = latestStartAtOrBefore(now);
    return latest.filter(s -> now.isBefore(s.plus(duration)));
  }

  /** The first occurrence starting after {@code t}, if any. */
  public Optional<Instant> nextStartAfter(Instant t) {
    Optional<Instant> next;
    if (!recurring()) {
      next = start.isAfter(t) ? Optional.of(start) : Optional.empty();
    } else if (cron != null) {
      ZonedDateTime from = t.isBefore(start) ? start.minusSeconds(1).atZone(zone) : t.atZone(zone);
      next = cron.nextExecution(from).map(ZonedDateTime::toInstant);
    } else {
      next = Optional.empty();
      LocalDate day = (t.isBefore(start) ? start : t).atZone(zone).toLocalDate();
      for (int i = 0; i <= 7 * rule.interval() + 1 && next.isEmpty(); i++) {
        LocalDate d = day.plusDays(i);
        if (occursOn(d)) {
          Instant s = at(d);
          if (s.isAfter(t) && !s.isBefore(start)) {
            next = Optional.of(s);
          }
        }
      }
    }
    return next.filter(s -> until == null || !s.isAfter(until));
  }

  /** The last moment this window can be on, null if it recurs forever. */
  public Instant lastEnd() {
    if (!recurring()) {
      return start.plus(duration);
    }
    return until == null ? null : until.plus(duration);
  }

  /**
   * The latest occurrence starting at or before {@code now} and not after {@code until}: when
   * {@code now} is past {@code until}, the last occurrence before it may still be running.
   */
  private Optional<Instant> latestStartAtOrBefore(Instant at) {
    Instant now = until != null && until.isBefore(at) ? until : at;
    if (now.isBefore(start)) {
      return Optional.empty();
    }
    Optional<Instant> latest;
    if (!recurring()) {
      latest = Optional.of(start);
    } else if (cron != null) {
      latest =
          cron.lastExecution(now.plusSeconds(1).atZone(zone))
              .map(ZonedDateTime::toInstant)
              .filter(s -> !s.isBefore(start) && !s.isAfter(now));
    } else {
      latest = Optional.empty();
      LocalDate today = now.atZone(zone).toLocalDate();
      LocalDate first = start.atZone(zone).toLocalDate();
      for (int i = 0; i <= 7 * rule.interval() + 1 && latest.isEmpty(); i++) {
        LocalDate d = today.minusDays(i);
        if (d.isBefore(first)) {
          break;
        }
        if (occursOn(d)) {
          Instant s = at(d);
          if (!s.isAfter(now) && !s.isBefore(start)) {
            latest = Optional.of(s);
          }
        }
      }
    }
    return latest;
  }

  private Instant at(LocalDate day) {
    LocalTime time = start.atZone(zone).toLocalTime();
    return day.atTime(time).atZone(zone).toInstant();
  }

  private boolean occursOn(LocalDate d) {
    LocalDate first = start.atZone(zone).toLocalDate();
    if (d.isBefore(first)) {
      return false;
    }
    if (!rule.weekly()) {
      return ChronoUnit.DAYS.between(first, d) % rule.interval() == 0;
    }
    LocalDate week0 = first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate week = d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    return ChronoUnit.WEEKS.between(week0, week) % rule.interval() == 0
        && rule.days().contains(d.getDayOfWeek());
  }

  private static Rule parseRule(String rrule, ZonedDateTime start) {
    String freq = null;
    int interval = 1;
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    String body = rrule.trim();
    if (body.toUpperCase(Locale.ROOT).startsWith("RRULE:")) {
      body = body.substring(6);
    }
    for (String part : body.split(";")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("rrule part '" + part + "' is not KEY=VALUE");
      }
      String key = kv[0].trim().toUpperCase(Locale.ROOT);
      String value = kv[1].trim().toUpperCase(Locale.ROOT);
      switch (key) {
        case "FREQ" -> {
          if (!value.equals("DAILY") && !value.equals("WEEKLY")) {
            throw new IllegalArgumentException("rrule FREQ must be DAILY or WEEKLY, got " + value);
          }
          freq = value;
        }
        case "INTERVAL" -> {
          try {
            interval = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            interval = 0;
          }
          if (interval < 1 || interval > 52) {
            throw new IllegalArgumentException("rrule INTERVAL must be 1 to 52, got " + value);
          }
        }
        case "BYDAY" -> {
          for (String day : value.split(",")) {
            days.add(day(day.trim()));
          }
        }
        default ->
            throw new IllegalArgumentException(
                "rrule supports FREQ, INTERVAL and BYDAY (use until for the end), got " + key);
      }
    }
    if (freq == null) {
      throw new IllegalArgumentException("rrule needs FREQ=DAILY or FREQ=WEEKLY");
    }
    boolean weekly = freq.equals("WEEKLY");
    if (!weekly && !days.isEmpty()) {
      throw new IllegalArgumentException("rrule BYDAY needs FREQ=WEEKLY");
    }
    if (weekly && days.isEmpty()) {
      days.add(start.getDayOfWeek());
    }
    return new Rule(weekly, interval, days);
  }

  private static DayOfWeek day(String code) {
    return switch (code) {
      case "MO" -> DayOfWeek.MONDAY;
      case "TU" -> DayOfWeek.TUESDAY;
      case "WE" -> DayOfWeek.WEDNESDAY;
      case "TH" -> DayOfWeek.THURSDAY;
      case "FR" -> DayOfWeek.FRIDAY;
      case "SA" -> DayOfWeek.SATURDAY;
      case "SU" -> DayOfWeek.SUNDAY;
      default ->
          throw new IllegalArgumentException("rrule BYDAY takes MO,TU,WE,TH,FR,SA,SU, got " + code);
    };
  }
}
