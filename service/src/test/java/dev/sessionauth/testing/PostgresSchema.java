package dev.sessionauth.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A schema of a test class's own on the machine's PostgreSQL ({@code $SESSIONAUTH_TEST_POSTGRES_URL},
 * default 127.0.0.1:5432, database {@code test}, trust auth), dropped on {@link #close}. Creating
 * one never throws: without a server, {@link #available()} is false, and a test class that runs the
 * application on it adds {@code @ExtendWith(PostgresSchema.Required.class)}, which skips it with the
 * reason, unless {@code SESSIONAUTH_REQUIRE_POSTGRES=true} (set by {@code .ci/run}) lets it run and
 * fail.
 */
public final class PostgresSchema implements AutoCloseable {

    public static final String URL = env("SESSIONAUTH_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("SESSIONAUTH_TEST_POSTGRES_USER", "postgres");
    public static final String PASSWORD = env("SESSIONAUTH_TEST_POSTGRES_PASSWORD", "");

    private static volatile String unavailable;

    private final String name = "sessionauth_test_" + UUID.randomUUID().toString().replace("-", "");
    private final boolean created;

    private PostgresSchema() {
        boolean ok;
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + name);
            ok = true;
        } catch (SQLException e) {
            unavailable = "no PostgreSQL at " + URL + " (" + e.getMessage() + ")";
            ok = false;
        }
        this.created = ok;
    }

    /** A new, empty schema; see {@link #available()}. */
    public static PostgresSchema create() {
        return new PostgresSchema();
    }

    public boolean available() {
        return created;
    }

    /** The JDBC URL of this schema. */
    public String url() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    @Override
    public void close() throws SQLException {
        if (created) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + name + " CASCADE");
            }
        }
    }

    private static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Skips a class whose schema could not be created, unless PostgreSQL is required. */
    public static final class Required implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String reason = unavailable;
            if (reason == null) {
                return ConditionEvaluationResult.enabled("PostgreSQL is there");
            }
            if (Boolean.parseBoolean(System.getenv("SESSIONAUTH_REQUIRE_POSTGRES"))) {
                return ConditionEvaluationResult.enabled(reason + ", and SESSIONAUTH_REQUIRE_POSTGRES=true: it fails");
            }
            return ConditionEvaluationResult.disabled(reason + "; set SESSIONAUTH_REQUIRE_POSTGRES=true to fail instead");
        }
    }
}
