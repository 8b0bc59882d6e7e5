package dev.sessionauth.bundle;

import dev.sessionauth.store.Session;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * Refuses forged unsafe requests (POST, PUT, PATCH, DELETE) with 403, before authentication and
 * before any resource runs:
 * <ol>
 *   <li>a request a browser marks as cross-site ({@code Sec-Fetch-Site: cross-site}), or whose
 *       {@code Origin} is neither this server's nor an allowed origin, is refused, session or not.
 *       Origins compare whole, scheme, host and port: {@code https://host} is not
 *       {@code http://host}. This server's origin is the one the client addressed, behind a
 *       trusted proxy as its {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} say
 *       ({@link ClientFilter});</li>
 *   <li>a request carrying a live session must carry that session's CSRF token, in the
 *       {@code X-CSRF-Token} header or the {@code _csrf} form field; compared in constant time.
 *       A form is read (and kept for the resource) only up to {@code maxFormBody}: a larger one is
 *       refused with 413.
 *       A {@link LoginForm} method checks its own login token instead.</li>
 * </ol>
 * Safe methods pass untouched: their handlers have no side effects.
 *
 * <p>Both rules protect the session cookie, which a browser attaches by itself. A request that
 * carries an {@code Authorization} header and no session cookie is the host's other
 * authentication's to judge (an API client's Basic credentials or bearer token, which a script
 * can only send cross-origin through a CORS preflight the host answers), and passes, unless the
 * browser says it made the request itself ({@code Sec-Fetch-Mode} {@code navigate} or
 * {@code no-cors}: a form post or an image, to which a browser may attach Basic credentials it
 * cached). A {@link LoginForm} keeps its own token whatever the request carries. Thread-safe.
 */
@Priority(Priorities.AUTHENTICATION - 100)
final class CsrfFilter implements ContainerRequestFilter {


    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final SessionResolver resolver;
    private final Set<String> allowedOrigins;
    private final long maxFormBytes;

    @Context
    private ResourceInfo resourceInfo;

    /** @param maxFormBytes the largest form whose {@code _csrf} field is looked for; larger ones are refused with 413 */
    CsrfFilter(SessionResolver resolver, List<String> allowedOrigins, long maxFormBytes) {
        this.resolver = resolver;
        this.allowedOrigins = Origins.normalizeAll(allowedOrigins);
        this.maxFormBytes = maxFormBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!UNSAFE.contains(request.getMethod()) || isOtherAuthentication(request)) {
            return;
        }
        if (isCrossSite(request)) {
            throw refuse("Cross-site request refused");
        }
        if (isLoginForm()) {
            return;
        }
        Session session = resolver.session(request).orElse(null);
        if (session != null && !tokenMatches(session.csrfToken(), presentedToken(request))) {
            throw refuse("Missing or invalid CSRF token");
        }
    }

    /**
     * Whether the request authenticates by an {@code Authorization} header a script or a client set,
     * and not by the session cookie: then forging it would need the credentials themselves.
     */
    private boolean isOtherAuthentication(ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) == null || isLoginForm()) {
            return false;
        }
        String mode = request.getHeaderString("Sec-Fetch-Mode");
        boolean browserMade = "navigate".equalsIgnoreCase(mode) || "no-cors".equalsIgnoreCase(mode);
        return !browserMade && !resolver.carriesCookie(request);
    }

    /** Whether the matched method checks its own login CSRF token ({@link LoginForm}). */
    private boolean isLoginForm() {
        return resourceInfo != null && resourceInfo.getResourceMethod() != null
            && resourceInfo.getResourceMethod().isAnnotationPresent(LoginForm.class);
    }

    private boolean isCrossSite(ContainerRequestContext request) {
        return Origins.isCrossSite(request.getHeaderString("Sec-Fetch-Site"), request.getHeaderString("Origin"),
            () -> ClientFilter.origin(request), allowedOrigins);
    }

    private String presentedToken(ContainerRequestContext request) {
        String header = request.getHeaderString(Sessions.CSRF_HEADER);
        if (header != null) {
            return header;
        }
        if (request instanceof ContainerRequest container
            && MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(request.getMediaType())) {
            BodyLimitFilter.bounded(request, maxFormBytes);
            container.bufferEntity();
            Form form = container.readEntity(Form.class);
            return form == null ? null : form.asMap().getFirst(Sessions.CSRF_FORM_FIELD);
        }
        return null;
    }

    private static boolean tokenMatches(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private WebApplicationException refuse(String message) {
        resolver.count(Refusal.CSRF);
        return new WebApplicationException(Response.status(Response.Status.FORBIDDEN)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ErrorMessage(Response.Status.FORBIDDEN.getStatusCode(), message))
            .build());
    }
}
