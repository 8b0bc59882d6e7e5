package dev.sessionauth.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link FailureCounts} in this process's heap: for the in-process stores, and for any store
 * without the ability, where each node then counts for itself. At most {@code capacity} keys are
 * held; beyond that, forgotten ones are dropped first, and a new key that still finds no room is
 * not counted (its failure returns 1, as a first failure would). Thread-safe.
 */
public final class HeapFailureCounts implements FailureCounts {

    private record Entry(int count, long last, long forgetAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int capacity;

    /** @param clock what "forgotten" is measured by */
    public HeapFailureCounts(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public int fail(String key, Instant now, Duration forgetAfter) {
        FailureCounts.requireValid(key);
        long at = now.toEpochMilli();
        if (!entries.containsKey(key) && entries.size() >= capacity) {
            long current = clock.millis();
            entries.values().removeIf(entry -> entry.forgetAt() <= current);
            if (entries.size() >= capacity) {
                return 1;
            }
        }
        return entries.compute(key, (k, entry) -> {
            int count = entry == null || entry.forgetAt() <= at ? 1 : entry.count() + 1;
            return new Entry(count, at, at + forgetAfter.toMillis());
        }).count();
    }

    @Override
    public Failures get(String key) {
        FailureCounts.requireValid(key);
        Entry entry = entries.get(key);
        return entry == null || entry.forgetAt() <= clock.millis() ? Failures.NONE
            : new Failures(entry.count(), Instant.ofEpochMilli(entry.last()));
    }

    @Override
    public Failures reset(String key) {
        FailureCounts.requireValid(key);
        Entry entry = entries.remove(key);
        return entry == null || entry.forgetAt() <= clock.millis() ? Failures.NONE
            : new Failures(entry.count(), Instant.ofEpochMilli(entry.last()));
    }

    /** How many keys are held, forgotten ones included until a full map sweeps them. */
    public int size() {
        return entries.size();
    }
}
