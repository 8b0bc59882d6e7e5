package dev.sessionauth.store.ability;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;

/**
 * {@link OneTimeTokens} in this process's heap, for the in-process stores: each claim remembered
 * until its expiry by the store's clock. At most {@code capacity} claims are held; beyond that the
 * oldest claims are dropped to make room, expired or not, so a flood of claims can never make
 * every new one fail (which would refuse every real sign-in form). A dropped claim's token could
 * then be claimed again, which is what callers bound elsewhere: a token's claim is only worth
 * making for an attempt that was let through, and each client may make only so many. One lock
 * guards every operation; each is a map operation. Thread-safe.
 */
public final class ClaimedTokens implements OneTimeTokens {

    /** Oldest claim first. */
    private final LinkedHashMap<String, Long> expiries = new LinkedHashMap<>();
    private final Clock clock;
    private final int capacity;
    private long dropped;

    public ClaimedTokens(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity is at least 1");
        }
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean claim(String token, Duration ttl) {
        OneTimeTokens.requireValid(token, ttl);
        long now = clock.millis();
        Long expiresAt = expiries.get(token);
        if (expiresAt != null && expiresAt > now) {
            return false;
        }
        expiries.remove(token);
        if (expiries.size() >= capacity) {
            sweep();
        }
        var oldestFirst = expiries.entrySet().iterator();
        while (expiries.size() >= capacity && oldestFirst.hasNext()) {
            oldestFirst.next();
            oldestFirst.remove();
            dropped++;
        }
        expiries.put(token, now + ttl.toMillis());
        return true;
    }

    /** Forgets every expired claim. */
    public synchronized void sweep() {
        long now = clock.millis();
        expiries.values().removeIf(expiresAt -> expiresAt <= now);
    }

    /** How many claims are held, expired ones included until swept. */
    public synchronized int size() {
        return expiries.size();
    }

    /** How many claims that had not expired were dropped to make room. */
    public synchronized long dropped() {
        return dropped;
    }
}
