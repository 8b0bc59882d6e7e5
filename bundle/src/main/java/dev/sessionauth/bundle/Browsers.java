package dev.sessionauth.bundle;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;

/** Telling a browser asking for a page from a script or an API client, by what it accepts. */
public final class Browsers {

    private Browsers() {
    }

    /** Whether the request's {@code Accept} prefers HTML; see {@link #prefersHtml(String)}. */
    public static boolean prefersHtml(ContainerRequestContext request) {
        return prefersHtml(request.getHeaderString(HttpHeaders.ACCEPT));
    }

    /**
     * Whether the most preferred type an {@code Accept} header names that is HTML or JSON is HTML:
     * the highest quality wins, then the more specific range ({@code text/html} over
     * {@code text/*} over {@code *}{@code /*}), then the first named. A wildcard counts as JSON, so
     * only a client that names {@code text/html} above JSON gets pages; no header and a malformed
     * one count as JSON too.
     *
     * @param accept the header's value, its values joined with commas; may be null
     */
    public static boolean prefersHtml(String accept) {
        if (accept == null) {
            return false;
        }
        boolean html = false;
        double bestQuality = 0;
        int bestWildcards = Integer.MAX_VALUE;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            int slash = type.indexOf('/');
            if (slash <= 0 || slash == type.length() - 1) {
                if (type.isEmpty() && parts.length == 1) {
                    continue;
                }
                return false;
            }
            double quality = quality(parts);
            if (Double.isNaN(quality)) {
                return false;
            }
            String main = type.substring(0, slash);
            String sub = type.substring(slash + 1);
            boolean json = matches(main, sub, "application", "json");
            if (quality == 0 || !json && !matches(main, sub, "text", "html")) {
                continue;
            }
            int wildcards = (main.equals("*") ? 1 : 0) + (sub.equals("*") ? 1 : 0);
            if (quality > bestQuality || quality == bestQuality && wildcards < bestWildcards) {
                bestQuality = quality;
                bestWildcards = wildcards;
                html = !json;
            }
        }
        return html;
    }

    private static boolean matches(String main, String sub, String wantedMain, String wantedSub) {
        return (main.equals("*") || main.equals(wantedMain)) && (sub.equals("*") || sub.equals(wantedSub));
    }

    /** The range's {@code q}, 1 without one; NaN when it is not a number from 0 to 1. */
    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
                && parameter.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(parameter.substring(2));
                    return q >= 0 && q <= 1 ? q : Double.NaN;
                } catch (NumberFormatException malformed) {
                    return Double.NaN;
                }
            }
        }
        return 1;
    }
}
