package dev.sessionauth.forward;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
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
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
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
 * <p>A Jetty handler, below servlets and Jersey: every request to every application behind the
 * proxy pays for this check, and it needs none of what they do (filters, matching, injection,
 * entity writing). It serves in two places. {@link #inContext} puts it in the application's
 * context ahead of its servlets, where it answers the check's paths and passes every other
 * request on. {@link #listener} makes it the whole of the check's own listener
 * ({@code forwardAuth.listener}), which answers nothing else. There, with a store that answers in
 * memory, it runs on the thread that read the request, as a bare Jetty handler does, and answers
 * from memory when it can ({@link ServletAuthentication#authenticateInMemory}: the session in the
 * store, its user in the {@link dev.sessionauth.users.UserCache}); anything that would wait (a
 * user to load, a session to end) is handed, whole, to the listener's threads. With a store
 * elsewhere (Redis) every check runs on those threads.
 */
public final class ForwardAuthHandler extends Handler.Wrapper {

    /** Where the check is served; any path below it is the same check (Envoy's {@code path_prefix}). */
    public static final String PATH = "/auth/verify";
    static final String NOT_AUTHENTICATED = "Not authenticated";
    static final String CROSS_SITE = "Cross-site request refused";
    static final String ACCESS_DENIED = "Access denied";
    static final String NOT_FOUND = "Not found";
    /** Checks the listener answered on the thread that read them, from memory. */
    public static final String ANSWERED_IN_MEMORY = "sessionauth.forward.listener.answeredInMemory";
    /** Checks the listener handed to its other threads, because something would wait. */
    public static final String HANDED_OVER = "sessionauth.forward.listener.handedOver";
    private static final String STORE_UNAVAILABLE = "Session store unavailable";
    private static final String DATABASE_UNAVAILABLE = "User database unavailable";
    private static final String BUSY = "Too busy, retry";
    private static final byte[] FORBIDDEN_PAGE = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Access denied</title></head><body><h1>Access denied</h1><p>You are signed in, but this page is not "
        + "open to your account.</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_BODY = new byte[0];
    private static final String JSON = "application/json";
    private static final String HTML = "text/html;charset=UTF-8";
    private static final String NO_STORE = "no-store";
    private static final Logger LOG = LoggerFactory.getLogger(ForwardAuthHandler.class);

    /** Authenticates a check's request; empty when it cannot be done without waiting. */
    @FunctionalInterface
    private interface Authenticator {
        Optional<ServletAuthentication.Result<User>> authenticate(List<String> cookieHeaders, String authorization);
    }

    private final TrustedProxies proxies;
    private final Set<String> allowedOrigins;
    private final String signInUrl;
    private final String stepUpUrl;
    private final Clock clock;
    private final ForwardAuthFactory.IdentityHeaders names;
    private final AccessRules rules;
    private final boolean listener;
    private final Authenticator waiting;
    private final Authenticator inMemory;
    private final Map<String, byte[]> errors = new HashMap<>();
    private final Counter answeredInMemory;
    private final Counter handedOver;

    private ForwardAuthHandler(ForwardAuthFactory config, List<String> allowedOrigins,
                               ServletAuthentication<User> authentication, Function<String, User> usersAtHand,
                               Clock clock, ObjectMapper json, MetricRegistry metrics) {
        this.listener = metrics != null;
        this.clock = clock;
        this.stepUpUrl = config.getStepUpUrl();
        this.proxies = new TrustedProxies(config.getTrustedProxies());
        this.allowedOrigins = Origins.normalizeAll(allowedOrigins);
        this.signInUrl = config.getSignInUrl();
        this.names = config.getHeaders();
        this.rules = config.buildRules();
        this.waiting = (cookies, authorization) -> Optional.of(authentication.authenticate(cookies, authorization));
        this.inMemory = listener && authentication.answersInMemory()
            ? (cookies, authorization) -> authentication.authenticateInMemory(cookies, authorization, usersAtHand)
            : null;
        this.answeredInMemory = inMemory == null ? null : metrics.counter(ANSWERED_IN_MEMORY);
        this.handedOver = inMemory == null ? null : metrics.counter(HANDED_OVER);
        // Every answer's body is one of a few, written once here.
        for (int status : new int[] {HttpStatus.UNAUTHORIZED_401, HttpStatus.FORBIDDEN_403}) {
            for (String message : List.of(NOT_AUTHENTICATED, CROSS_SITE, ACCESS_DENIED, SecondFactors.REQUIRED)) {
                errors.put(status + message, body(json, status, message));
            }
        }
        errors.put(HttpStatus.NOT_FOUND_404 + NOT_FOUND, body(json, HttpStatus.NOT_FOUND_404, NOT_FOUND));
        for (String message : List.of(STORE_UNAVAILABLE, DATABASE_UNAVAILABLE, BUSY)) {
            errors.put(HttpStatus.SERVICE_UNAVAILABLE_503 + message, body(json, HttpStatus.SERVICE_UNAVAILABLE_503, message));
        }
    }

    /**
     * The check in the application's context, ahead of its servlets ({@code insertHandler}): it
     * answers {@link #PATH} and below and passes every other request on.
     *
     * @param allowedOrigins {@code sessions.allowedOrigins}: other origins that may send unsafe requests
     * @param clock          the sessions' clock, for how recent a second factor is
     * @param json           writes the error answers as every other endpoint does
     */
    public static ForwardAuthHandler inContext(ForwardAuthFactory config, List<String> allowedOrigins,
                                               ServletAuthentication<User> authentication, Clock clock,
                                               ObjectMapper json) {
        return new ForwardAuthHandler(config, allowedOrigins, authentication, key -> null, clock, json, null);
    }

    /**
     * The whole handler of the check's own listener: it answers {@link #PATH} and below, and 404
     * to anything else.
     *
     * @param usersAtHand the enabled user of a user key when it is in memory, else null
     *                    ({@link dev.sessionauth.users.UserCache#signedInIfCached})
     * @param metrics     counts the checks answered in memory ({@value #ANSWERED_IN_MEMORY}) and
     *                    those handed over ({@value #HANDED_OVER})
     */
    public static ForwardAuthHandler listener(ForwardAuthFactory config, List<String> allowedOrigins,
                                              ServletAuthentication<User> authentication,
                                              Function<String, User> usersAtHand, Clock clock, ObjectMapper json,
                                              MetricRegistry metrics) {
        return new ForwardAuthHandler(config, allowedOrigins, authentication, usersAtHand, clock, json, metrics);
    }

    /**
     * Non-blocking on a listener whose store answers in memory: Jetty then runs each check on the
     * thread that read it, and the check hands to another whatever would wait. Otherwise what the
     * handlers it wraps need, blocking.
     */
    @Override
    public InvocationType getInvocationType() {
        if (listener) {
            return inMemory != null ? InvocationType.NON_BLOCKING : InvocationType.BLOCKING;
        }
        return super.getInvocationType();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!isCheck(Request.getPathInContext(request))) {
            Handler next = getHandler();
            if (next != null) {
                return next.handle(request, response, callback);
            }
            send(request, response, callback, error(response, HttpStatus.NOT_FOUND_404, NOT_FOUND));
            return true;
        }
        if (inMemory == null) {
            return answer(request, response, callback, waiting, null);
        }
        if (!answer(request, response, callback, inMemory, answeredInMemory)) {
            // Something would wait: the whole check again, where waiting is allowed.
            handedOver.inc();
            try {
                request.getComponents().getExecutor().execute(() -> {
                    try {
                        answer(request, response, callback, waiting, null);
                    } catch (RuntimeException e) {
                        callback.failed(e);
                    }
                });
            } catch (RejectedExecutionException full) {
                LOG.warn("Forward-auth listener busy: every thread and the queue are taken");
                send(request, response, callback, unavailable(response, BUSY));
            }
        }
        return true;
    }

    /** Whether a path in the context is the check's: {@link #PATH}, or below it. */
    static boolean isCheck(String pathInContext) {
        return pathInContext != null && pathInContext.startsWith(PATH)
            && (pathInContext.length() == PATH.length() || pathInContext.charAt(PATH.length()) == '/');
    }

    /**
     * Answers the check, or returns false, having answered nothing, when {@code authenticator}
     * could not authenticate it without waiting.
     *
     * @param answered counted before the answer is sent, when there is one; may be null
     */
    private boolean answer(Request request, Response response, Callback callback, Authenticator authenticator,
                           Counter answered) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, NO_STORE);
        byte[] body;
        try {
            body = verify(request, response, authenticator);
        } catch (SessionStoreException e) {
            LOG.warn("Session store unavailable: {}", e.getMessage());
            body = unavailable(response, STORE_UNAVAILABLE);
        } catch (ConnectionException e) {
            LOG.warn("User database unavailable: {}", e.getMessage());
            body = unavailable(response, DATABASE_UNAVAILABLE);
        }
        if (body == null) {
            return false;
        }
        if (answered != null) {
            answered.inc();
        }
        send(request, response, callback, body);
        return true;
    }

    /** Decides the check and sets its status and headers; returns the body, or null to wait. */
    private byte[] verify(Request request, Response response, Authenticator authenticator) {
        HttpFields headers = request.getHeaders();
        String peer = Request.getRemoteAddr(request);
        OriginalRequest original = OriginalRequest.of(request, proxies.trusts(peer));
        if (original.isUnsafe() && isCrossSite(headers, original)) {
            return error(response, HttpStatus.FORBIDDEN_403, CROSS_SITE);
        }
        Supplier<String> client = () -> proxies.client(peer, headers.getValuesList("X-Forwarded-For"));
        AccessRules.Decision decision = rules.decide(original.hostName(), original::canonicalPath, original.method(),
            client);
        Optional<ServletAuthentication.Result<User>> authenticated = authenticator.authenticate(
            headers.getValuesList(HttpHeader.COOKIE), headers.get(HttpHeader.AUTHORIZATION));
        if (authenticated.isEmpty()) {
            return null;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {}{} from {}: {} decided {}", original.method(), original.hostName(), original.path(),
                client.get(), decision.name(), decision.policy().configName());
        }
        ServletAuthentication.Result<User> signedIn = authenticated.get();
        signedIn.expiredCookie().ifPresent(cookie -> response.getHeaders().add(HttpHeader.SET_COOKIE, cookie));
        Optional<SessionInfo> session = signedIn.session();
        switch (decision.policy()) {
            case DENY -> {
                return forbidden(headers, response);
            }
            case ROLES -> {
                if (session.isPresent()
                    && signedIn.principal().orElseThrow().roles().stream().noneMatch(decision.rule().roles()::contains)) {
                    return forbidden(headers, response);
                }
            }
            case SECOND_FACTOR -> {
                if (session.isPresent()
                    && !hasSecondFactor(session.get(), decision.rule() == null ? null : decision.rule().within())) {
                    // A browser goes to step up and come back; anything else gets 403 JSON.
                    return sendTo(headers, response, original, stepUpUrl, HttpStatus.FORBIDDEN_403,
                        SecondFactors.REQUIRED);
                }
            }
            default -> {
            }
        }
        if (session.isPresent()) {
            identity(response, signedIn.principal().orElseThrow(), session.get());
            return NO_BODY;
        }
        if (decision.policy() == AccessRuleFactory.Policy.BYPASS) {
            return NO_BODY;
        }
        return sendTo(headers, response, original, signInUrl, HttpStatus.UNAUTHORIZED_401, NOT_AUTHENTICATED);
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
    private byte[] sendTo(HttpFields headers, Response response, OriginalRequest original, String page,
                          int otherwise, String message) {
        String url = original.url();
        if (url == null || !Browsers.prefersHtml(joined(headers, HttpHeader.ACCEPT.asString()))) {
            return error(response, otherwise, message);
        }
        String location = page + (page.contains("?") ? "&" : "?") + "rd=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        if (original.fromNginx()) {
            return error(response, HttpStatus.UNAUTHORIZED_401, message);
        }
        response.setStatus(original.isGetOrHead() ? HttpStatus.FOUND_302 : HttpStatus.SEE_OTHER_303);
        return NO_BODY;
    }

    /** 200 with the user in the identity headers, for the proxy to copy upstream. */
    private void identity(Response response, User user, SessionInfo session) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(names.getUser(), encode(user.username()));
        headers.put(names.getUserId(), Long.toString(user.id()));
        headers.put(names.getGroups(), groups(user));
        headers.put(names.getSession(), session.handle());
        headers.put(names.getLevel(), session.assuranceLevel().label());
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
    private byte[] forbidden(HttpFields headers, Response response) {
        if (Browsers.prefersHtml(joined(headers, HttpHeader.ACCEPT.asString()))) {
            response.setStatus(HttpStatus.FORBIDDEN_403);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, HTML);
            return FORBIDDEN_PAGE;
        }
        return error(response, HttpStatus.FORBIDDEN_403, ACCESS_DENIED);
    }

    private byte[] unavailable(Response response, String message) {
        response.reset();
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, NO_STORE);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        return error(response, HttpStatus.SERVICE_UNAVAILABLE_503, message);
    }

    /** The status, and the error's JSON as the service's other endpoints write it. */
    private byte[] error(Response response, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        return errors.get(status + message);
    }

    private static byte[] body(ObjectMapper json, int status, String message) {
        try {
            return json.writeValueAsBytes(new ErrorMessage(status, message));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the response with {@code body}, which a HEAD request is not sent. */
    private static void send(Request request, Response response, Callback callback, byte[] body) {
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (body.length == 0 || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
        } else {
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    private boolean isCrossSite(HttpFields headers, OriginalRequest original) {
        return Origins.isCrossSite(joined(headers, "Sec-Fetch-Site"), joined(headers, "Origin"), original::origin,
            allowedOrigins);
    }

    /** A header's values joined with commas, as JAX-RS reads a header; null when it is absent. */
    static String joined(HttpFields headers, String name) {
        String first = null;
        StringBuilder all = null;
        for (int i = 0; i < headers.size(); i++) {
            var field = headers.getField(i);
            if (!field.is(name)) {
                continue;
            }
            if (first == null) {
                first = field.getValue();
            } else {
                if (all == null) {
                    all = new StringBuilder(first);
                }
                all.append(',').append(field.getValue());
            }
        }
        return all == null ? first : all.toString();
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
