package dev.sessionauth.benchmarks;

import dev.sessionauth.users.User;
import dev.sessionauth.users.UserDao;
import dev.sessionauth.users.UserLookup;
import io.dropwizard.core.setup.Environment;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
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
 * Loading the user by ID from embedded H2, the one query every authenticated request makes, two
 * ways on the service's own JDBI instance: {@code lookup} is {@code UserLookup}, what the service
 * uses (a handle and a query); {@code sqlObject} is the {@code UserDao} SqlObject proxy it replaced
 * on the request path, kept here to show why.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar UserLoadBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class UserLoadBenchmark {

    private UserDao dao;
    private UserLookup lookup;
    private long id;

    @Setup
    public void setUp() {
        Jdbi jdbi = BenchDatabase.h2(new Environment("benchmarks"), "user-load");
        dao = jdbi.onDemand(UserDao.class);
        lookup = new UserLookup(jdbi);
        id = dao.insert("ada", BenchDatabase.PASSWORD_HASH, "user", false, Instant.now());
    }

    @Benchmark
    public Optional<User> lookup() {
        return lookup.findById(id);
    }

    @Benchmark
    public Optional<User> sqlObject() {
        return dao.findById(id);
    }
}
