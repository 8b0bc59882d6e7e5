package dev.sessionauth.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link OneTimeTokens} in this process's heap, for the in-process stores: each claim remembered
 * until its expiry by the store's clock. At most {@code capacity} claims are held; beyond that,
 * expired ones are dropped first, and if none has expired a new claim is refused (false): a flood of
 * forms can fill it, but never make it accept a token twice. Thread-safe.
 */
public final class ClaimedTokens implements OneTimeTokens {

    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int capacity;

    public ClaimedTokens(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public boolean claim(String token, Duration ttl) {
        OneTimeTokens.requireValid(token, ttl);
        long now = clock.millis();
        if (expiries.size() >= capacity) {
            sweep();
            if (expiries.size() >= capacity) {
                return false;
            }
        }
        boolean[] claimed = new boolean[1];
        expiries.compute(token, (key, expiresAt) -> {
            if (expiresAt != null && expiresAt > now) {
                return expiresAt;
            }
            claimed[0] = true;
            return now + ttl.toMillis();
        });
        return claimed[0];
    }

    /** Forgets every expired claim. */
    public void sweep() {
        long now = clock.millis();
        expiries.values().removeIf(expiresAt -> expiresAt <= now);
    }

    /** How many claims are held, expired ones included until swept. */
    public int size() {
        return expiries.size();
    }
}
