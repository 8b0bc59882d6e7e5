package dev.sessionauth.auth;

import dev.sessionauth.store.FailureCounts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Slows password guessing without ever locking anyone out for good (OWASP's "exponential
 * delays"). Failed password checks are counted per (account, client address) and per client
 * address. From the {@code threshold}-th failure of a key on, that key is held back: its next
 * attempt waits {@code firstDelay} after the last failure, doubling with every further failure, up
 * to {@code maxDelay}. An attempt while held back is refused before any hash is spent. A success
 * clears its (account, client) count; a key forgets its failures {@code forgetAfter} after the
 * last one.
 *
 * <p>Accounts are named as the user typed them, the way the user database compares usernames
 * (exactly), whether or not such a user exists: a refusal says nothing about which accounts are
 * real. The owner of an account, from their own address, is not slowed by failures from others'.
 *
 * <p>The counts are the session store's {@link FailureCounts} where it has them (Redis: shared by
 * every node), else this process's. Keys are digests, so what a client types never becomes a key
 * of unbounded length. Thread-safe.
 */
public final class LoginThrottle {

    /** Which counts a failure brought to their threshold, so that their delays start now. */
    public record Engaged(boolean accountFromClient, boolean client) {
    }

    private final FailureCounts counts;
    private final Clock clock;
    private final int accountThreshold;
    private final int clientThreshold;
    private final long firstDelay;
    private final long maxDelay;
    private final Duration forgetAfter;

    /**
     * @param accountThreshold failures of one account from one client before delays start
     * @param clientThreshold  failures from one client, whichever accounts, before delays start
     */
    public LoginThrottle(FailureCounts counts, Clock clock, int accountThreshold, int clientThreshold,
                         Duration firstDelay, Duration maxDelay, Duration forgetAfter) {
        this.counts = counts;
        this.clock = clock;
        this.accountThreshold = accountThreshold;
        this.clientThreshold = clientThreshold;
        this.firstDelay = firstDelay.toMillis();
        this.maxDelay = maxDelay.toMillis();
        this.forgetAfter = forgetAfter;
    }

    /** How long an attempt for {@code account} from {@code client} must still wait; empty when it may go ahead. */
    public Optional<Duration> wait(String account, String client) {
        long now = clock.millis();
        long held = Math.max(heldUntil(counts.get(accountKey(account, client)), accountThreshold),
            heldUntil(counts.get(clientKey(client)), clientThreshold));
        return held > now ? Optional.of(Duration.ofMillis(held - now)) : Optional.empty();
    }

    /** Counts a failed password check for {@code account} from {@code client}. */
    public Engaged failed(String account, String client) {
        var now = clock.instant();
        return new Engaged(counts.fail(accountKey(account, client), now, forgetAfter) == accountThreshold,
            counts.fail(clientKey(client), now, forgetAfter) == clientThreshold);
    }

    /**
     * Clears the count of {@code account} from {@code client}: its owner proved the password.
     *
     * @return whether that count was being delayed
     */
    public boolean succeeded(String account, String client) {
        return counts.reset(accountKey(account, client)).count() >= accountThreshold;
    }

    private long heldUntil(FailureCounts.Failures failures, int threshold) {
        return failures.count() < threshold ? 0 : failures.last().toEpochMilli() + delay(failures.count() - threshold);
    }

    /** {@code firstDelay} doubled {@code doublings} times, at most {@code maxDelay}. */
    private long delay(int doublings) {
        if (doublings >= 62) {
            return maxDelay;
        }
        long delay = firstDelay << doublings;
        return delay < 0 || delay > maxDelay || (delay >> doublings) != firstDelay ? maxDelay : delay;
    }

    private static String accountKey(String account, String client) {
        return "login-account:" + digest(client + "\u0000" + account);
    }

    private static String clientKey(String client) {
        return "login-client:" + digest(client);
    }

    private static String digest(String text) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
