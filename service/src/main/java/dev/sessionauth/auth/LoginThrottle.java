package dev.sessionauth.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing without ever locking anyone out for good (OWASP's "exponential
 * delays"). Failed password checks are counted per (account, client address) and per client
 * address. From the {@code threshold}-th failure of a key on, that key is held back: its next
 * attempt waits {@code firstDelay}, doubling with every further failure, up to {@code maxDelay}.
 * An attempt while held back is refused before any hash is spent. A success clears its (account,
 * client) count; a key forgets its failures {@code forgetAfter} after the last one.
 *
 * <p>Accounts are named as the user typed them, the way the user database compares usernames
 * (exactly), whether or not such a user exists: a refusal says nothing about which accounts are
 * real. The owner of an account, from their own address, is not slowed by failures from others'.
 *
 * <p>Counts are kept in this process, at most {@code capacity} keys: beyond that, expired ones are
 * dropped first, and a new key that still finds no room is not counted (keys already held still
 * are). Thread-safe.
 */
public final class LoginThrottle {

    /** How one key stands. Immutable. */
    private record Count(int failures, long heldUntil, long lastFailure) {
    }

    private final Map<String, Count> counts = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int accountThreshold;
    private final int clientThreshold;
    private final long firstDelay;
    private final long maxDelay;
    private final long forgetAfter;
    private final int capacity;

    /**
     * @param accountThreshold failures of one account from one client before delays start
     * @param clientThreshold  failures from one client, whichever accounts, before delays start
     */
    public LoginThrottle(Clock clock, int accountThreshold, int clientThreshold, Duration firstDelay,
                         Duration maxDelay, Duration forgetAfter, int capacity) {
        this.clock = clock;
        this.accountThreshold = accountThreshold;
        this.clientThreshold = clientThreshold;
        this.firstDelay = firstDelay.toMillis();
        this.maxDelay = maxDelay.toMillis();
        this.forgetAfter = forgetAfter.toMillis();
        this.capacity = capacity;
    }

    /** How long an attempt for {@code account} from {@code client} must still wait; empty when it may go ahead. */
    public Optional<Duration> wait(String account, String client) {
        long now = clock.millis();
        long held = Math.max(heldUntil(accountKey(account, client), now), heldUntil(clientKey(client), now));
        return held > now ? Optional.of(Duration.ofMillis(held - now)) : Optional.empty();
    }

    /** Which counts a failure brought to their threshold, so that their delays start now. */
    public record Engaged(boolean accountFromClient, boolean client) {
    }

    /** Counts a failed password check for {@code account} from {@code client}. */
    public Engaged failed(String account, String client) {
        long now = clock.millis();
        return new Engaged(count(accountKey(account, client), accountThreshold, now) == accountThreshold,
            count(clientKey(client), clientThreshold, now) == clientThreshold);
    }

    /**
     * Clears the count of {@code account} from {@code client}: its owner proved the password.
     *
     * @return whether that count was being delayed
     */
    public boolean succeeded(String account, String client) {
        Count cleared = counts.remove(accountKey(account, client));
        return cleared != null && cleared.failures() >= accountThreshold
            && clock.millis() - cleared.lastFailure() < forgetAfter;
    }

    private long heldUntil(String key, long now) {
        Count count = counts.get(key);
        return count == null || now - count.lastFailure() >= forgetAfter ? 0 : count.heldUntil();
    }

    /** @return the key's failures now; 0 when it found no room */
    private int count(String key, int threshold, long now) {
        if (!counts.containsKey(key) && counts.size() >= capacity) {
            counts.values().removeIf(count -> now - count.lastFailure() >= forgetAfter);
            if (counts.size() >= capacity) {
                return 0;
            }
        }
        return counts.compute(key, (k, count) -> {
            int failures = count == null || now - count.lastFailure() >= forgetAfter ? 1 : count.failures() + 1;
            return new Count(failures, failures < threshold ? 0 : now + delay(failures - threshold), now);
        }).failures();
    }

    /** {@code firstDelay} doubled {@code doublings} times, at most {@code maxDelay}. */
    private long delay(int doublings) {
        return doublings >= 62 || firstDelay << doublings > maxDelay || firstDelay << doublings < 0
            ? maxDelay : Math.min(maxDelay, firstDelay << doublings);
    }

    private static String accountKey(String account, String client) {
        return "a\u0000" + client + "\u0000" + account;
    }

    private static String clientKey(String client) {
        return "c\u0000" + client;
    }
}
