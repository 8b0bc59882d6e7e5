package dev.sessionauth.forward;

import dev.sessionauth.bundle.Browsers;
import dev.sessionauth.bundle.Origins;
import dev.sessionauth.bundle.SessionInfo;
import dev.sessionauth.bundle.SecondFactors;
import dev.sessionauth.bundle.Sessions;
import dev.sessionauth.bundle.TrustedProxies;
import dev.sessionauth.store.AssuranceLevel;
import dev.sessionauth.users.User;
import io.dropwizard.auth.Auth;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /auth/verify} and every path below it, for any method ({@link ForwardAuthRequests}): a
 * reverse proxy asks whether the request it is about to pass on may go through.
 * <ul>
 *   <li><b>403</b> when the original request is unsafe (any method but GET, HEAD, OPTIONS and
 *       TRACE, or one the proxy did not name) and comes from
 *       another site by {@code Sec-Fetch-Site: cross-site} or by an {@code Origin} that is neither
 *       its own nor one of {@code sessions.allowedOrigins}: the application behind the proxy gets
 *       the service's CSRF rule without writing any;</li>
 *   <li>the access rules ({@code forwardAuth.rules}, first match wins, then
 *       {@code forwardAuth.defaultPolicy}) decide what the request needs: nothing ({@code bypass}:
 *       200), a live session ({@code signed-in}), a live session whose user has one of some roles
 *       ({@code roles}: <b>403</b> for another user), a live session that passed a second factor,
 *       lately if the rule says {@code within} ({@code second-factor}: a browser is sent to
 *       {@code stepUpUrl} with the original URL as {@code rd}, through nginx as a 401 that names it,
 *       anything else gets <b>403</b> JSON {@value SecondFactors#REQUIRED}), or nothing will do
 *       ({@code deny}: <b>403</b>).
 *       The rule that decided is logged at debug level;</li>
 *   <li><b>200</b> for a live session the rules let through, with the user in headers for the proxy to copy upstream
 *       (names configurable): {@code Remote-User}, {@code Remote-User-Id}, {@code Remote-Groups}
 *       (roles, comma-separated), {@code Remote-Session}, the session's handle, never its ID, and
 *       {@code Remote-Authentication-Level}, {@code aal1} or {@code aal2} (a second factor passed).
 *       The session is resolved, its user loaded and it is touched exactly as on every other
 *       endpoint, so timeouts, revocation and disabling take effect here at once;</li>
 *   <li><b>401</b> JSON otherwise. A browser is sent to sign in with the original URL as
 *       {@code rd}: by a 302 (303 for a method other than GET and HEAD) through proxies that pass
 *       the answer on, and for nginx, whose {@code auth_request} cannot, by the 401 with that
 *       {@code Location}, for its {@code error_page 401};</li>
 *   <li><b>503</b> when the session store or the user database cannot be reached, never 200.</li>
 * </ul>
 * A name or role that is not plain ASCII travels percent-encoded (UTF-8), and so does a
 * {@code %} in it, so that no two users ever send the same {@code Remote-User}.
 */
@Path("/" + ForwardAuthRequests.PATH)
public final class ForwardAuthResource {

    static final String NOT_AUTHENTICATED = "Not authenticated";
    static final String CROSS_SITE = "Cross-site request refused";
    static final String ACCESS_DENIED = "Access denied";
    private static final String FORBIDDEN_PAGE = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Access denied</title></head><body><h1>Access denied</h1><p>You are signed in, but this page is not "
        + "open to your account.</p></body></html>\n";
    private static final Logger LOG = LoggerFactory.getLogger(ForwardAuthResource.class);
    /**
     * Every answer's {@code Cache-Control}, as text: a {@code CacheControl} object would be turned
     * into text by a header delegate looked up on every answer.
     */
    private static final String NO_STORE = "no-store";

    private final Sessions sessions;
    private final TrustedProxies proxies;
    private final Set<String> allowedOrigins;
    private final String signInUrl;
    private final String stepUpUrl;
    private final Clock clock;
    private final ForwardAuthFactory.IdentityHeaders names;
    private final AccessRules rules;

    /**
     * @param allowedOrigins {@code sessions.allowedOrigins}: other origins that may send unsafe requests
     * @param clock          the sessions' clock, for how recent a second factor is
     */
    public ForwardAuthResource(ForwardAuthFactory config, List<String> allowedOrigins, Sessions sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
        this.stepUpUrl = config.getStepUpUrl();
        this.proxies = new TrustedProxies(config.getTrustedProxies());
        this.allowedOrigins = Origins.normalizeAll(allowedOrigins);
        this.signInUrl = config.getSignInUrl();
        this.names = config.getHeaders();
        this.rules = config.buildRules();
    }

    /** Answers whatever {@code Accept} says: its answers are for the proxy, which passes on their type. */
    @GET
    public Response verify(@Auth Optional<User> user, @Context ContainerRequestContext request) {
        String peer = TrustedProxies.peerAddress(request);
        OriginalRequest original = OriginalRequest.of(request, peer, proxies);
        if (original.isUnsafe() && isCrossSite(request, original)) {
            return error(Response.Status.FORBIDDEN, CROSS_SITE).build();
        }
        Supplier<String> client = () -> proxies.client(peer, request.getHeaders().get("X-Forwarded-For"));
        AccessRules.Decision decision = rules.decide(original.hostName(), original::canonicalPath, original.method(),
            client);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {}{} from {}: {} decided {}", original.method(), original.hostName(), original.path(),
                client.get(), decision.name(), decision.policy().configName());
        }
        Optional<SessionInfo> session = user.flatMap(signedIn -> sessions.current(request));
        switch (decision.policy()) {
            case DENY:
                return forbidden(request);
            case BYPASS:
                return session.isPresent() ? identity(user.get(), session.get()) : Response.ok().header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
            case ROLES:
                if (session.isPresent() && user.get().roles().stream().noneMatch(decision.rule().roles()::contains)) {
                    return forbidden(request);
                }
                break;
            case SECOND_FACTOR:
                if (session.isPresent()
                    && !hasSecondFactor(session.get(), decision.rule() == null ? null : decision.rule().within())) {
                    return stepUp(request, original);
                }
                break;
            default:
                break;
        }
        if (session.isPresent()) {
            return identity(user.get(), session.get());
        }
        String url = original.url();
        if (url == null || !Browsers.prefersHtml(request)) {
            return error(Response.Status.UNAUTHORIZED, NOT_AUTHENTICATED).build();
        }
        String signIn = withReturn(signInUrl, url);
        if (original.fromNginx()) {
            return error(Response.Status.UNAUTHORIZED, NOT_AUTHENTICATED).header(HttpHeaders.LOCATION, signIn).build();
        }
        return Response.status(original.isGetOrHead() ? Response.Status.FOUND : Response.Status.SEE_OTHER)
            .header(HttpHeaders.CACHE_CONTROL, NO_STORE).header(HttpHeaders.LOCATION, signIn).build();
    }

    /** Whether the session passed a second factor, within {@code within} when that is not null. */
    private boolean hasSecondFactor(SessionInfo session, Duration within) {
        return session.assuranceLevel() == AssuranceLevel.AAL2
            && (within == null || !session.secondFactorAt().orElseThrow().plus(within).isBefore(clock.instant()));
    }

    /**
     * A session without the second factor a rule wants: a browser goes to step up and come back
     * (through nginx, a 401 with the step-up URL for its error page, as for signing in); anything
     * else gets 403 JSON.
     */
    private Response stepUp(ContainerRequestContext request, OriginalRequest original) {
        String url = original.url();
        if (url == null || !Browsers.prefersHtml(request)) {
            return error(Response.Status.FORBIDDEN, SecondFactors.REQUIRED).build();
        }
        String stepUp = withReturn(stepUpUrl, url);
        if (original.fromNginx()) {
            return error(Response.Status.UNAUTHORIZED, SecondFactors.REQUIRED).header(HttpHeaders.LOCATION, stepUp)
                .build();
        }
        return Response.status(original.isGetOrHead() ? Response.Status.FOUND : Response.Status.SEE_OTHER)
            .header(HttpHeaders.CACHE_CONTROL, NO_STORE).header(HttpHeaders.LOCATION, stepUp).build();
    }

    /** {@code page} with the original URL as {@code rd}. */
    private static String withReturn(String page, String url) {
        return page + (page.contains("?") ? "&" : "?") + "rd=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    /** 200 with the user in the identity headers, for the proxy to copy upstream. */
    private Response identity(User signedIn, SessionInfo session) {
        return Response.ok().header(HttpHeaders.CACHE_CONTROL, NO_STORE)
            .header(names.getUser(), encode(signedIn.username()))
            .header(names.getUserId(), Long.toString(signedIn.id()))
            .header(names.getGroups(), signedIn.roles().stream().sorted().map(ForwardAuthResource::encode)
                .collect(Collectors.joining(",")))
            .header(names.getSession(), session.handle())
            .header(names.getLevel(), session.assuranceLevel().label())
            .build();
    }

    /** 403 for a request the rules refuse: JSON, or a plain page for a browser. */
    private static Response forbidden(ContainerRequestContext request) {
        if (Browsers.prefersHtml(request)) {
            return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE).entity(FORBIDDEN_PAGE).build();
        }
        return error(Response.Status.FORBIDDEN, ACCESS_DENIED).build();
    }

    private boolean isCrossSite(ContainerRequestContext request, OriginalRequest original) {
        return Origins.isCrossSite(request.getHeaderString("Sec-Fetch-Site"), request.getHeaderString("Origin"),
            original::origin, allowedOrigins);
    }

    /** Visible ASCII but {@code %} and {@code ,} as it is; anything else percent-encoded UTF-8. */
    static String encode(String value) {
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

    private static Response.ResponseBuilder error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, NO_STORE)
            .entity(new ErrorMessage(status.getStatusCode(), message));
    }
}
