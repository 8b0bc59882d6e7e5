package dev.sessionauth;

import dev.sessionauth.auth.CsrfFilter;
import dev.sessionauth.auth.BrowserAwareUnauthorizedHandler;
import dev.sessionauth.auth.Credentials;
import dev.sessionauth.auth.RoleAuthorizer;
import dev.sessionauth.auth.SessionAuthFilter;
import dev.sessionauth.auth.SessionAuthenticator;
import dev.sessionauth.cli.AddUserCommand;
import dev.sessionauth.cli.ConciseCheckCommand;
import dev.sessionauth.cli.ConciseServerCommand;
import dev.sessionauth.errors.DatabaseExceptionMapper;
import dev.sessionauth.errors.JsonErrorHandler;
import dev.sessionauth.errors.MalformedBodyInterceptor;
import dev.sessionauth.errors.SessionStoreExceptionMapper;
import dev.sessionauth.errors.StaleSessionExceptionMapper;
import dev.sessionauth.errors.ValidationExceptionMapper;
import dev.sessionauth.cli.RevokeSessionsCommand;
import dev.sessionauth.operations.RevokeSessionsServlet;
import dev.sessionauth.pages.AccountPagesResource;
import dev.sessionauth.pages.LoginCsrf;
import dev.sessionauth.pages.LoginResource;
import dev.sessionauth.pages.PageHeaders;
import dev.sessionauth.resources.AccountResource;
import dev.sessionauth.resources.AdminResource;
import dev.sessionauth.resources.AuthResource;
import dev.sessionauth.resources.PingResource;
import dev.sessionauth.users.Accounts;
import dev.sessionauth.session.CookieSigner;
import dev.sessionauth.session.LoggingSessionListener;
import dev.sessionauth.session.MeteredSessionStore;
import dev.sessionauth.session.SessionHandles;
import dev.sessionauth.session.SessionListener;
import dev.sessionauth.session.SessionManager;
import dev.sessionauth.session.SessionCookieFilter;
import dev.sessionauth.session.SessionCookies;
import dev.sessionauth.session.SessionPolicy;
import dev.sessionauth.session.SessionResolver;
import dev.sessionauth.session.SessionsFactory;
import dev.sessionauth.session.WireLogGuard;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.users.PasswordHasher;
import dev.sessionauth.users.User;
import dev.sessionauth.users.UserDao;
import dev.sessionauth.users.UserLookup;
import dev.sessionauth.users.Users;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.migrations.MigrationsBundle;
import io.dropwizard.views.common.ViewBundle;
import java.net.URI;
import java.time.Clock;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.jdbi.v3.core.Jdbi;

/**
 * The sessionauth service: one request travels cookie, signature, session store, user, resource.
 * Which store holds sessions is the configuration's choice; this class never names one.
 */
public class SessionAuthApplication extends Application<SessionAuthConfiguration> {

    private final Clock clock;
    private volatile SessionStore store;

    public SessionAuthApplication() {
        this(Clock.systemUTC());
    }

    /** @param clock the time source for session timeouts and the in-process stores; tests move it */
    public SessionAuthApplication(Clock clock) {
        this.clock = clock;
    }

    public static void main(String[] args) throws Exception {
        new SessionAuthApplication().run(args);
    }

    /** The session store of the running service, metered; null before {@link #run}. */
    public SessionStore sessionStore() {
        return store;
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
                return Users.MIGRATIONS;
            }
        });
        bootstrap.addBundle(new ViewBundle<>());
        bootstrap.addBundle(new AssetsBundle("/assets/", "/assets/", null, "assets"));
        bootstrap.addCommand(new AddUserCommand());
        bootstrap.addCommand(new RevokeSessionsCommand());
    }

    @Override
    public void run(SessionAuthConfiguration config, Environment environment) {
        WireLogGuard.hold();
        SessionsFactory sessions = config.getSessions();
        if (config.isMigrateOnStart()) {
            Users.migrate(config.getDatabase(), environment.metrics());
        }
        Jdbi jdbi = Users.jdbi(environment, config.getDatabase());
        UserDao users = jdbi.onDemand(UserDao.class);
        PasswordHasher hasher = new PasswordHasher();
        Users.provision(config.getDemoUsers(), users, hasher, clock);

        store = new MeteredSessionStore(sessions.getStore().build(environment, clock),
            sessions.getStore().type(), environment.metrics());
        SessionPolicy policy = sessions.policy(clock);
        CookieSigner signer = new CookieSigner(sessions.getSecrets());
        SessionCookies cookies = new SessionCookies(sessions.getCookie());
        SessionManager manager = new SessionManager(store, policy, new SessionHandles(sessions.getSecrets().get(0)),
            sessionListener(config), sessions.sessionLimit());
        SessionResolver resolver = new SessionResolver(cookies, signer, store, policy, manager, environment.metrics());
        Accounts accounts = new Accounts(users, manager);
        Credentials credentials = new Credentials(users, hasher, manager, resolver);

        // Redirects say "/login", not "http://host/login": behind a TLS-terminating proxy an absolute
        // URI built from the proxied request would send the browser to plain HTTP.
        environment.jersey().property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        environment.jersey().register(new AuthDynamicFeature(new SessionAuthFilter.Builder()
            .setResolver(resolver)
            .setAuthenticator(new SessionAuthenticator(new UserLookup(jdbi)))
            .setAuthorizer(new RoleAuthorizer())
            .setUnauthorizedHandler(new BrowserAwareUnauthorizedHandler(URI.create("/login")))
            .setPrefix(SessionAuthFilter.SCHEME)
            .buildAuthFilter()));
        environment.jersey().register(new AuthValueFactoryProvider.Binder<>(User.class));
        environment.jersey().register(RolesAllowedDynamicFeature.class);
        environment.jersey().register(new CsrfFilter(resolver, sessions.getAllowedOrigins()));
        environment.jersey().register(new SessionCookieFilter(cookies, resolver));
        environment.jersey().register(new SessionStoreExceptionMapper());
        environment.jersey().register(new StaleSessionExceptionMapper());
        environment.jersey().register(new DatabaseExceptionMapper());
        environment.jersey().register(new ValidationExceptionMapper());
        environment.jersey().register(new MalformedBodyInterceptor());
        environment.getApplicationContext().setErrorHandler(new JsonErrorHandler());
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(new JsonErrorHandler()));
        environment.jersey().register(new AuthResource(credentials, manager, resolver, signer, cookies));
        environment.jersey().register(new AccountResource(credentials, manager, resolver, policy, signer, cookies));
        environment.jersey().register(new LoginResource(credentials, manager, resolver, signer, cookies,
            new LoginCsrf(sessions.getSecrets(), sessions.getCookie(), clock)));
        environment.jersey().register(new AccountPagesResource(credentials, manager, resolver, signer, cookies));
        environment.jersey().register(new PageHeaders());
        environment.jersey().register(new AdminResource(accounts, manager));
        environment.jersey().register(new PingResource());
        environment.admin().addServlet("revoke-sessions", new RevokeSessionsServlet(accounts, environment.getObjectMapper()))
            .addMapping(RevokeSessionsServlet.PATH);
    }

    /**
     * Hears every session created, rotated and ended. Logs them by default; override to audit
     * elsewhere.
     */
    protected SessionListener sessionListener(SessionAuthConfiguration config) {
        return new LoggingSessionListener();
    }
}
