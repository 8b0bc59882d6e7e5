package dev.sessionauth.pages;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The headers every page and every redirect between pages carries. {@code Cache-Control: no-store}
 * keeps private pages out of every cache, the back-forward cache included, so the back button after
 * logout asks the server again and finds nobody signed in. The content security policy allows this
 * origin's stylesheet and forms and nothing else: no script, no frame, no form posted elsewhere.
 */
@HtmlPage
public final class PageHeaders implements ContainerResponseFilter {

    /**
     * Only this site's own stylesheet and images, and its one script ({@code /assets/passkeys.js}),
     * which calls this site's JSON API for passkeys: no inline script, no other origin.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'; "
        + "style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        headers.putSingle("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "same-origin");
    }
}
