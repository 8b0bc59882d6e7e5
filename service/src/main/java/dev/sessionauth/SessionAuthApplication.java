package dev.sessionauth;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.sessionauth.auth.RoleAuthorizer;
import dev.sessionauth.bundle.BodyLimitFilter;
import dev.sessionauth.bundle.JsonErrorHandler;
import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.LoginsFactory;
import dev.sessionauth.bundle.SecurityListener;
import dev.sessionauth.bundle.SessionAuthBundle;
import dev.sessionauth.bundle.SessionListener;
import dev.sessionauth.bundle.Sessions;
import dev.sessionauth.bundle.SessionsFactory;
import dev.sessionauth.cli.AddUserCommand;
import dev.sessionauth.cli.ConciseCheckCommand;
import dev.sessionauth.cli.ConciseServerCommand;
import dev.sessionauth.cli.RevokeSessionsCommand;
import dev.sessionauth.errors.DatabaseExceptionMapper;
import dev.sessionauth.errors.MalformedBodyInterceptor;
import dev.sessionauth.errors.ValidationExceptionMapper;
import dev.sessionauth.forward.ForwardAuthFactory;
import dev.sessionauth.forward.ForwardAuthHandler;
import dev.sessionauth.forward.ForwardAuthListener;
import dev.sessionauth.forward.ReturnUrls;
import dev.sessionauth.operations.AdminCrossSiteFilter;
import dev.sessionauth.operations.RevokeSessionsServlet;
import dev.sessionauth.pages.AccountPagesResource;
import dev.sessionauth.pages.PasskeyPagesResource;
import dev.sessionauth.pages.LoginPagesResource;
import dev.sessionauth.pages.PageHeaders;
import dev.sessionauth.pages.SecondFactorPagesResource;
import dev.sessionauth.resources.AccountResource;
import dev.sessionauth.resources.AdminResource;
import dev.sessionauth.resources.AuthResource;
import dev.sessionauth.resources.PasskeyResource;
import dev.sessionauth.resources.PingResource;
import dev.sessionauth.resources.SecondFactorResource;
import dev.sessionauth.logging.WireLogGuard;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.ability.ChangeNotices;
import dev.sessionauth.users.Accounts;
import dev.sessionauth.users.User;
import dev.sessionauth.users.PasskeyDao;
import dev.sessionauth.users.SecondFactorDao;
import dev.sessionauth.users.UserPasskeys;
import dev.sessionauth.users.UserAccounts;
import dev.sessionauth.users.UserCache;
import dev.sessionauth.users.UserDao;
import dev.sessionauth.users.UserLookup;
import dev.sessionauth.users.UserSecondFactors;
import dev.sessionauth.users.UserDatabase;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.dropwizard.migrations.MigrationsBundle;
import io.dropwizard.views.common.ViewBundle;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.glassfish.jersey.server.ServerProperties;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessionauth service: the first host of {@link SessionAuthBundle}. The bundle keeps the
 * sessions; this application keeps the users (JDBI), checks their passwords, and serves the JSON
 * API, the pages and the commands, with a server-wide error policy of its own. Which store holds
 * sessions is the configuration's choice; this class never names one.
 */
public class SessionAuthApplication extends Application<SessionAuthConfiguration> {

    /**
     * FreeMarker's settings: a template error fails the request (the JSON 500 every other failure
     * gets, and a log line) instead of printing FreeMarker's debug page, stack trace and all, into
     * the page a browser sees.
     */
    public static final Map<String, Map<String, String>> VIEWS =
        Map.of("freemarker", Map.of("template_exception_handler", "rethrow"));

    private static final Logger LOG = LoggerFactory.getLogger(SessionAuthApplication.class);

    private final Clock clock;
    private final SessionAuthBundle<SessionAuthConfiguration, User> sessions;
    private volatile UserCache users;
    private volatile ForwardAuthListener forwardAuthListener;

    public SessionAuthApplication() {
        this(Clock.systemUTC());
    }

    /** @param clock the time source for session timeouts and the in-process stores; tests move it */
    public SessionAuthApplication(Clock clock) {
        this.clock = clock;
        this.sessions = new SessionAuthBundle<>(User.class, SessionAuthConfiguration::getSessions,
            key -> users.signedIn(key))
            .authorizer(new RoleAuthorizer())
            .redirectBrowsersTo(URI.create("/login"))
            .credentialsChangedAt(User::lastCredentialsChange)
            .clock(clock);
    }

    public static void main(String[] args) throws Exception {
        new SessionAuthApplication().run(args);
    }

    /** What the user cache's maximum age is measured by: the system's monotonic time; tests move it. */
    protected Ticker cacheTicker() {
        return Ticker.systemTicker();
    }

    /** The running service's cache of users; for tests and operations. */
    public UserCache userCache() {
        return users;
    }

    /** The forward-authentication check's own listener; empty unless {@code forwardAuth.listener} is set. */
    public Optional<ForwardAuthListener> forwardAuthListener() {
        return Optional.ofNullable(forwardAuthListener);
    }

    /** The session store of the running service, metered; for tests and operations. */
    public SessionStore sessionStore() {
        return sessions.store();
    }

    @Override
    public String getName() {
        return "sessionauth";
    }

    /** The server and check commands, reporting a bad configuration in one line. */
    @Override
    protected void addDefaultCommands(Bootstrap<SessionAuthConfiguration> bootstrap) {
        bootstrap.addCommand(new ConciseServerCommand<>(this));
        bootstrap.addCommand(new ConciseCheckCommand<>(this));
    }

    @Override
    public void initialize(Bootstrap<SessionAuthConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addBundle(new MigrationsBundle<>() {
            @Override
            public DataSourceFactory getDataSourceFactory(SessionAuthConfiguration configuration) {
                return configuration.getDatabase();
            }

            @Override
            public String getMigrationsFileName() {
                return UserDatabase.MIGRATIONS;
            }
        });
        SessionListener listener = sessionListener();
        bootstrap.addBundle(sessions.listener(listener));
        bootstrap.addBundle(new ViewBundle<>() {
            @Override
            public Map<String, Map<String, String>> getViewConfiguration(SessionAuthConfiguration configuration) {
                return VIEWS;
            }
        });
        bootstrap.addBundle(new AssetsBundle("/assets/", "/assets/", null, "assets"));
        bootstrap.addCommand(new AddUserCommand());
        bootstrap.addCommand(new RevokeSessionsCommand(listener));
    }

    @Override
    public void run(SessionAuthConfiguration config, Environment environment) {
        WireLogGuard.hold();
        SessionsFactory sessionsConfig = config.getSessions();
        if (config.isMigrateOnStart()) {
            UserDatabase.migrate(config.getDatabase(), environment.metrics());
        }
        Jdbi jdbi = UserDatabase.jdbi(environment, config.getDatabase());
        UserDao userDao = jdbi.onDemand(UserDao.class);
        users = config.getUsers().build(new UserLookup(jdbi),
            sessions.store().ability(ChangeNotices.class).orElse(null), cacheTicker());
        environment.lifecycle().manage(new AutoCloseableManager(users));
        environment.metrics().registerGauge("sessionauth.users.cache.hits", users::hits);
        environment.metrics().registerGauge("sessionauth.users.cache.misses", users::misses);

        Sessions manager = sessions.sessions();
        Accounts accounts = new Accounts(userDao, manager, users::changed);
        UserAccounts userAccounts = new UserAccounts(userDao, users::changed);
        sessions.securityListener(securityListener());
        Logins logins = logins(config, userAccounts, userDao, jdbi);
        UserDatabase.provision(config.getDemoUsers(), userDao, logins::hash, clock);

        // Redirects say "/login", not "http://host/login": behind a TLS-terminating proxy an absolute
        // URI built from the proxied request would send the browser to plain HTTP.
        environment.jersey().property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        environment.jersey().register(new BodyLimitFilter(config.getMaxRequestBody().toBytes()));
        environment.jersey().register(new DatabaseExceptionMapper());
        environment.jersey().register(new ValidationExceptionMapper());
        environment.jersey().register(new MalformedBodyInterceptor());
        JsonErrorHandler.install(environment);
        environment.jersey().register(new AuthResource(logins, manager));
        environment.jersey().register(new AccountResource(logins, manager));
        ForwardAuthFactory forwardAuth = config.getForwardAuth();
        if (forwardAuth != null) {
            environment.getApplicationContext().insertHandler(ForwardAuthHandler.inContext(forwardAuth,
                sessionsConfig.getAllowedOrigins(), sessions.servletAuthentication(), clock,
                environment.getObjectMapper()));
            if (forwardAuth.getListener() != null) {
                forwardAuthListener = new ForwardAuthListener(forwardAuth, ForwardAuthHandler.listener(forwardAuth,
                    sessionsConfig.getAllowedOrigins(), sessions.servletAuthentication(), users::signedInIfCached,
                    clock, environment.getObjectMapper(), environment.metrics()), environment.metrics());
                environment.lifecycle().manage(forwardAuthListener);
            }
        }
        environment.jersey().register(new LoginPagesResource(logins, manager, logins.forms(),
            forwardAuth == null ? ReturnUrls.OWN_HOST_ONLY : new ReturnUrls(forwardAuth.getAllowedHosts()),
            environment.metrics().counter(LoginPagesResource.REFUSED_CSRF)));
        environment.jersey().register(new AccountPagesResource(logins, manager));
        environment.jersey().register(new PageHeaders());
        environment.jersey().register(new AdminResource(accounts, manager,
            logins.hasSecondFactors() ? logins.secondFactors() : null, logins.hasPasskeys() ? logins.passkeys() : null));
        if (logins.hasSecondFactors()) {
            environment.jersey().register(new SecondFactorResource(logins, manager));
            environment.jersey().register(new SecondFactorPagesResource(logins, manager));
        }
        if (logins.hasPasskeys()) {
            environment.jersey().register(new PasskeyResource(logins));
            environment.jersey().register(new PasskeyPagesResource(logins, manager));
        }
        environment.jersey().register(new PingResource());
        environment.admin().addFilter("refuse-cross-site", new AdminCrossSiteFilter())
            .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
        environment.admin().addServlet("revoke-sessions", new RevokeSessionsServlet(accounts, environment.getObjectMapper()))
            .addMapping(RevokeSessionsServlet.PATH);
    }


    /**
     * Hears every refused or throttled password check and every throttle engaged or released;
     * asked for once, in {@link #run}. Logs them by default; override to alert elsewhere.
     */
    protected SecurityListener securityListener() {
        return SecurityListener.logging();
    }

    /**
     * Hears every session created, rotated and ended, by the server and by {@code revoke-sessions};
     * asked for once, in {@link #initialize}. Logs them by default; override to audit elsewhere.
     */
    protected SessionListener sessionListener() {
        return SessionListener.logging();
    }

    /**
     * Sign-in for the users' table, with second factors ({@code logins.secondFactors}) and passkeys
     * ({@code logins.passkeys}) in theirs where configured.
     */
    private Logins logins(SessionAuthConfiguration config, UserAccounts accounts, UserDao userDao, Jdbi jdbi) {
        LoginsFactory configuration = config.getLogins();
        UserSecondFactors factors = configuration.getSecondFactors() == null ? null
            : new UserSecondFactors(jdbi.onDemand(SecondFactorDao.class), userDao, config.getUsers().getSecondFactorRoles());
        if (configuration.getPasskeys() != null) {
            return sessions.logins(configuration, accounts, factors, new UserPasskeys(jdbi.onDemand(PasskeyDao.class)));
        }
        return factors == null ? sessions.logins(configuration, accounts) : sessions.logins(configuration, accounts, factors);
    }
}
