package io.sentinel.query.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sentinel.query.Monitor;
import io.sentinel.query.MonitorStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/** Monitors: native upserts for the consumers, Panache for reads. */
@ApplicationScoped
public class MonitorRepository implements PanacheRepositoryBase<Monitor, Long> {
  private static final String UPSERT =
      """
      INSERT INTO monitors (name, status, first_seen, last_updated, status_since)
      VALUES (:name, 'up', CAST(:seen AS timestamptz), CAST(:seen AS timestamptz),
              CAST(:seen AS timestamptz))
      ON CONFLICT (name) DO UPDATE
         SET last_updated = GREATEST(monitors.last_updated, EXCLUDED.last_updated),
             first_seen = LEAST(monitors.first_seen, EXCLUDED.first_seen)
      RETURNING id, status, in_maintenance, errors_id IS NOT NULL
      """;

  /** As UPSERT, also merging the labels of a series into the monitor's tags. */
  private static final String UPSERT_WITH_TAGS =
      """
      INSERT INTO monitors (name, status, first_seen, last_updated, status_since, tags)
      VALUES (:name, 'up', CAST(:seen AS timestamptz), CAST(:seen AS timestamptz),
              CAST(:seen AS timestamptz), string_to_array(CAST(:tags AS text), chr(31)))
      ON CONFLICT (name) DO UPDATE
         SET last_updated = GREATEST(monitors.last_updated, EXCLUDED.last_updated),
             first_seen = LEAST(monitors.first_seen, EXCLUDED.first_seen),
             tags = CASE WHEN monitors.tags @> EXCLUDED.tags THEN monitors.tags
                         ELSE ARRAY(SELECT DISTINCT t FROM unnest(monitors.tags || EXCLUDED.tags) AS t
                                    ORDER BY t) END
      RETURNING id, status, in_maintenance
      """;

  private static final String CLOSE_ERRORS =
      """
      UPDATE monitors
         SET errors_id = CASE WHEN errors_id = :startedId THEN NULL ELSE errors_id END,
             errors_since = CASE WHEN errors_id = :startedId THEN NULL ELSE errors_since END,
             errors_message = CASE WHEN errors_id = :startedId THEN NULL ELSE errors_message END
       WHERE id = :id
      RETURNING errors_id IS NOT NULL
      """;

  private static final String SAVE_STATUS =
      """
      UPDATE monitors
         SET status = :status,
             status_since = CASE WHEN status = :status THEN status_since
                                 ELSE CAST(:at AS timestamptz) END,
             open_anomalies = :openAnomalies,
             open_outages = :openOutages,
             anomaly_count = anomaly_count + :newAnomalies,
             outage_count = outage_count + :newOutages
       WHERE id = :id
      """;

  /**
   * The id and status of a monitor as its upsert left it.
   *
   * @param id the monitor's id
   * @param status its status before the event
   * @param inMaintenance whether a maintenance window covers it
   * @param reportsErrors whether an errors episode is open (its data keeps being rejected)
   */
  public record Upserted(long id, MonitorStatus status, boolean inMaintenance, boolean reportsErrors) {
    public Upserted withErrors(boolean errors) {
      return new Upserted(id, status, inMaintenance, errors);
    }
  }

  /**
   * Creates the monitor (status up) or moves its {@code last_updated} forward to {@code seen}. The
   * upsert also row-locks the monitor until the transaction ends, which serializes the status
   * computation of one monitor across consumers and replicas.
   */
  public Uni<Upserted> upsert(String name, OffsetDateTime seen) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(UPSERT, Object[].class)
                    .setParameter("name", name)
                    .setParameter("seen", seen)
                    .getSingleResult())
        .map(
            row ->
                new Upserted(
                    ((Number) row[0]).longValue(),
                    MonitorStatus.fromWire((String) row[1]),
                    Boolean.TRUE.equals(row[2]),
                    Boolean.TRUE.equals(row[3])));
  }

  /**
   * As {@link #upsert}, and adds {@code tags} ("key=value", no unit separator in them) to the
   * monitor's tags; the tags are rewritten only when one is new.
   */
  public Uni<Long> upsertWithTags(String name, OffsetDateTime seen, List<String> tags) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(UPSERT_WITH_TAGS, Object[].class)
                    .setParameter("name", name)
                    .setParameter("seen", seen)
                    .setParameter("tags", String.join("\u001f", tags))
                    .getSingleResult())
        .map(row -> ((Number) row[0]).longValue());
  }

  /**
   * Flips the maintenance flag of a monitor, row-locking it; emits the monitor as it was, or null
   * when the flag already had this value (another replica flipped it).
   */
  public Uni<Flipped> setMaintenance(long id, boolean on) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "UPDATE monitors SET in_maintenance = :on WHERE id = :id"
                            + " AND in_maintenance <> :on"
                            + " RETURNING id, name, status, errors_id IS NOT NULL",
                        Object[].class)
                    .setParameter("on", on)
                    .setParameter("id", id)
                    .getResultList())
        .map(
            rows ->
                rows.isEmpty()
                    ? null
                    : new Flipped(
                        new Upserted(
                            ((Number) rows.get(0)[0]).longValue(),
                            MonitorStatus.fromWire((String) rows.get(0)[2]),
                            on,
                            Boolean.TRUE.equals(rows.get(0)[3])),
                        (String) rows.get(0)[1]));
  }

  /** A monitor whose maintenance flag was flipped: its id, status before, new flag, and name. */
  public record Flipped(Upserted monitor, String name) {}

  /**
   * Opens the errors episode of a monitor (its data keeps being rejected). A redelivered or second
   * start keeps the first episode.
   */
  public Uni<Integer> openErrors(long id, String eventId, OffsetDateTime since, String message) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "UPDATE monitors SET errors_id = :eventId, errors_since = CAST(:since AS"
                            + " timestamptz), errors_message = :message WHERE id = :id AND errors_id"
                            + " IS NULL")
                    .setParameter("eventId", eventId)
                    .setParameter("since", since)
                    .setParameter("message", message)
                    .setParameter("id", id)
                    .executeUpdate());
  }

  /**
   * Closes the errors episode {@code startedId} of a monitor; emits whether one is still open (a
   * resolution of an older episode leaves a newer one open).
   */
  public Uni<Boolean> closeErrors(long id, String startedId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(CLOSE_ERRORS, Boolean.class)
                    .setParameter("startedId", startedId)
                    .setParameter("id", id)
                    .getSingleResult());
  }

  /** Stores the recomputed status and counters of a monitor. */
  public Uni<Integer> saveStatus(
      long id,
      MonitorStatus status,
      OffsetDateTime at,
      int openAnomalies,
      int openOutages,
      int newAnomalies,
      int newOutages) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(SAVE_STATUS)
                    .setParameter("status", status.wire())
                    .setParameter("at", at)
                    .setParameter("openAnomalies", openAnomalies)
                    .setParameter("openOutages", openOutages)
                    .setParameter("newAnomalies", newAnomalies)
                    .setParameter("newOutages", newOutages)
                    .setParameter("id", id)
                    .executeUpdate());
  }
}
