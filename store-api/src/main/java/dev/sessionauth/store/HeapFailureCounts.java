package dev.sessionauth.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FailureCounts} in this process's heap: for the in-process stores, and for any store
 * without the ability, where each node then counts for itself. At most {@code capacity} keys are
 * held; beyond that, forgotten ones are dropped first, and a new key that still finds no room is
 * not counted (it counts 1, as a first failure would, and is held nowhere). One lock guards every
 * operation, which is what makes an attempt over several keys atomic; each takes microseconds,
 * against the tens of milliseconds of the password hash it guards. Thread-safe.
 */
public final class HeapFailureCounts implements FailureCounts {

    private record Entry(int count, long last, long forgetAt) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final Clock clock;
    private final int capacity;
    /** When a full map next has a key to forget: before then, sweeping it would find nothing. */
    private long nextForgetting;

    /** @param clock what "forgotten" is measured by, when a full map looks for room */
    public HeapFailureCounts(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public synchronized Attempt attempt(List<Limit> limits, Backoff backoff, Instant now) {
        FailureCounts.requireValid(limits);
        long at = now.toEpochMilli();
        long heldUntil = 0;
        List<Integer> counts = new ArrayList<>(limits.size());
        for (Limit limit : limits) {
            Entry entry = live(entries.get(limit.key()), at);
            int count = entry == null ? 0 : entry.count();
            if (count >= limit.threshold()) {
                heldUntil = Math.max(heldUntil, entry.last() + backoff.delayMillis(count, limit.threshold()));
            }
            counts.add(count + 1);
        }
        if (heldUntil > at) {
            return new HeldBack(Duration.ofMillis(heldUntil - at));
        }
        long forgetAt = at + backoff.forgetAfter().toMillis();
        for (int i = 0; i < limits.size(); i++) {
            String key = limits.get(i).key();
            if (entries.containsKey(key) || hasRoom()) {
                entries.put(key, new Entry(counts.get(i), at, forgetAt));
            }
        }
        return new Admitted(counts);
    }

    @Override
    public synchronized void succeeded(List<String> cleared, List<String> others) {
        cleared.forEach(entries::remove);
        for (String key : others) {
            entries.computeIfPresent(key, (k, entry) -> entry.count() <= 1 ? null
                : new Entry(entry.count() - 1, entry.last(), entry.forgetAt()));
        }
    }

    /** How many keys are held, forgotten ones included until a full map sweeps them. */
    public synchronized int size() {
        return entries.size();
    }

    private static Entry live(Entry entry, long at) {
        return entry == null || entry.forgetAt() <= at ? null : entry;
    }

    private boolean hasRoom() {
        if (entries.size() < capacity) {
            return true;
        }
        long now = clock.millis();
        if (now < nextForgetting) {
            return false;
        }
        entries.values().removeIf(entry -> entry.forgetAt() <= now);
        nextForgetting = entries.values().stream().mapToLong(Entry::forgetAt).min().orElse(0);
        return entries.size() < capacity;
    }
}
