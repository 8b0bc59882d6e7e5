package dev.sessionauth.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sessionauth.users.PasswordHasher;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The {@code logins} block: how much of the machine checking passwords may take. Every sign-in,
 * re-authentication and password change hashes a password with Argon2id (19 MiB, tens of
 * milliseconds of a core), unknown usernames too, so a flood of logins needs no account; these
 * bounds keep it from starving everything else.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code concurrentHashes}</td><td>the number of cores</td><td>The most password hashes
 *       running at once.</td></tr>
 *   <tr><td>{@code queuedHashes}</td><td>256</td><td>The most requests waiting for one; beyond,
 *       503 at once. A waiting request holds its connection and a server thread but no core, so a
 *       flood's connections wait here instead of coming back at once; keep it well below
 *       {@code server.maxThreads} (1024).</td></tr>
 *   <tr><td>{@code hashWait}</td><td>1s</td><td>How long a request waits for one before 503 with
 *       {@code Retry-After}.</td></tr>
 * </table>
 */
public class LoginsFactory {

    @Min(1)
    @Max(256)
    private Integer concurrentHashes;

    @Min(0)
    @Max(10_000)
    private int queuedHashes = 256;

    @NotNull
    @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
    private Duration hashWait = Duration.seconds(1);

    /** The configured bound, or the number of cores when none is. */
    @JsonProperty
    public int getConcurrentHashes() {
        return concurrentHashes == null ? Runtime.getRuntime().availableProcessors() : concurrentHashes;
    }

    @JsonProperty
    public void setConcurrentHashes(Integer concurrentHashes) {
        this.concurrentHashes = concurrentHashes;
    }

    @JsonProperty
    public int getQueuedHashes() {
        return queuedHashes;
    }

    @JsonProperty
    public void setQueuedHashes(int queuedHashes) {
        this.queuedHashes = queuedHashes;
    }

    @JsonProperty
    public Duration getHashWait() {
        return hashWait;
    }

    @JsonProperty
    public void setHashWait(Duration hashWait) {
        this.hashWait = hashWait;
    }

    /** The hasher these bounds describe. */
    public PasswordHasher buildHasher() {
        return new PasswordHasher(getConcurrentHashes(), queuedHashes, hashWait.toJavaDuration());
    }
}
