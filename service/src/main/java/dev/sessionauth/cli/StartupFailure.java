package dev.sessionauth.cli;

import dev.sessionauth.store.SessionStoreException;
import io.dropwizard.configuration.ConfigurationException;
import java.net.BindException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns the failures an operator causes (a bad configuration, an unreachable store, a port
 * another process holds, a bad command argument) into one line naming the problem, instead of a stack trace. Anything else is a bug and
 * keeps its stack trace.
 */
public final class StartupFailure {

    private StartupFailure() {
    }

    /** @return the one-line description, or empty when {@code e} is not an operator's mistake */
    public static Optional<String> describe(Throwable e) {
        if (e instanceof ConfigurationException config) {
            return Optional.of(describe(config));
        }
        if (e instanceof SessionStoreException || e instanceof IllegalArgumentException) {
            return Optional.of("sessionauth cannot start: " + e.getMessage());
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getCause() instanceof BindException taken) {
                // Jetty's "Failed to bind to /127.0.0.1:9091", then why.
                return Optional.of("sessionauth cannot start: " + firstLine(String.valueOf(t.getMessage())) + ": "
                    + taken.getMessage());
            }
            if (t instanceof SQLException) {
                return Optional.of("sessionauth cannot start: the user database cannot be reached: "
                    + firstLine(String.valueOf(t.getMessage())));
            }
        }
        return Optional.empty();
    }

    /**
     * The file and each of its problems, from the exception's own list: only the first line of a
     * problem (a parsing error adds suggestions below it), without Jackson's and Hibernate
     * Validator's internal names. The file is named only in the message's first line.
     */
    private static String describe(ConfigurationException e) {
        String problems = e.getErrors().stream()
            .map(error -> firstLine(error.strip()).replace(".<list element>", "")
                .replaceAll(" \\(for POJO property '[^']*'\\)", ""))
            .collect(Collectors.joining("; "));
        String where = firstLine(e.getMessage()).replace(" has an error:", "").replace(" has the following errors:", "");
        return "sessionauth cannot start: " + where + ": " + (problems.isEmpty() ? firstLine(e.getMessage()) : problems);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
