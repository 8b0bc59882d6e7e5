package dev.sessionauth.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A server's first start migrates the embedded database ({@code migrateOnStart}); Liquibase's own
 * console output (each change set, the update summary) must not reach standard output, where a
 * newcomer reads it among the log lines: it goes to the log.
 */
class QuietMigrationTest {


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
            UserDatabase.migrate(database, new MetricRegistry());
        } finally {
            System.setOut(out);
        }

        // Log events may reach standard output too, through whatever console appender is set up;
        // each has its level and logger before the message. Liquibase's own output starts the line.
        assertThat(captured.toString(StandardCharsets.UTF_8).lines())
            .noneMatch(line -> line.startsWith("Running Changeset") || line.startsWith("UPDATE SUMMARY")
                || line.startsWith("Liquibase:") || line.startsWith("Total change sets"));
    }
}
