package dev.sessionauth.benchmarks;

import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.support.CompactSessionCodec;
import dev.sessionauth.store.support.SessionCodec;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a byte-holding store (Redis) adds to every lookup and save: {@link CompactSessionCodec}
 * encoding and decoding a {@linkplain Fixtures#session typical session} (desktop Chrome user agent,
 * IPv4 address, no attributes).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SessionCodecBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SessionCodecBenchmark {

    private SessionCodec codec;
    private Session session;
    private SessionId id;
    private byte[] encoded;

    @Setup
    public void setUp() {
        codec = CompactSessionCodec.INSTANCE;
        id = SessionId.generate();
        session = Fixtures.session(id, 42, Instant.parse("2026-11-27T12:00:00Z")).withVersion(3);
        encoded = codec.encode(session);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(session);
    }

    @Benchmark
    public Session decode() {
        return codec.decode(id, encoded);
    }
}
