package dev.sessionauth.benchmarks;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.bundle.PrincipalLoader;
import dev.sessionauth.bundle.ServletAuthentication;
import dev.sessionauth.bundle.SessionAuthBundle;
import dev.sessionauth.bundle.SessionsFactory;
import dev.sessionauth.bundle.SignedCookies;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreFactory;
import dev.sessionauth.users.User;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import java.time.Clock;
import java.util.List;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The bundle as a host runs it, over a store a benchmark filled: {@link SessionAuthBundle#run} on
 * a Dropwizard {@link Environment}, so the store is metered and the resolver, the timeouts and the
 * principal loader are wired as in production, and requests are authenticated through
 * {@link ServletAuthentication}. The sessions' timeouts are {@link Fixtures}'; the touch interval is
 * a minute.
 */
final class BenchBundle implements AutoCloseable {

    static final String SECRET = "benchmark-signing-secret-0123456789abcdef";

    private final Environment environment;
    private final BenchStore opened;
    private final ServletAuthentication<User> authentication;
    private final String cookieName;

    private BenchBundle(Environment environment, BenchStore opened, ServletAuthentication<User> authentication,
                        String cookieName) {
        this.environment = environment;
        this.opened = opened;
        this.authentication = authentication;
        this.cookieName = cookieName;
    }

    /**
     * Runs the bundle on {@code environment} over the store of {@code opened} (of {@code type}, for
     * its metrics), loading principals with {@code users}; closing stops everything
     * {@code environment} manages, then {@code opened} with the Redis it may have started.
     */
    static BenchBundle run(Environment environment, BenchStore opened, String type, PrincipalLoader<User> users,
                           Clock clock) {
        SessionsFactory sessions = new SessionsFactory();
        sessions.setSecrets(List.of(SECRET));
        sessions.setIdleTimeout(Duration.minutes(Fixtures.IDLE_TIMEOUT.toMinutes()));
        sessions.setAbsoluteTimeout(Duration.minutes(Fixtures.ABSOLUTE_TIMEOUT.toMinutes()));
        sessions.setTouchInterval(Duration.minutes(1));
        sessions.setStore(new Filled(opened.store(), type));
        SessionAuthBundle<Configuration, User> bundle =
            new SessionAuthBundle<>(User.class, config -> sessions, users).clock(clock);
        bundle.run(new Configuration(), environment);
        return new BenchBundle(environment, opened, bundle.servletAuthentication(), sessions.getCookie().getName());
    }

    ServletAuthentication<User> authentication() {
        return authentication;
    }

    /**
     * A browser's {@code Cookie} header carrying the session cookie for {@code id}, among two
     * cookies of other sites' making; its session is stored under {@link SignedCookies#storedUnder}.
     */
    List<String> cookieHeader(SessionId id) {
        return List.of("theme=dark; " + cookieName + "=" + SignedCookies.sign(SECRET, id) + "; _ga=GA1.1.12345");
    }

    @Override
    public void close() throws Exception {
        try {
            for (LifeCycle managed : environment.lifecycle().getManagedObjects()) {
                managed.stop();
            }
        } finally {
            opened.close();
        }
    }

    /**
     * Hands the bundle the store the benchmark filled, which the bundle then meters and manages as
     * it does any store it builds from configuration.
     */
    private record Filled(SessionStore store, String type) implements SessionStoreFactory {

        @Override
        public SessionStore build(MetricRegistry metrics, Clock clock) {
            return store;
        }

        @Override
        public String type() {
            return type;
        }
    }
}
