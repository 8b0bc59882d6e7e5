package dev.sessionauth.benchmarks;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.bundle.SignedCookies;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreFactory;
import dev.sessionauth.store.redis.EmbeddedRedis;
import io.dropwizard.jackson.Jackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How instant revocation stays with the near cache, in two modes; each counts, over many cycles,
 * how often node A still answered for a session just revoked on node B.
 *
 * <p>{@code stores}: two nodes' stores (each its own Lettuce client and connection, near cache on)
 * on one Redis, in this process. Each cycle, B saves a session, A reads it twice (the second read
 * is a near-cache hit: the copy is "armed"), B deletes it, and A at once reads it again, on the
 * same thread, with nothing in between: the only thing racing is Redis's invalidation push to A.
 * Harsher than any client can be. For each read that still found it, A is asked again until it no
 * longer does: how long after the revoke returned A's copy lived (median and longest).
 *
 * <p>{@code http}: two running service nodes ({@code benchmarks/revocation-stress.sh} starts them).
 * Each cycle writes a session of user 1 into their Redis, asks A for {@code GET /auth/profile}
 * twice with its signed cookie, logs it out on B ({@code POST /auth/logout}), and at once asks A
 * again: what a client revoking on one node and then calling another would see.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sessionauth.benchmarks.RevocationStress stores 10000 out.jsonl
 * java -cp benchmarks/target/benchmarks.jar dev.sessionauth.benchmarks.RevocationStress http 10000 out.jsonl \
 *     http://127.0.0.1:18090 http://127.0.0.1:18092 redis://127.0.0.1:6379 prefix: secret sid
 * </pre>
 *
 * Redis ({@code stores}): {@code REDIS_URL} (keys under a prefix of the run's own, deleted after),
 * else a {@code redis-server} started for the run.
 */
public final class RevocationStress {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationStress.class);
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();

    /**
     * What a run counted: cycles whose copy was armed, reads that still found the session, and for
     * each such read (in {@code stores} mode) how long after the revoke returned A stopped answering, in us.
     */
    private record Counted(int armed, int stale, List<Long> staleForMicros) {
    }

    private RevocationStress() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int cycles = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        long started = System.nanoTime();
        Counted counted = mode.equals("http") ? overHttp(cycles, args) : onStores(cycles);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> result = new java.util.LinkedHashMap<>(Map.of("measure", "revocation", "mode", mode,
            "cycles", cycles, "armed", counted.armed(), "staleAnswers", counted.stale(),
            "seconds", Math.round(seconds * 10) / 10.0));
        if (!counted.staleForMicros().isEmpty()) {
            List<Long> sorted = counted.staleForMicros().stream().sorted().toList();
            result.put("staleForMicrosP50", sorted.get(sorted.size() / 2));
            result.put("staleForMicrosMax", sorted.get(sorted.size() - 1));
        }
        String line = MAPPER.writeValueAsString(result);
        Files.writeString(out, line + "\n", java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
        LOG.info("Revocation stress ({}): {} stale answers in {} armed cycles", mode, counted.stale(), counted.armed());
    }

    private static Counted onStores(int cycles) throws Exception {
        String uri = System.getenv("REDIS_URL");
        EmbeddedRedis embedded = null;
        if (uri == null || uri.isBlank()) {
            embedded = EmbeddedRedis.start();
            uri = embedded.uri();
        }
        String prefix = "r" + Long.toString(ProcessHandle.current().pid(), 36) + ":";
        MetricRegistry metricsOfA = new MetricRegistry();
        Clock clock = Clock.systemUTC();
        int armed = 0;
        int stale = 0;
        List<Long> staleForMicros = new ArrayList<>();
        try (SessionStore a = open(uri, prefix, metricsOfA, clock, true);
             SessionStore b = open(uri, prefix, new MetricRegistry(), clock, true)) {
            for (int i = 0; i < cycles; i++) {
                Session session = b.save(Fixtures.session(SessionId.generate(), 1 + i % 1000, Instant.now(clock)),
                    Fixtures.IDLE_TIMEOUT);
                a.find(session.id());
                long hits = hits(metricsOfA);
                if (a.find(session.id()).isPresent() && hits(metricsOfA) > hits) {
                    armed++;
                }
                b.delete(session.id());
                long deleted = System.nanoTime();
                if (a.find(session.id()).isPresent()) {
                    stale++;
                    while (a.find(session.id()).isPresent() && System.nanoTime() - deleted < 1_000_000_000L) {
                        // Leave the cores to the connection that is to deliver the invalidation.
                        LockSupport.parkNanos(10_000);
                    }
                    staleForMicros.add((System.nanoTime() - deleted) / 1000);
                }
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            } else {
                BenchStore.deleteKeys(uri, prefix);
            }
        }
        return new Counted(armed, stale, staleForMicros);
    }

    private static Counted overHttp(int cycles, String[] args) throws Exception {
        URI nodeA = URI.create(args[3]);
        URI nodeB = URI.create(args[4]);
        String prefix = args[6];
        String secret = args[7];
        String cookieName = args[8];
        HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();
        Clock clock = Clock.systemUTC();
        int armed = 0;
        int stale = 0;
        try (SessionStore writer = open(args[5], prefix, new MetricRegistry(), clock, false)) {
            for (int i = 0; i < cycles; i++) {
                SessionId id = SessionId.generate();
                Session session = writer.save(Fixtures.session(SignedCookies.storedUnder(id), 1, Instant.now(clock)),
                    Fixtures.IDLE_TIMEOUT);
                String cookie = cookieName + "=" + SignedCookies.sign(secret, id);
                if (status(http, get(nodeA, cookie)) != 200) {
                    throw new IllegalStateException("node A did not sign the session in: check the secret ("
                        + "argument 8), the cookie name (argument 9) and the key prefix (argument 7)");
                }
                if (status(http, get(nodeA, cookie)) == 200) {
                    armed++;
                }
                HttpRequest logout = HttpRequest.newBuilder(nodeB.resolve("/auth/logout"))
                    .header("Cookie", cookie).header("X-CSRF-Token", session.csrfToken())
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
                if (status(http, logout) != 200) {
                    throw new IllegalStateException("the logout on node B was refused");
                }
                if (status(http, get(nodeA, cookie)) == 200) {
                    stale++;
                }
            }
        }
        return new Counted(armed, stale, List.of());
    }

    private static HttpRequest get(URI node, String cookie) {
        return HttpRequest.newBuilder(node.resolve("/auth/profile")).header("Cookie", cookie).GET().build();
    }

    private static int status(HttpClient http, HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static SessionStore open(String uri, String prefix, MetricRegistry metrics, Clock clock, boolean near) {
        Map<String, Object> config = near
            ? Map.of("type", "redis", "uri", uri, "prefix", prefix, "nearCache", Map.of("maximumSize", 100_000))
            : Map.of("type", "redis", "uri", uri, "prefix", prefix);
        SessionStoreFactory factory = MAPPER.convertValue(config, SessionStoreFactory.class);
        return factory.build(metrics, clock);
    }

    private static long hits(MetricRegistry metrics) {
        return (Long) metrics.getGauges().get("sessionauth.store.redis.near-cache.hits").getValue();
    }
}
