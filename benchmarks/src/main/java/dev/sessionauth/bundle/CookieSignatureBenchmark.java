package dev.sessionauth.bundle;

import dev.sessionauth.store.SessionId;
import java.util.List;
import java.util.Optional;
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
 * The first step of every request: checking the cookie's HMAC-SHA256 signature with
 * {@link CookieSigner#unsign}, for a valid cookie and for one whose signature is wrong (which is
 * refused without asking the store). One signing secret, as most deployments run.
 *
 * <p>In the bundle's package, since the signer is the bundle's own and not part of its API.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CookieSignatureBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CookieSignatureBenchmark {

    private CookieSigner signer;
    private String valid;
    private String invalid;

    @Setup
    public void setUp() {
        signer = new CookieSigner(List.of("benchmark-signing-secret-0123456789abcdef"));
        valid = signer.sign(SessionId.generate());
        char last = valid.charAt(valid.length() - 1);
        invalid = valid.substring(0, valid.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    @Benchmark
    public Optional<SessionId> verifyValid() {
        return signer.unsign(valid);
    }

    @Benchmark
    public Optional<SessionId> verifyInvalid() {
        return signer.unsign(invalid);
    }
}
