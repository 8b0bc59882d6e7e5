package dev.sessionauth.bundle;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.SessionStore;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.Authorizer;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.ConfiguredBundle;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.lifecycle.AutoCloseableManager;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * Server-side sessions for a Dropwizard application: the browser holds only a signed, opaque
 * session ID in an {@code HttpOnly} cookie, the session lives in the store the configuration
 * names, and {@code @Auth P} on a resource gets the host's own principal, loaded fresh on every
 * request. With the host's users ({@link PasswordAccounts}), it signs them in too ({@link Logins}).
 *
 * <pre>{@code
 * private final SessionAuthBundle<AppConfig, Member> sessions =
 *     new SessionAuthBundle<>(Member.class, AppConfig::getSessions, key -> members.find(key));
 *
 * public void initialize(Bootstrap<AppConfig> bootstrap) {
 *     bootstrap.addBundle(sessions);
 * }
 *
 * public void run(AppConfig config, Environment environment) {
 *     Logins logins = sessions.logins(config.getLogins(), members);   // members: PasswordAccounts
 *     environment.jersey().register(new LoginResource(logins, sessions.sessions()));
 * }
 * }</pre>
 *
 * <p>{@code run} builds the store and hands it to the lifecycle (closed at shutdown), registers the
 * {@code session-store} health check, per-operation timers and refusal counters, and registers with
 * Jersey: the cookie authentication filter with {@code @Auth P} injection and
 * {@code @RolesAllowed} (unless the host registers those itself, {@link #leaveAuthFeaturesToHost});
 * the CSRF filter for unsafe methods (token plus {@code Origin} /
 * {@code Sec-Fetch-Site}); the response filter that sends new cookies and tokens; and the answers
 * to a failed store (503) and to a concurrent change (409); and a servlet filter that records each
 * request's peer address. Nothing server-wide unless asked: no error handler
 * ({@link #jsonServerErrors}), no logger levels, and browsers are redirected to a sign-in page only
 * where the host names one ({@link #redirectBrowsersTo}).
 *
 * <p>Configure it before {@code run}; it is not thread-safe until then, and thread-safe after.
 *
 * @param <C> the host's configuration
 * @param <P> the host's principal, which {@code @Auth} injects
 */
public final class SessionAuthBundle<C extends Configuration, P extends Principal> implements ConfiguredBundle<C> {

    private final Class<P> principalType;
    private final Function<C, SessionsFactory> configuration;
    private final PrincipalLoader<P> loader;
    private Authorizer<P> authorizer = (principal, role, request) -> false;
    private URI loginPage;
    private SessionListener listener = SessionListener.logging();
    private Clock clock = Clock.systemUTC();
    private Function<P, Optional<Instant>> credentialsChangedAt = principal -> Optional.empty();
    private boolean registersAuthFeatures = true;
    private boolean jsonServerErrors;
    private MetricRegistry metrics;
    private SessionsFactory sessionsConfiguration;
    private List<PasswordFormat> passwordFormats = List.of();
    private SecurityListener securityListener = SecurityListener.logging();
    private volatile Logins logins;
    private volatile SessionsFactory.Machinery machinery;
    private volatile AuthFilter<?, P> authFilter;
    private volatile ServletAuthentication<P> servletAuthentication;

    /**
     * @param principalType what {@code @Auth} injects
     * @param configuration reads the {@code sessions} block from the host's configuration, as
     *                      {@code MigrationsBundle.getDataSourceFactory} reads its database
     * @param loader        loads the principal for a session's user key on every request
     */
    public SessionAuthBundle(Class<P> principalType, Function<C, SessionsFactory> configuration,
                             PrincipalLoader<P> loader) {
        this.principalType = Objects.requireNonNull(principalType, "principalType");
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /**
     * Decides {@code @RolesAllowed}. Without one, every {@code @RolesAllowed} resource is refused
     * (403): roles are the host's to define.
     *
     * @return this bundle
     */
    public SessionAuthBundle<C, P> authorizer(Authorizer<P> authorizer) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        return this;
    }

    /**
     * Sends a browser that asks for a protected page without a live session to {@code loginPage}
     * with a 303, instead of the JSON 401 every client gets by default. Only a request whose
     * {@code Accept} prefers {@code text/html} to JSON counts as a browser's; API clients and
     * {@code fetch} keep the 401.
     *
     * @param loginPage where to sign in, best relative ({@code /login}) so it stays on the scheme
     *                  the browser used behind a TLS-terminating proxy
     * @return this bundle
     */
    public SessionAuthBundle<C, P> redirectBrowsersTo(URI loginPage) {
        this.loginPage = Objects.requireNonNull(loginPage, "loginPage");
        return this;
    }

    /**
     * Hears every session created, rotated and ended, for auditing. It runs on the request thread
     * after the store has changed; an exception it throws is logged and swallowed. By default each
     * event is logged at INFO by user key and handle, never by ID.
     *
     * @return this bundle
     */
    public SessionAuthBundle<C, P> listener(SessionListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * When the principal's credentials last changed (a password change or reset), if ever: a
     * session authenticated before then (signed in, or re-authenticated, earlier) is refused and
     * ended on its next request, with {@link SessionEvent.Reason#CREDENTIALS_CHANGED}. Ending the
     * user's other sessions at the change remains the host's to do; this catches what that missed:
     * a login that read the old password and started its session during the change, a session a
     * lost store index hid. The instant is by this bundle's {@link #clock(Clock) clock}; nodes
     * need synchronized clocks, as for timeouts.
     *
     * @return this bundle
     */
    public SessionAuthBundle<C, P> credentialsChangedAt(Function<P, Optional<Instant>> credentialsChangedAt) {
        this.credentialsChangedAt = Objects.requireNonNull(credentialsChangedAt, "credentialsChangedAt");
        return this;
    }

    /**
     * Hash formats besides Argon2id and bcrypt that the host's users' stored hashes may be in; each
     * is replaced with Argon2id at the user's next sign-in.
     *
     * @return this bundle
     */
    public SessionAuthBundle<C, P> passwordFormats(PasswordFormat... formats) {
        this.passwordFormats = List.of(formats);
        return this;
    }

    /**
     * Hears every refused or throttled password check and every throttle engaged or released. By
     * default each is logged, by user key or a keyed hash of an unknown name, never a password.
     *
     * @return this bundle
     */
    public SessionAuthBundle<C, P> securityListener(SecurityListener listener) {
        this.securityListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Answers the errors Jetty answers itself, before any resource (a 20 KB cookie: 431, a control
     * character in a header: 400, an unknown method), in the JSON every other error has
     * ({@code {"code":431,"message":"Request Header Fields Too Large"}}) instead of Jetty's HTML
     * page: the {@link JsonErrorHandler} the sessionauth service uses. Server-wide, so only when
     * asked.
     *
     * @return this bundle
     */
    public SessionAuthBundle<C, P> jsonServerErrors() {
        this.jsonServerErrors = true;
        return this;
    }

    /**
     * Leaves dropwizard-auth's features to the host, which has authentication of its own (Basic
     * for API clients, bearer tokens): the bundle registers no {@code AuthDynamicFeature}, no
     * {@code AuthValueFactoryProvider.Binder} and no {@code RolesAllowedDynamicFeature}, since
     * Jersey keeps one of each and the host's would not start beside the bundle's. The host
     * registers them in its own {@code run}, with {@link #authFilter()} where it wants the session:
     * in a {@code ChainedAuthFilter} beside its own filters (one resource, either credential), or in
     * a {@code PolymorphicAuthDynamicFeature} (each resource its principal type). Everything else
     * the bundle registers as before.
     *
     * @return this bundle
     */
    public SessionAuthBundle<C, P> leaveAuthFeaturesToHost() {
        this.registersAuthFeatures = false;
        return this;
    }

    /**
     * The time source for timeouts and the in-process stores; tests move it instead of sleeping.
     *
     * @return this bundle
     */
    public SessionAuthBundle<C, P> clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    @Override
    public void run(C config, Environment environment) {
        refuseForwardedHeaders(config.getServerFactory());
        SessionsFactory sessions = configuration.apply(config);
        SessionStore store = sessions.getStore().build(environment.metrics(), clock);
        environment.lifecycle().manage(new AutoCloseableManager(store));
        environment.healthChecks().register("session-store", new SessionStoreHealthCheck(store));
        SessionsFactory.Machinery built = sessions.assemble(store, environment.metrics(), clock, listener);
        SessionResolver resolver = built.resolver();
        AuthFilter<?, P> filter = new SessionAuthFilter.Builder<P>()
            .setResolver(resolver)
            .setCredentialsChangedAt(credentialsChangedAt)
            .setAuthenticator(new SessionAuthenticator<>(loader))
            .setAuthorizer(authorizer)
            .setUnauthorizedHandler(new BrowserAwareUnauthorizedHandler(loginPage))
            .setPrefix(SessionAuthFilter.SCHEME)
            .buildAuthFilter();
        if (registersAuthFeatures) {
            environment.jersey().register(new AuthDynamicFeature(filter));
            environment.jersey().register(new AuthValueFactoryProvider.Binder<>(principalType));
            environment.jersey().register(RolesAllowedDynamicFeature.class);
        }
        environment.servlets().addFilter("sessionauth-peer-address", new PeerAddressFilter())
            .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), true, "/*");
        environment.jersey().register(new ClientFilter(new TrustedProxies(sessions.getTrustedProxies())));
        environment.jersey().register(new CsrfFilter(resolver, sessions.getAllowedOrigins(), sessions.getMaxFormBody().toBytes()));
        environment.jersey().register(new SessionCookieFilter(built.cookies(), built.signer(), resolver));
        environment.jersey().register(new SecondFactorFeature(built.sessions()));
        if (jsonServerErrors) {
            JsonErrorHandler.install(environment);
        }
        environment.jersey().register(new SessionStoreExceptionMapper());
        environment.jersey().register(new StaleSessionExceptionMapper());
        this.metrics = environment.metrics();
        this.sessionsConfiguration = sessions;
        authFilter = filter;
        servletAuthentication = new ServletAuthentication<>(resolver, built.sessions(), built.cookies(), loader,
            credentialsChangedAt);
        machinery = built;
    }

    /**
     * Signs the host's users in with their passwords: what a login resource uses to check a
     * password and start the session, re-authenticate, change a password and hash a new one, with
     * bounded hashing, the guessing throttle, device cookies and the password change race, as the
     * sessionauth service does. Call it once, from the host's {@code run}, where its users' store
     * is built; then {@link #logins()} gives the same.
     *
     * @param configuration the {@code logins} block of the host's configuration
     * @param accounts      the host's users, read and written where they are kept
     * @throws IllegalStateException before {@link #run}, or when called a second time
     */
    public synchronized Logins logins(LoginsFactory configuration, PasswordAccounts accounts) {
        return build(configuration, accounts, null, null);
    }

    /**
     * Signs the host's users in as {@link #logins(LoginsFactory, PasswordAccounts)} does, with
     * second factors ({@link SecondFactors}, configured in {@code logins.secondFactors}) kept in
     * {@code factors}: a user who enrolled one is signed in only after a code.
     *
     * @throws IllegalStateException before {@link #run}, when called a second time, or when
     *                               {@code logins.secondFactors} is not configured
     */
    public synchronized Logins logins(LoginsFactory configuration, PasswordAccounts accounts,
                                      SecondFactorStorage factors) {
        return build(configuration, accounts, Objects.requireNonNull(factors, "factors"), null);
    }

    /**
     * Signs the host's users in as {@link #logins(LoginsFactory, PasswordAccounts)} does, with
     * passkeys ({@link Passkeys}, configured in {@code logins.passkeys}) kept in {@code passkeys}
     * and, where {@code factors} is not null, TOTP second factors kept there: a user with either is
     * signed in by a password only after one of them, and a passkey also signs its user in alone.
     *
     * @param factors the TOTP factors' storage; null where {@code logins.secondFactors} is off
     * @throws IllegalStateException before {@link #run}, when called a second time, or when
     *                               {@code logins.passkeys} (or, with {@code factors},
     *                               {@code logins.secondFactors}) is not configured
     */
    public synchronized Logins logins(LoginsFactory configuration, PasswordAccounts accounts,
                                      SecondFactorStorage factors, PasskeyStorage passkeys) {
        return build(configuration, accounts, factors, Objects.requireNonNull(passkeys, "passkeys"));
    }

    private Logins build(LoginsFactory configuration, PasswordAccounts accounts, SecondFactorStorage factors,
                         PasskeyStorage passkeys) {
        SessionsFactory.Machinery built = built();
        if (logins != null) {
            throw new IllegalStateException("SessionAuthBundle.logins(configuration, accounts) was called already");
        }
        logins = configuration.build(Objects.requireNonNull(accounts, "accounts"), factors, passkeys, passwordFormats,
            built.sessions(), built.store(), sessionsConfiguration, securityListener, metrics, clock);
        return logins;
    }

    /**
     * The sign-in machinery {@link #logins(LoginsFactory, PasswordAccounts)} built.
     *
     * @throws IllegalStateException before that
     */
    public Logins logins() {
        Logins built = logins;
        if (built == null) {
            throw new IllegalStateException("SessionAuthBundle signs no one in yet: call logins(configuration, accounts) from run");
        }
        return built;
    }

    /**
     * The session's dropwizard-auth filter, for a host that registers the auth features itself
     * ({@link #leaveAuthFeaturesToHost()}): it authenticates by the session cookie, loads the
     * principal through the {@link PrincipalLoader}, decides {@code @RolesAllowed} by the
     * {@link #authorizer}, and refuses with the bundle's 401 (or the sign-in redirect), which a
     * {@code ChainedAuthFilter} takes as "try the next".
     *
     * @throws IllegalStateException before {@link #run}
     */
    public AuthFilter<?, P> authFilter() {
        built();
        return authFilter;
    }

    /**
     * Authenticates requests that Jersey does not serve (servlets, WebSocket upgrades) by their
     * sessions, as an optional {@code @Auth} does.
     *
     * @throws IllegalStateException before {@link #run}
     */
    public ServletAuthentication<P> servletAuthentication() {
        built();
        return servletAuthentication;
    }

    /**
     * What resources use to start, rotate, end and list sessions.
     *
     * @throws IllegalStateException before {@link #run}: call it from the host's own {@code run}
     */
    public Sessions sessions() {
        return built().sessions();
    }

    /**
     * The store the sessions live in, as the resources see it (timed per operation); for
     * operations and tests. Its lifecycle belongs to the bundle: do not close it.
     *
     * @throws IllegalStateException before {@link #run}
     */
    public SessionStore store() {
        return built().store();
    }

    /**
     * Dropwizard's {@code useForwardedHeaders} believes every client's {@code X-Forwarded-For}: a
     * client could choose the address its session records. The bundle reads those headers from
     * {@code sessions.trustedProxies} only, so the two must not be combined.
     *
     * @throws IllegalArgumentException naming the connector, when one has it on
     */
    private static void refuseForwardedHeaders(ServerFactory server) {
        List<ConnectorFactory> connectors = server instanceof DefaultServerFactory multiple
            ? multiple.getApplicationConnectors()
            : server instanceof SimpleServerFactory simple ? List.of(simple.getConnector()) : List.of();
        for (int i = 0; i < connectors.size(); i++) {
            if (connectors.get(i) instanceof HttpConnectorFactory http && http.isUseForwardedHeaders()) {
                String where = server instanceof DefaultServerFactory
                    ? "server.applicationConnectors[" + i + "]" : "server.connector";
                throw new IllegalArgumentException(where + ".useForwardedHeaders lets any client choose the address "
                    + "its session records: set it to false and list your proxies in sessions.trustedProxies");
            }
        }
    }

    private SessionsFactory.Machinery built() {
        SessionsFactory.Machinery built = machinery;
        if (built == null) {
            throw new IllegalStateException("SessionAuthBundle has not run yet: use it from Application.run");
        }
        return built;
    }
}
