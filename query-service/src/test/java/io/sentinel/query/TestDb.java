package io.sentinel.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.eclipse.microprofile.config.ConfigProvider;

/** Plain JDBC on the test database, to arrange rows without going through Kafka. */
public final class TestDb {
  private TestDb() {}

  public static Connection connect() throws SQLException {
    var c = ConfigProvider.getConfig();
    return DriverManager.getConnection(
        c.getValue("quarkus.datasource.jdbc.url", String.class),
        c.getValue("quarkus.datasource.username", String.class),
        c.getValue("quarkus.datasource.password", String.class));
  }

  /** Runs a statement with parameters (Instants become timestamps); returns the update count. */
  public static int exec(String sql, Object... args) {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(c, ps, args);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row, as a long. */
  public static long queryLong(String sql, Object... args) {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(c, ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row, as a string (null if no row). */
  public static String queryString(String sql, Object... args) {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(c, ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Inserts a monitor and returns its id. */
  public static long monitor(String name, String status, Instant firstSeen, String... tags) {
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO monitors (name, status, first_seen, last_updated, status_since, tags)"
                    + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
      ps.setString(1, name);
      ps.setString(2, status);
      Timestamp t = Timestamp.from(firstSeen);
      ps.setTimestamp(3, t);
      ps.setTimestamp(4, t);
      ps.setTimestamp(5, t);
      ps.setArray(6, c.createArrayOf("text", tags));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void bind(Connection c, PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof Instant instant) {
        ps.setTimestamp(i + 1, Timestamp.from(instant));
      } else if (a instanceof String[] array) {
        ps.setArray(i + 1, c.createArrayOf("text", array));
      } else if (a instanceof Long[] array) {
        ps.setArray(i + 1, c.createArrayOf("bigint", array));
      } else {
        ps.setObject(i + 1, a);
      }
    }
  }
}
