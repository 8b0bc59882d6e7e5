package dev.sessionauth.operations;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses, with 403 JSON, what only a web page could send to the admin port. The admin port has no
 * authentication of its own: it is meant to be reached by operators only, often through an SSH
 * tunnel to {@code localhost}, and then any page open in the operator's browser can post to it
 * (a task that lowers a log level, one that revokes sessions). So a request that changes anything
 * (any method but GET, HEAD and OPTIONS) is refused when it carries an {@code Origin}, or a
 * {@code Sec-Fetch-Site} other than {@code none} (the operator typed it, or a tool sent it); a
 * read is refused only when it comes from another site. curl, scripts and the operator's own
 * address bar send neither header. Thread-safe.
 */
public final class AdminCrossSiteFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final byte[] REFUSED = "{\"code\":403,\"message\":\"Cross-site request to the admin port refused\"}"
        .getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException {
        if (isFromAPage(request)) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("application/json");
            response.setContentLength(REFUSED.length);
            response.getOutputStream().write(REFUSED);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isFromAPage(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        String fetchSite = site == null ? null : site.strip().toLowerCase(Locale.ROOT);
        if (READS.contains(request.getMethod())) {
            return "cross-site".equals(fetchSite) || "same-site".equals(fetchSite);
        }
        return request.getHeader("Origin") != null || fetchSite != null && !fetchSite.equals("none");
    }
}
