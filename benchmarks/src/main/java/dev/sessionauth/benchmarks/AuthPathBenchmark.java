package dev.sessionauth.benchmarks;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.sessionauth.bundle.PrincipalLoader;
import dev.sessionauth.bundle.ServletAuthentication;
import dev.sessionauth.bundle.SignedCookies;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.users.User;
import dev.sessionauth.users.UserCache;
import dev.sessionauth.users.UserDao;
import dev.sessionauth.users.UserLookup;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * The whole per-request authentication path without HTTP, as the production wiring runs it: the
 * bundle run by a host on a Dropwizard {@link Environment} ({@link BenchBundle}), which meters the
 * store, builds the resolver and loads the principal, asked through its public
 * {@link ServletAuthentication#authenticate(List, String)} (what the forward-auth check calls; the
 * {@code @Auth} filter takes the same steps). Per request: read the cookie from the {@code Cookie}
 * header, verify its signature, find the session in the store (decoding it, for Redis), check both
 * timeouts, load the user, and decide whether activity is due to be recorded (it is not: sessions
 * were touched when they were stored and the touch interval is a minute, as for nearly every
 * request in production).
 *
 * <p>{@code userLoad=h2} loads the user by primary key from an embedded H2 database through the
 * service's {@code UserLookup}, JDBI and Dropwizard's connection pool, every time;
 * {@code userLoad=h2-cached} through the service's {@code UserCache} in front of it, as the service's
 * principal loader with its default {@code cacheMaxAge} of 2 seconds, so every user is reloaded from
 * H2 once every 2 seconds on the request that finds it expired (the steady state, reloads included);
 * {@code userLoad=h2-cache-hit} the same with a maximum age longer than the run, so that after the
 * warm-up every lookup is a hit (the path of a request whose user is cached); {@code userLoad=stubbed}
 * hands back a user from memory, leaving the cost of the session machinery alone.
 * {@code store=redis-near} is Redis with the near cache.
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

    private static final int SESSIONS = 10_000;

    @Param({"memory", "caffeine", "redis", "redis-near"})
    public String store;

    @Param({"stubbed", "h2", "h2-cached", "h2-cache-hit"})
    public String userLoad;

    private Environment environment;
    private BenchBundle bundle;
    private ServletAuthentication<User> authentication;
    private List<String>[] cookieHeaders;
    private int[] skewed;

    @Setup(Level.Trial)
    public void setUp() {
        Instant now = Instant.now();
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        BenchStore opened = BenchStore.open(store, SESSIONS, clock);
        SessionId[] ids = Fixtures.ids(SESSIONS, 1);
        opened.fill(Arrays.stream(ids).map(SignedCookies::storedUnder).toArray(SessionId[]::new), now);
        skewed = Zipf.indexes(SESSIONS, 3);
        environment = new Environment("benchmarks");
        bundle = BenchBundle.run(environment, opened, store, users(now), clock);
        authentication = bundle.authentication();
        @SuppressWarnings("unchecked")
        List<String>[] headers = new List[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            headers[i] = bundle.cookieHeader(ids[i]);
        }
        cookieHeaders = headers;
        if (store.equals("redis-near")) {
            // Served from the near cache, as on a node that has seen these sessions (see StoreFindBenchmark).
            for (int pass = 0; pass < 2; pass++) {
                for (List<String> header : cookieHeaders) {
                    authentication.authenticate(header, null);
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        bundle.close();
    }

    @Benchmark
    public User authenticate(Skewed cursor) {
        ServletAuthentication.Result<User> result = authentication.authenticate(cookieHeaders[cursor.next(skewed)], null);
        return result.principal().orElseThrow(() -> new IllegalStateException("not signed in: " + result));
    }

    private PrincipalLoader<User> users(Instant now) {
        return switch (userLoad) {
            case "h2" -> h2Users(now, null);
            case "h2-cached" -> h2Users(now, Duration.ofSeconds(2));
            case "h2-cache-hit" -> h2Users(now, Duration.ofHours(1));
            default -> stubbedUsers(now);
        };
    }

    /** Users from H2, through a user cache of {@code cacheMaxAge} unless that is null. */
    private PrincipalLoader<User> h2Users(Instant now, Duration cacheMaxAge) {
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
            return cache::signedIn;
        }
        return users::signedIn;
    }

    private static PrincipalLoader<User> stubbedUsers(Instant now) {
        User user = new User(1, "ada", BenchDatabase.PASSWORD_HASH, Set.of("user"), false, now, null);
        return key -> Optional.of(user);
    }
}
