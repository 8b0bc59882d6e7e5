package dev.sessionauth.testing;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Runs a command line as {@code java -jar sessionauth.jar ...} would, capturing standard error. */
public record CliRun(Optional<Throwable> failure, String stderr) {

    public static CliRun run(Bootstrap<?> bootstrap, String... arguments) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
             PrintStream stdout = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
            Optional<Throwable> failure = new Cli(new JarLocation(CliRun.class), bootstrap, stdout, stderr)
                .run(arguments);
            return new CliRun(failure, err.toString(StandardCharsets.UTF_8));
        }
    }
}
