package dev.sessionauth.benchmarks;

import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SessionStore#find} on each store with {@code sessions} live sessions, for IDs that are
 * stored (hits, chosen by a {@linkplain Zipf skewed distribution}) and IDs that are not (misses), on
 * one thread and on two. For Redis, this is the network round trip plus decoding;
 * {@link RedisFloorBenchmark} measures the bare GET it is held against. {@code redis-near} is
 * Redis with the near cache: every stored ID is read in setup, so a hit there is served from the
 * node's memory, as on a node that has served its users for a while. (At 1M sessions Redis's
 * default {@code tracking-table-max-keys}, 1M for all clients, starts invalidating tracked keys to
 * make room, so some hits there read Redis again.)
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StoreFindBenchmark                      # every store and size
 * java -jar benchmarks/target/benchmarks.jar StoreFindBenchmark -p store=caffeine -p sessions=1000000
 * </pre>
 * Redis: the server {@code REDIS_URL} names (keys under a prefix of the run's own, deleted after),
 * else a {@code redis-server} the benchmark starts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(Scope.Benchmark)
public class StoreFindBenchmark {

    @Param({"memory", "caffeine", "redis", "redis-near"})
    public String store;

    @Param({"1000", "100000", "1000000"})
    public int sessions;

    private BenchStore opened;
    private SessionStore target;
    private SessionId[] stored;
    private SessionId[] absent;
    private int[] skewed;

    @Setup(Level.Trial)
    public void setUp() {
        Instant now = Instant.now();
        opened = BenchStore.open(store, sessions, Clock.fixed(now, ZoneOffset.UTC));
        target = opened.store();
        stored = Fixtures.ids(sessions, 1);
        absent = Fixtures.ids(1 << 16, 2);
        skewed = Zipf.indexes(sessions, 3);
        opened.fill(stored, now);
        if (store.equals("redis-near")) {
            // A hit on the near cache is a session this node has read before: read each once (twice,
            // since a read that races the invalidation of its own save is not kept), as a node that
            // has served its users for a while has.
            for (int pass = 0; pass < 2; pass++) {
                for (SessionId id : stored) {
                    target.find(id);
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        opened.close();
    }

    @Benchmark
    public Optional<Session> hit(Skewed cursor) {
        return target.find(stored[cursor.next(skewed)]);
    }

    @Benchmark
    public Optional<Session> miss(Skewed cursor) {
        return target.find(absent[cursor.nextIndex(absent.length)]);
    }

    @Benchmark
    @Threads(2)
    public Optional<Session> hitTwoThreads(Skewed cursor) {
        return target.find(stored[cursor.next(skewed)]);
    }

    @Benchmark
    @Threads(2)
    public Optional<Session> missTwoThreads(Skewed cursor) {
        return target.find(absent[cursor.nextIndex(absent.length)]);
    }
}
