package dev.sessionauth.forward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.bundle.Browsers;
import dev.sessionauth.bundle.Origins;
import dev.sessionauth.bundle.SecondFactors;
import dev.sessionauth.bundle.ServletAuthentication;
import dev.sessionauth.bundle.SessionInfo;
import dev.sessionauth.bundle.TrustedProxies;
import dev.sessionauth.store.AssuranceLevel;
import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.users.User;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /auth/verify} and every path below it, for any method: a reverse proxy asks whether the
 * request it is about to pass on may go through. nginx asks with the original request's method,
 * and so does Envoy, whose {@code path_prefix} also appends the original path; every such request
 * is the same check, which changes nothing but the session's last-use time, so the CSRF token
 * check for requests that change something here does not apply. The original request's
 * cross-site check does.
 * <ul>
 *   <li><b>403</b> when the original request is unsafe (any method but GET, HEAD, OPTIONS and
 *       TRACE, or one the proxy did not name) and comes from another site by
 *       {@code Sec-Fetch-Site: cross-site} or by an {@code Origin} that is neither its own nor one
 *       of {@code sessions.allowedOrigins}: the application behind the proxy gets the service's
 *       CSRF rule without writing any;</li>
 *   <li>the access rules ({@code forwardAuth.rules}, first match wins, then
 *       {@code forwardAuth.defaultPolicy}) decide what the request needs: nothing ({@code bypass}:
 *       200), a live session ({@code signed-in}), a live session whose user has one of some roles
 *       ({@code roles}: <b>403</b> for another user), a live session that passed a second factor,
 *       lately if the rule says {@code within} ({@code second-factor}: a browser is sent to
 *       {@code stepUpUrl} with the original URL as {@code rd}, through nginx as a 401 that names it,
 *       anything else gets <b>403</b> JSON {@value SecondFactors#REQUIRED}), or nothing will do
 *       ({@code deny}: <b>403</b>). The rule that decided is logged at debug level;</li>
 *   <li><b>200</b> for a live session the rules let through, with the user in headers for the
 *       proxy to copy upstream (names configurable): {@code Remote-User}, {@code Remote-User-Id},
 *       {@code Remote-Groups} (roles, comma-separated), {@code Remote-Session}, the session's
 *       handle, never its ID, and {@code Remote-Authentication-Level}, {@code aal1} or
 *       {@code aal2} (a second factor passed). The session is resolved, its user loaded and it is
 *       touched exactly as on every other endpoint ({@link ServletAuthentication}), so timeouts,
 *       revocation and disabling take effect here at once;</li>
 *   <li><b>401</b> JSON otherwise. A browser is sent to sign in with the original URL as
 *       {@code rd}: by a 302 (303 for a method other than GET and HEAD) through proxies that pass
 *       the answer on, and for nginx, whose {@code auth_request} cannot, by the 401 with that
 *       {@code Location}, for its {@code error_page 401};</li>
 *   <li><b>503</b> when the session store or the user database cannot be reached, never 200.</li>
 * </ul>
 * A name or role that is not plain ASCII travels percent-encoded (UTF-8), and so does a
 * {@code %} in it, so that no two users ever send the same {@code Remote-User}.
 *
 * <p>A servlet, not a Jersey resource: every request to every application behind the proxy pays
 * for this check, and it needs none of what Jersey does (matching, injection, entity writing), so
 * it answers in the servlet container directly, at about the cost of the proxy's own subrequest.
 */
public final class ForwardAuthServlet extends HttpServlet {

    /** Where the check is served; any path below it is the same check (Envoy's {@code path_prefix}). */
    public static final String PATH = "/auth/verify";
    static final String NOT_AUTHENTICATED = "Not authenticated";
    static final String CROSS_SITE = "Cross-site request refused";
    static final String ACCESS_DENIED = "Access denied";
    private static final long serialVersionUID = 1L;
    private static final byte[] FORBIDDEN_PAGE = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Access denied</title></head><body><h1>Access denied</h1><p>You are signed in, but this page is not "
        + "open to your account.</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
    private static final String JSON = "application/json";
    private static final String HTML = "text/html;charset=UTF-8";
    private static final String NO_STORE = "no-store";
    private static final Logger LOG = LoggerFactory.getLogger(ForwardAuthServlet.class);

    private final transient ServletAuthentication<User> authentication;
    private final transient TrustedProxies proxies;
    private final transient Set<String> allowedOrigins;
    private final String signInUrl;
    private final String stepUpUrl;
    private final transient Clock clock;
    private final transient ForwardAuthFactory.IdentityHeaders names;
    private final transient AccessRules rules;
    private final transient ObjectMapper json;

    /**
     * @param allowedOrigins {@code sessions.allowedOrigins}: other origins that may send unsafe requests
     * @param clock          the sessions' clock, for how recent a second factor is
     * @param json           writes the error answers as every other endpoint does
     */
    public ForwardAuthServlet(ForwardAuthFactory config, List<String> allowedOrigins,
                              ServletAuthentication<User> authentication, Clock clock, ObjectMapper json) {
        this.authentication = authentication;
        this.clock = clock;
        this.json = json;
        this.stepUpUrl = config.getStepUpUrl();
        this.proxies = new TrustedProxies(config.getTrustedProxies());
        this.allowedOrigins = Origins.normalizeAll(allowedOrigins);
        this.signInUrl = config.getSignInUrl();
        this.names = config.getHeaders();
        this.rules = config.buildRules();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
        try {
            verify(request, response);
        } catch (SessionStoreException e) {
            LOG.warn("Session store unavailable: {}", e.getMessage());
            unavailable(request, response, "Session store unavailable");
        } catch (ConnectionException e) {
            LOG.warn("User database unavailable: {}", e.getMessage());
            unavailable(request, response, "User database unavailable");
        }
    }

    private void verify(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String peer = request.getRemoteAddr();
        OriginalRequest original = OriginalRequest.of(request, proxies.trusts(peer));
        if (original.isUnsafe() && isCrossSite(request, original)) {
            error(request, response, HttpServletResponse.SC_FORBIDDEN, CROSS_SITE);
            return;
        }
        Supplier<String> client = () -> proxies.client(peer, values(request, "X-Forwarded-For"));
        AccessRules.Decision decision = rules.decide(original.hostName(), original::canonicalPath, original.method(),
            client);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {}{} from {}: {} decided {}", original.method(), original.hostName(), original.path(),
                client.get(), decision.name(), decision.policy().configName());
        }
        ServletAuthentication.Result<User> signedIn = authentication.authenticate(request);
        signedIn.expiredCookie().ifPresent(cookie -> response.addHeader(HttpHeaders.SET_COOKIE, cookie));
        Optional<SessionInfo> session = signedIn.session();
        switch (decision.policy()) {
            case DENY -> {
                forbidden(request, response);
                return;
            }
            case ROLES -> {
                if (session.isPresent()
                    && signedIn.principal().orElseThrow().roles().stream().noneMatch(decision.rule().roles()::contains)) {
                    forbidden(request, response);
                    return;
                }
            }
            case SECOND_FACTOR -> {
                if (session.isPresent()
                    && !hasSecondFactor(session.get(), decision.rule() == null ? null : decision.rule().within())) {
                    // A browser goes to step up and come back; anything else gets 403 JSON.
                    sendTo(request, response, original, stepUpUrl, HttpServletResponse.SC_FORBIDDEN,
                        SecondFactors.REQUIRED);
                    return;
                }
            }
            default -> {
            }
        }
        if (session.isPresent()) {
            identity(response, signedIn.principal().orElseThrow(), session.get());
        } else if (decision.policy() == AccessRuleFactory.Policy.BYPASS) {
            response.setContentLength(0);
        } else {
            sendTo(request, response, original, signInUrl, HttpServletResponse.SC_UNAUTHORIZED, NOT_AUTHENTICATED);
        }
    }

    /** Whether the session passed a second factor, within {@code within} when that is not null. */
    private boolean hasSecondFactor(SessionInfo session, Duration within) {
        return session.assuranceLevel() == AssuranceLevel.AAL2
            && (within == null || !session.secondFactorAt().orElseThrow().plus(within).isBefore(clock.instant()));
    }

    /**
     * Sends a browser to {@code page} with the original URL as {@code rd}: by a redirect, or for
     * nginx, whose {@code auth_request} passes no redirect on, by a 401 with that {@code Location}
     * for its error page. Anything else, or a request whose URL is unknown, gets
     * {@code otherwise} with {@code message}: 401 for no session, 403 for a missing second factor.
     */
    private void sendTo(HttpServletRequest request, HttpServletResponse response, OriginalRequest original,
                        String page, int otherwise, String message) throws IOException {
        String url = original.url();
        if (url == null || !Browsers.prefersHtml(joined(request, HttpHeaders.ACCEPT))) {
            error(request, response, otherwise, message);
            return;
        }
        String location = page + (page.contains("?") ? "&" : "?") + "rd=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
        response.setHeader(HttpHeaders.LOCATION, location);
        if (original.fromNginx()) {
            error(request, response, HttpServletResponse.SC_UNAUTHORIZED, message);
            return;
        }
        response.setStatus(original.isGetOrHead() ? HttpServletResponse.SC_FOUND : HttpServletResponse.SC_SEE_OTHER);
        response.setContentLength(0);
    }

    /** 200 with the user in the identity headers, for the proxy to copy upstream. */
    private void identity(HttpServletResponse response, User user, SessionInfo session) {
        response.setHeader(names.getUser(), encode(user.username()));
        response.setHeader(names.getUserId(), Long.toString(user.id()));
        response.setHeader(names.getGroups(), groups(user));
        response.setHeader(names.getSession(), session.handle());
        response.setHeader(names.getLevel(), session.assuranceLevel().label());
        response.setContentLength(0);
    }

    /** The user's roles, sorted, each {@link #encode encoded}, joined with commas. */
    private static String groups(User user) {
        String[] roles = user.roles().toArray(new String[0]);
        Arrays.sort(roles);
        StringBuilder groups = new StringBuilder();
        for (String role : roles) {
            if (!groups.isEmpty()) {
                groups.append(',');
            }
            groups.append(encode(role));
        }
        return groups.toString();
    }

    /** 403 for a request the rules refuse: JSON, or a plain page for a browser. */
    private void forbidden(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (Browsers.prefersHtml(joined(request, HttpHeaders.ACCEPT))) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            send(request, response, HTML, FORBIDDEN_PAGE);
        } else {
            error(request, response, HttpServletResponse.SC_FORBIDDEN, ACCESS_DENIED);
        }
    }

    private void unavailable(HttpServletRequest request, HttpServletResponse response, String message)
        throws IOException {
        response.reset();
        response.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        error(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, message);
    }

    private void error(HttpServletRequest request, HttpServletResponse response, int status, String message)
        throws IOException {
        response.setStatus(status);
        byte[] body;
        try {
            body = json.writeValueAsBytes(new ErrorMessage(status, message));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        send(request, response, JSON, body);
    }

    private static void send(HttpServletRequest request, HttpServletResponse response, String type, byte[] body)
        throws IOException {
        response.setContentType(type);
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    private boolean isCrossSite(HttpServletRequest request, OriginalRequest original) {
        return Origins.isCrossSite(joined(request, "Sec-Fetch-Site"), joined(request, "Origin"), original::origin,
            allowedOrigins);
    }

    /** A header's values joined with commas, as JAX-RS reads a header; null when it is absent. */
    static String joined(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first;
        }
        StringBuilder all = new StringBuilder(first);
        while (values.hasMoreElements()) {
            all.append(',').append(values.nextElement());
        }
        return all.toString();
    }

    private static List<String> values(HttpServletRequest request, String name) {
        return Collections.list(request.getHeaders(name));
    }

    private static boolean isPlain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == '%' || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** Visible ASCII but {@code %} and {@code ,} as it is; anything else percent-encoded UTF-8. */
    static String encode(String value) {
        if (isPlain(value)) {
            return value;
        }
        StringBuilder encoded = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c > ' ' && c < 0x7F && c != '%' && c != ',') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return encoded.toString();
    }
}
