package dev.sessionauth.users;

import static org.assertj.core.api.Assertions.fail;

import io.dropwizard.db.DataSourceFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/**
 * The DAO and migrations on a real PostgreSQL, each test in a schema of its own, dropped afterwards.
 * The server is {@code $SESSIONAUTH_TEST_POSTGRES_URL} (default the machine's, 127.0.0.1:5432,
 * database {@code test}, trust auth). Without one the tests skip, unless
 * {@code SESSIONAUTH_REQUIRE_POSTGRES=true} (set by {@code .ci/run}) makes them fail instead.
 */
class PostgresUserDaoTest extends UserDaoContract {

    private static final String URL = env("SESSIONAUTH_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = env("SESSIONAUTH_TEST_POSTGRES_USER", "postgres");
    private static final String PASSWORD = env("SESSIONAUTH_TEST_POSTGRES_PASSWORD", "");

    private String schema;
    private DataSourceFactory database;

    @Override
    protected DataSourceFactory emptyDatabase() throws SQLException {
        schema = "sessionauth_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        database = new DataSourceFactory();
        database.setDriverClass("org.postgresql.Driver");
        database.setUrl(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        database.setUser(USER);
        database.setPassword(PASSWORD);
        return database;
    }

    @Override
    protected DataSourceFactory currentDatabase() {
        return database;
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (schema != null) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(3);
        try {
            return DriverManager.getConnection(URL, USER, PASSWORD);
        } catch (SQLException e) {
            String reason = "no PostgreSQL at " + URL + " (" + e.getMessage() + ")";
            if (Boolean.parseBoolean(System.getenv("SESSIONAUTH_REQUIRE_POSTGRES"))) {
                fail(reason + ", and SESSIONAUTH_REQUIRE_POSTGRES=true requires one");
            }
            Assumptions.abort(reason + "; set SESSIONAUTH_REQUIRE_POSTGRES=true to fail instead");
            throw e;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
