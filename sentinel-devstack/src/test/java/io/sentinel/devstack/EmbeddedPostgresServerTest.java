package io.sentinel.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The fault the chaos suite injects into PostgreSQL: a hard stop, then a start on the same data.
 */
class EmbeddedPostgresServerTest {

  @Test
  void stopsTheHardWayAndStartsAgainOnTheSamePortAndData() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(0, null)) {
      try (Connection c = connect(server);
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE kept (v int)");
        st.execute("INSERT INTO kept VALUES (42)");
      }
      try (Connection open = connect(server)) {
        server.stopImmediately();
        // the connection open at the stop is dropped, and no new one is accepted
        assertThatThrownBy(() -> open.createStatement().execute("SELECT 1"))
            .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> connect(server)).isInstanceOf(SQLException.class);
      }
      server.restart();
      try (Connection c = connect(server);
          ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
  }

  private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
    return DriverManager.getConnection(
        server.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
  }
}
