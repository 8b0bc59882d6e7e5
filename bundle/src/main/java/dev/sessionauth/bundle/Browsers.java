package dev.sessionauth.bundle;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Telling a browser asking for a page from a script or an API client, by what it accepts. */
public final class Browsers {

    private Browsers() {
    }

    /**
     * Whether the most preferred type the request accepts that is HTML or JSON is HTML. A wildcard
     * counts as JSON, so only a client that names {@code text/html} above JSON gets pages; a
     * malformed {@code Accept} counts as JSON too.
     */
    public static boolean prefersHtml(ContainerRequestContext request) {
        List<MediaType> accepted;
        try {
            accepted = request.getAcceptableMediaTypes();
        } catch (RuntimeException malformedAcceptHeader) {
            return false;
        }
        for (MediaType type : accepted) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
                return true;
            }
        }
        return false;
    }
}
