package dev.sessionauth.benchmarks;

import dev.sessionauth.bundle.ServletAuthentication;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.users.User;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a cookie that signs nobody in costs, through the bundle as production wires it
 * ({@link BenchBundle}, memory store): what a flood of made-up cookies asks of a node.
 * {@code forged} carries a wrong signature and is refused at the signature check (HMAC-SHA256,
 * constant-time comparison) without asking the store; {@code unknown} is signed with the node's
 * secret but names no session: the signature check and one store miss. One signing secret, as
 * most deployments run.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CookieCheckBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CookieCheckBenchmark {

    private BenchBundle bundle;
    private ServletAuthentication<User> authentication;
    private List<String> forged;
    private List<String> unknown;

    @Setup
    public void setUp() {
        Clock clock = Clock.systemUTC();
        bundle = BenchBundle.run(new Environment("benchmarks"), BenchStore.open("memory", 1, clock), "memory",
            key -> Optional.empty(), clock);
        authentication = bundle.authentication();
        unknown = bundle.cookieHeader(SessionId.generate());
        String valid = bundle.cookieHeader(SessionId.generate()).get(0);
        // A character inside the signature, not its last, whose low bits base64 may leave unused.
        int at = valid.indexOf(';', valid.indexOf("=s:")) - 5;
        forged = List.of(valid.substring(0, at) + (valid.charAt(at) == 'A' ? 'B' : 'A') + valid.substring(at + 1));
    }

    @TearDown
    public void tearDown() throws Exception {
        bundle.close();
    }

    @Benchmark
    public ServletAuthentication.Result<User> forged() {
        return refused(forged);
    }

    @Benchmark
    public ServletAuthentication.Result<User> unknown() {
        return refused(unknown);
    }

    private ServletAuthentication.Result<User> refused(List<String> cookieHeader) {
        ServletAuthentication.Result<User> result = authentication.authenticate(cookieHeader, null);
        if (result.session().isPresent()) {
            throw new IllegalStateException("a made-up cookie was let in: " + cookieHeader);
        }
        return result;
    }
}
