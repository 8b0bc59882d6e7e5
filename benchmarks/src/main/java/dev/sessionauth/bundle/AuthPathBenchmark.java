package dev.sessionauth.bundle;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.sessionauth.benchmarks.BenchDatabase;
import dev.sessionauth.benchmarks.BenchStore;
import dev.sessionauth.benchmarks.Fixtures;
import dev.sessionauth.benchmarks.Skewed;
import dev.sessionauth.benchmarks.Zipf;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.users.User;
import dev.sessionauth.users.UserCache;
import dev.sessionauth.users.UserDao;
import dev.sessionauth.users.UserLookup;
import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import io.dropwizard.core.setup.Environment;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.internal.PropertiesDelegate;
import org.glassfish.jersey.server.ContainerRequest;
import org.jdbi.v3.core.Jdbi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole per-request authentication path without HTTP, through the bundle's own classes as its
 * auth filter calls them (so this benchmark lives in the bundle's package): read the cookie from the {@code Cookie} header, verify its signature,
 * find the session in the store (decoding it, for Redis), check both timeouts, load the user, and
 * decide whether activity is due to be recorded (it is not: sessions were touched at login and the
 * touch interval is a minute, as for nearly every request in production).
 *
 * <p>{@code userLoad=h2} loads the user by primary key from an embedded H2 database through the
 * service's {@code UserLookup}, JDBI and Dropwizard's connection pool, every time;
 * {@code userLoad=h2-cached} through the service's {@code UserCache} in front of it, as the service's
 * principal loader with its default {@code cacheMaxAge} of 2 seconds, so every user is reloaded from
 * H2 once every 2 seconds on the request that finds it expired (the steady state, reloads included);
 * {@code userLoad=h2-cache-hit} the same with a maximum age longer than the run, so that after the
 * warm-up every lookup is a hit (the path of a request whose user is cached); {@code userLoad=stubbed} hands back a user from memory, leaving
 * the cost of the session machinery alone. {@code store=redis-near} is Redis with the near cache.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar AuthPathBenchmark -p store=caffeine</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AuthPathBenchmark {

    private static final String SECRET = "benchmark-signing-secret-0123456789abcdef";
    private static final int SESSIONS = 10_000;

    @Param({"memory", "caffeine", "redis", "redis-near"})
    public String store;

    @Param({"stubbed", "h2", "h2-cached", "h2-cache-hit"})
    public String userLoad;

    private BenchStore opened;
    private SessionResolver resolver;
    private Authenticator<Session, User> authenticator;
    private Environment environment;
    private String[] cookieHeaders;
    private int[] skewed;

    /**
     * One request object per thread, reused: its properties are never kept, so the resolver, which
     * caches its answer on the request, looks the cookie up afresh every time.
     */
    @State(Scope.Thread)
    public static class Request {
        ContainerRequest request;

        @Setup
        public void setUp() {
            request = new ContainerRequest(URI.create("http://localhost/"), URI.create("http://localhost/auth/profile"),
                "GET", null, new ForgetfulProperties(), null);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Instant now = Instant.now();
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        opened = BenchStore.open(store, SESSIONS, clock);
        SessionId[] ids = Fixtures.ids(SESSIONS, 1);
        // Stored under the digests of the IDs the cookies carry, as the bundle stores them.
        SessionId[] keys = java.util.Arrays.stream(ids).map(SessionKeys::of).toArray(SessionId[]::new);
        opened.fill(keys, now);
        if (store.equals("redis-near")) {
            // Served from the near cache, as on a node that has seen these sessions (see StoreFindBenchmark).
            for (int pass = 0; pass < 2; pass++) {
                for (SessionId key : keys) {
                    opened.store().find(key);
                }
            }
        }
        skewed = Zipf.indexes(SESSIONS, 3);

        CookieFactory cookie = new CookieFactory();
        SessionCookies cookies = new SessionCookies(cookie, clock);
        CookieSigner signer = new CookieSigner(List.of(SECRET));
        cookieHeaders = new String[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            cookieHeaders[i] = "theme=dark; " + cookie.getName() + "=" + signer.sign(ids[i]) + "; _ga=GA1.1.12345";
        }
        SessionPolicy policy = new SessionPolicy(clock, Fixtures.IDLE_TIMEOUT, Fixtures.ABSOLUTE_TIMEOUT,
            Duration.ofMinutes(1), Duration.ofMinutes(5));
        SessionManager manager = new SessionManager(opened.store(), policy, new SessionHandles(),
            SessionListener.logging(), 1000);
        resolver = new SessionResolver(cookies, signer, opened.store(), policy, manager, new MetricRegistry(), false);
        authenticator = switch (userLoad) {
            case "h2" -> h2Users(now, null);
            case "h2-cached" -> h2Users(now, Duration.ofSeconds(2));
            case "h2-cache-hit" -> h2Users(now, Duration.ofHours(1));
            default -> stubbedUsers(now);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        opened.close();
        if (environment != null) {
            environment.lifecycle().getManagedObjects().forEach(managed -> {
                try {
                    managed.stop();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Benchmark
    public User authenticate(Request state, Skewed cursor) throws AuthenticationException {
        state.request.getHeaders().putSingle(HttpHeaders.COOKIE, cookieHeaders[cursor.next(skewed)]);
        Session session = resolver.resolve(state.request).session().orElseThrow();
        User user = authenticator.authenticate(session).orElseThrow();
        if (!resolver.touchIfDue(session)) {
            throw new IllegalStateException("the session vanished");
        }
        return user;
    }

    /** Users from H2, through a user cache of {@code cacheMaxAge} unless that is null. */
    private Authenticator<Session, User> h2Users(Instant now, Duration cacheMaxAge) {
        environment = new Environment("benchmarks");
        Jdbi jdbi = BenchDatabase.h2(environment, "auth-path");
        int userCount = SESSIONS / Fixtures.SESSIONS_PER_USER + 1;
        jdbi.useTransaction(handle -> {
            UserDao dao = handle.attach(UserDao.class);
            for (int i = 1; i <= userCount; i++) {
                dao.insert("user-" + i, BenchDatabase.PASSWORD_HASH, "user", false, now);
            }
        });
        UserLookup users = new UserLookup(jdbi);
        if (cacheMaxAge != null) {
            UserCache cache = new UserCache(users::findById, cacheMaxAge, 10_000, null, Ticker.systemTicker());
            return new SessionAuthenticator<>(cache::signedIn);
        }
        return new SessionAuthenticator<>(users::signedIn);
    }

    private static Authenticator<Session, User> stubbedUsers(Instant now) {
        User user = new User(1, "ada", BenchDatabase.PASSWORD_HASH, Set.of("user"), false, now, null);
        return session -> Optional.of(user);
    }

    /** Request properties that are never kept. */
    static final class ForgetfulProperties implements PropertiesDelegate {

        @Override
        public Object getProperty(String name) {
            return null;
        }

        @Override
        public Collection<String> getPropertyNames() {
            return List.of();
        }

        @Override
        public void setProperty(String name, Object object) {
        }

        @Override
        public void removeProperty(String name) {
        }
    }
}
