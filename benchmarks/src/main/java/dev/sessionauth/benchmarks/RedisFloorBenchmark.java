package dev.sessionauth.benchmarks;

import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under the Redis store: {@code storeFind} is {@link SessionStore#find} on the Redis
 * store, {@code rawGet} a bare Lettuce {@code GET} of the very same keys and bytes, on the same kind
 * of connection (standalone, RESP3, byte-array codec, synchronous API), in the same run against the
 * same server. Their ratio is what the store adds to the round trip: key building, the expiry check
 * and decoding.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar RedisFloorBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RedisFloorBenchmark {

    @Param({"100000"})
    public int sessions;

    private BenchStore opened;
    private SessionStore target;
    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> connection;
    private RedisCommands<byte[], byte[]> raw;
    private SessionId[] stored;
    private byte[][] keys;
    private int[] skewed;

    @Setup(Level.Trial)
    public void setUp() {
        Instant now = Instant.now();
        opened = BenchStore.open("redis", sessions, Clock.fixed(now, ZoneOffset.UTC));
        target = opened.store();
        stored = Fixtures.ids(sessions, 1);
        skewed = Zipf.indexes(sessions, 3);
        opened.fill(stored, now);
        keys = new byte[sessions][];
        for (int i = 0; i < sessions; i++) {
            keys[i] = (opened.prefix() + stored[i].value()).getBytes(StandardCharsets.US_ASCII);
        }
        client = RedisClient.create(RedisURI.create(opened.redisUri()));
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        connection = client.connect(ByteArrayCodec.INSTANCE);
        raw = connection.sync();
        if (raw.get(keys[0]) == null) {
            throw new IllegalStateException("the raw client does not see the store's keys");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        connection.close();
        client.shutdown();
        opened.close();
    }

    @Benchmark
    public Optional<Session> storeFind(Skewed cursor) {
        return target.find(stored[cursor.next(skewed)]);
    }

    @Benchmark
    public byte[] rawGet(Skewed cursor) {
        return raw.get(keys[cursor.next(skewed)]);
    }
}
