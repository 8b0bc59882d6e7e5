package dev.sessionauth.bundle;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes and verifies passwords with Argon2id (OWASP's parameters: 19 MiB, 2 iterations, 1 lane),
 * stored as PHC strings ({@code $argon2id$v=19$m=19456,t=2,p=1$...}), so hashes made with other
 * parameters still verify after the parameters change. It also verifies the hashes a team brings
 * with it: bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}, as Node's {@code bcrypt} and Spring's
 * {@code BCryptPasswordEncoder} write them; a password longer than 72 bytes is cut there, as
 * theirs is) and any {@link PasswordFormat} the host adds; {@link #isCurrent} tells which hashes
 * to replace at the next sign-in. The hashing is libargon2's, the reference
 * implementation, through JNA: its working memory is native, taken and given back per hash, so a
 * burst of logins leaves no garbage for the Java heap to grow around, and it runs about four
 * times as fast as a pure-Java Argon2 here. Thread-safe.
 *
 * <p>Hashing is bounded: at most {@code concurrency} hashes run at once, each taking 19 MiB and a
 * core for tens of milliseconds. A caller finds a free slot at once, or waits in a queue of at
 * most {@code queue} callers for at most {@code maxWait}, in arrival order; beyond either it gets
 * {@link Busy}, answered 503 with {@code Retry-After}. So a flood of logins, which needs no
 * account, costs at most {@code concurrency} cores and {@code concurrency} x 19 MiB, and requests
 * that hash nothing never wait behind it.
 */
public final class PasswordHasher {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordHasher.class);
    private static final Argon2 ARGON2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int LANES = 1;
    /** A PHC string of Argon2id: what {@code verify} can read; anything else is a corrupt row. */
    private static final Pattern PHC = Pattern.compile(
        "\\$argon2id\\$v=19\\$m=[0-9]{1,6},t=[0-9]{1,3},p=[0-9]{1,2}\\$[A-Za-z0-9+/]{11,}\\$[A-Za-z0-9+/]{11,}");

    /**
     * No slot came free in time: too many hashes are running or waiting. Answered 503 JSON with
     * {@code Retry-After}, for a known and an unknown user alike, by whatever resource lets it
     * through. Not logged one by one: under a flood that would be a line per attempt; the gauge
     * {@code sessionauth.hashing.refused} counts them.
     */
    public static final class Busy extends WebApplicationException {
        private static final long serialVersionUID = 1L;

        /** What the 503 says. */
        public static final String MESSAGE = "Too many sign-ins at once; try again in a moment";

        Busy() {
            super("password hashing is at capacity", Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(new ErrorMessage(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), MESSAGE))
                .build());
        }

        /** No stack trace: under a flood one is made per refused attempt, and says nothing. */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** The prefix of a hash made with today's parameters: any other verifies, and is replaced at sign-in. */
    private static final String CURRENT = "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES + "$";
    /** bcrypt as OpenBSD, Node's {@code bcrypt} and Spring write it: version, cost, 22 characters of salt, 31 of hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    private static final BCrypt.Verifyer BCRYPT_VERIFIER =
        BCrypt.verifyer(BCrypt.Version.VERSION_2B, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B));

    private final int concurrency;
    private final Semaphore slots;
    private final int queue;
    private final long maxWaitNanos;
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private final Runnable onQueued;
    private final List<PasswordFormat> formats;

    /** Verified against when the user does not exist, so that case costs one hash too. */
    private final String decoyHash;

    /** As many hashes at once as there are cores, 256 waiting, for at most a second: for commands. */
    public PasswordHasher() {
        this(Runtime.getRuntime().availableProcessors(), 256, Duration.ofSeconds(1));
    }

    /**
     * @param concurrency the most hashes running at once, at least 1
     * @param queue       the most callers waiting for a slot, at least 0
     * @param maxWait     how long a caller waits for a slot
     */
    public PasswordHasher(int concurrency, int queue, Duration maxWait) {
        this(concurrency, queue, maxWait, List.of(), () -> { });
    }

    /**
     * @param formats hashes of other kinds the host brings, tried after Argon2id and bcrypt
     */
    public PasswordHasher(int concurrency, int queue, Duration maxWait, List<PasswordFormat> formats) {
        this(concurrency, queue, maxWait, formats, () -> { });
    }

    /** @param onQueued run by each caller as it joins the queue; for tests, to wait on that */
    PasswordHasher(int concurrency, int queue, Duration maxWait, List<PasswordFormat> formats, Runnable onQueued) {
        this.onQueued = onQueued;
        this.formats = List.copyOf(formats);
        if (concurrency < 1 || queue < 0 || maxWait.isNegative()) {
            throw new IllegalArgumentException("concurrency must be at least 1, queue and maxWait at least 0");
        }
        this.concurrency = concurrency;
        this.slots = new Semaphore(concurrency, true);
        this.queue = queue;
        this.maxWaitNanos = maxWait.toNanos();
        this.decoyHash = hashNow("decoy password for unknown users");
    }

    /**
     * Returns a new salted hash of {@code password}.
     *
     * @throws Busy when no slot comes free in time
     */
    public String hash(CharSequence password) {
        return bounded(() -> hashNow(password));
    }

    /**
     * Verifies a password. Spends one hash whether or not there is a stored hash, so the time taken
     * does not tell whether a username exists.
     *
     * @param storedHash the user's hash, or empty when there is no such user
     * @return true only when there is a stored hash and the password matches it
     * @throws Busy when no slot comes free in time, for a known and an unknown user alike
     */
    public boolean verify(CharSequence password, Optional<String> storedHash) {
        String hash = storedHash.orElse(decoyHash);
        if (!PHC.matcher(hash).matches()) {
            return verifyOther(password, hash);
        }
        boolean matches = bounded(() -> {
            char[] chars = chars(password);
            try {
                return ARGON2.verify(hash, chars);
            } catch (RuntimeException e) {
                LOG.error("A stored password hash could not be read by libargon2; the login is refused");
                return false;
            } finally {
                ARGON2.wipeArray(chars);
            }
        });
        return matches && storedHash.isPresent();
    }

    /**
     * Whether {@code storedHash} is Argon2id with today's parameters; any other hash that verifies
     * is to be replaced by {@link #hash} of the same password at that sign-in.
     */
    public boolean isCurrent(String storedHash) {
        return storedHash.startsWith(CURRENT) && PHC.matcher(storedHash).matches();
    }

    /**
     * Verifies a hash that is not Argon2id: bcrypt, or a host's format; in a slot, as any hash.
     * One that no format reads is a corrupt row: refused, after the same work.
     */
    private boolean verifyOther(CharSequence password, String hash) {
        if (BCRYPT.matcher(hash).matches()) {
            return bounded(() -> {
                byte[] bytes = utf8(password);
                try {
                    return BCRYPT_VERIFIER.verify(bytes, hash.getBytes(StandardCharsets.US_ASCII)).verified;
                } finally {
                    Arrays.fill(bytes, (byte) 0);
                }
            });
        }
        for (PasswordFormat format : formats) {
            if (format.reads(hash)) {
                return bounded(() -> {
                    try {
                        return format.verify(password, hash);
                    } catch (RuntimeException e) {
                        LOG.error("A password format failed on a stored hash; the login is refused", e);
                        return false;
                    }
                });
            }
        }
        LOG.error("A stored password hash is in no format this service reads; the login is refused");
        bounded(() -> hashNow(password));
        return false;
    }

    private static byte[] utf8(CharSequence password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    /** How many callers wait for a slot now. */
    public int waiting() {
        return waiting.get();
    }

    /** How many hashes run now. */
    public int running() {
        return Math.max(0, concurrency - slots.availablePermits());
    }

    /** How many callers were refused with {@link Busy} since start. */
    public long refused() {
        return refused.sum();
    }

    /** Runs {@code work} in a slot, waiting for one as a hash would; package-private for tests. */
    <T> T bounded(Supplier<T> work) {
        acquire();
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }

    private void acquire() {
        try {
            if (slots.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return;
            }
            if (waiting.incrementAndGet() > queue) {
                waiting.decrementAndGet();
                throw busy();
            }
            try {
                onQueued.run();
                if (!slots.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                    throw busy();
                }
            } finally {
                waiting.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
    }

    private Busy busy() {
        refused.increment();
        return new Busy();
    }

    private static String hashNow(CharSequence password) {
        char[] chars = chars(password);
        try {
            return ARGON2.hash(ITERATIONS, MEMORY_KIB, LANES, chars);
        } finally {
            ARGON2.wipeArray(chars);
        }
    }

    private static char[] chars(CharSequence password) {
        char[] chars = new char[password.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = password.charAt(i);
        }
        return chars;
    }
}
