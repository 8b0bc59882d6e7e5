package dev.sessionauth.forward;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;

/**
 * Makes every check request one request: a proxy may ask with any method (nginx sends the
 * original request's, Envoy too) and below {@code /auth/verify} (Envoy's {@code path_prefix}
 * appends the original path). Before matching, such a request becomes {@code GET /auth/verify}
 * ({@code HEAD} stays {@code HEAD}), and the method and path it came with are kept for
 * {@link OriginalRequest}. A check request changes nothing (but the session's last-use time), so
 * it is safe whatever method it came with: the bundle's CSRF token check, which is for
 * requests that change something here, does not apply; the original request's cross-site check
 * does ({@link ForwardAuthResource}).
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 300)
public final class ForwardAuthRequests implements ContainerRequestFilter {

    static final String PATH = "auth/verify";
    static final String METHOD = ForwardAuthRequests.class.getName() + ".method";
    static final String SUFFIX = ForwardAuthRequests.class.getName() + ".suffix";

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath(false);
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (!relative.equals(PATH) && !relative.startsWith(PATH + "/")) {
            return;
        }
        request.setProperty(METHOD, request.getMethod());
        request.setProperty(SUFFIX, relative.substring(PATH.length()));
        if (!HttpMethod.HEAD.equals(request.getMethod())) {
            request.setMethod(HttpMethod.GET);
        }
        if (!relative.equals(PATH)) {
            URI base = request.getUriInfo().getBaseUri();
            URI rewritten = UriBuilder.fromUri(base).path(PATH)
                .replaceQuery(request.getUriInfo().getRequestUri().getRawQuery()).build();
            request.setRequestUri(base, rewritten);
        }
    }
}
