package dev.sessionauth.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A server's first start migrates the embedded database ({@code migrateOnStart}); Liquibase's own
 * console output (each change set, the update summary) must not reach standard output, where a
 * newcomer reads it among the log lines: it goes to the log.
 */
class QuietMigrationTest {

    /** How logback's default console appender starts each event: {@code 21:03:21.374 INFO  [main]}. */
    private static final Pattern LOG_LINE = Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} [A-Z]+ +\\[");

    @Test
    void migratingWritesNothingToStandardOutput() {
        DataSourceFactory database = new DataSourceFactory();
        database.setDriverClass("org.h2.Driver");
        database.setUrl("jdbc:h2:mem:quiet-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        database.setPassword("");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Users.migrate(database, new MetricRegistry());
        } finally {
            System.setOut(out);
        }

        // Without a Dropwizard logging configuration, logback's default console appender writes log
        // events to standard output too, each line timestamped: anything else is Liquibase's own.
        assertThat(captured.toString(StandardCharsets.UTF_8).lines())
            .as("log events only, if anything")
            .allMatch(line -> LOG_LINE.matcher(line).lookingAt());
    }
}
