package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's first start, on the shipped {@code config/dev.yml}, shows only lines that mean
 * something: no version warnings of a library about itself, no migration narrative. What it does
 * show is the schema's state in one line, the two development-only warnings, and one line per request.
 */
class QuietStartTest {

    @Test
    void theFirstStartOnTheDevelopmentConfigurationPrintsOnlyMeaningfulLines() throws Exception {
        List<String> lines = startServeOneRequestAndStop();

        assertThat(lines).as("logback-access's status lines about its own version")
            .noneMatch(line -> line.contains("|-WARN") || line.contains("|-INFO") || line.contains("version ?"));
        assertThat(lines).as("Liquibase's narrative")
            .noneMatch(line -> line.contains(" liquibase.") || line.contains("UPDATE SUMMARY"));
        assertThat(lines).filteredOn(line -> line.startsWith("WARN") || line.startsWith("ERROR"))
            .as("every warning names a development-only setting")
            .hasSize(2)
            .allMatch(line -> line.contains("for development only"));
        assertThat(lines).anyMatch(line -> line.matches(
            ".*dev\\.sessionauth\\.users\\.UserDatabase: Database schema migrated: [1-9][0-9]* change set\\(s\\) applied"));
        assertThat(lines).filteredOn(line -> line.contains(" http.request: "))
            .singleElement().asString().contains("\"GET /ping HTTP/1.1\" 200");
    }

    private static List<String> startServeOneRequestAndStop() throws Exception {
        DropwizardTestSupport<SessionAuthConfiguration> app = new DropwizardTestSupport<>(
            SessionAuthApplication.class, "../config/dev.yml",
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("forwardAuth.listener.port", "0"),
            ConfigOverride.config("database.url", "jdbc:h2:mem:quiet-start-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
        try {
            app.before();
            HttpResponse<String> ping = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + "/ping")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(ping.statusCode()).isEqualTo(200);
        } finally {
            try {
                app.after();
            } finally {
                System.setOut(out);
                System.getProperties().stringPropertyNames().stream()
                    .filter(name -> name.startsWith("dw."))
                    .forEach(System::clearProperty);
            }
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Writes to both streams, so that the test's own output still reaches the console. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
