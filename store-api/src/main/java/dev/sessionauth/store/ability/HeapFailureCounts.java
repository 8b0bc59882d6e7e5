package dev.sessionauth.store.ability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FailureCounts} in this process's heap: for the in-process stores, and for any store
 * without the ability, where each node then counts for itself. At most {@code capacity} keys are
 * held, and a full table never fails open: a new key makes room first from forgotten keys, then
 * from the keys whose last failure is oldest among those that hold nobody back (below their
 * threshold); a key at or past its threshold is never dropped before it is forgotten. An attempt
 * that would need room that cannot be made is held back, as if its keys had failed, for
 * {@link Backoff#firstDelay()}: an attacker who fills the table slows every new client, but never
 * lifts a delay already earned. {@link #full()} says whether the last attempt found no room, and a
 * warning is logged when that begins.
 *
 * <p>One lock guards every operation, which is what makes an attempt over several keys atomic;
 * each takes microseconds, against the tens of milliseconds of the password hash it guards.
 * Thread-safe.
 */
public final class HeapFailureCounts implements FailureCounts {

    private static final Logger LOG = LoggerFactory.getLogger(HeapFailureCounts.class);

    /**
     * A key: {@code count} failures in a row, in flight ones included, the last at {@code last};
     * {@code inFlight} of them without a verdict yet, the latest admitted at {@code admitted}.
     */
    private record Entry(int count, int threshold, long last, long forgetAt, int inFlight, long admitted) {

        boolean holdsBack() {
            return count >= threshold;
        }

        /** The attempts in flight at {@code at}; none once the latest has been for {@link #IN_FLIGHT_LIMIT}. */
        int inFlightAt(long at) {
            return at - admitted < IN_FLIGHT_LIMIT.toMillis() ? inFlight : 0;
        }

        Entry landed(int lessCount, long at) {
            return new Entry(count - lessCount, threshold, last, forgetAt, Math.max(0, inFlightAt(at) - 1), admitted);
        }
    }

    /** Oldest last failure first: a key moves to the end whenever it fails again. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final Clock clock;
    private final int capacity;
    /** Before then, a search for room would find none: every key holds back and none is forgotten. */
    private long noRoomBefore;
    private boolean full;

    /** @param clock what "forgotten" is measured by, when a full table looks for room */
    public HeapFailureCounts(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity is at least 1");
        }
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public synchronized Attempt attempt(List<Limit> limits, Backoff backoff, Instant now) {
        FailureCounts.requireValid(limits);
        long at = now.toEpochMilli();
        long heldUntil = 0;
        boolean crowded = false;
        int newKeys = 0;
        List<Integer> counts = new ArrayList<>(limits.size());
        List<Integer> inFlight = new ArrayList<>(limits.size());
        for (Limit limit : limits) {
            Entry entry = live(entries.get(limit.key()), at);
            int count = entry == null ? 0 : entry.count();
            int flying = entry == null ? 0 : entry.inFlightAt(at);
            if (!entries.containsKey(limit.key())) {
                newKeys++;
            }
            int failures = count - flying;
            if (failures >= limit.threshold()) {
                heldUntil = Math.max(heldUntil, entry.last() + backoff.delayMillis(failures, limit.threshold()));
            } else if (count >= limit.threshold()) {
                crowded = true;
            }
            counts.add(count + 1);
            inFlight.add(flying + 1);
        }
        if (heldUntil > at) {
            return new HeldBack(Duration.ofMillis(heldUntil - at));
        }
        if (crowded) {
            return new Pending(PENDING_RETRY);
        }
        if (!makeRoom(newKeys, limits)) {
            return new HeldBack(backoff.firstDelay());
        }
        long forgetAt = at + backoff.forgetAfter().toMillis();
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            entries.remove(limit.key());
            entries.put(limit.key(), new Entry(counts.get(i), limit.threshold(), at, forgetAt, inFlight.get(i), at));
        }
        return new Admitted(counts);
    }

    @Override
    public synchronized void failed(List<String> keys) {
        long at = clock.millis();
        for (String key : keys) {
            entries.computeIfPresent(key, (k, entry) -> entry.landed(0, at));
        }
    }

    @Override
    public synchronized void succeeded(List<String> cleared, List<String> others) {
        cleared.forEach(entries::remove);
        long at = clock.millis();
        for (String key : others) {
            entries.computeIfPresent(key, (k, entry) -> entry.count() <= 1 ? null : entry.landed(1, at));
        }
        noRoomBefore = 0;
    }

    /** How many keys are held, forgotten ones included until a full table sweeps them. */
    public synchronized int size() {
        return entries.size();
    }

    /** Whether the last attempt that needed room for a new key found none, and was held back for it. */
    public synchronized boolean full() {
        return full;
    }

    private static Entry live(Entry entry, long at) {
        return entry == null || entry.forgetAt() <= at ? null : entry;
    }

    /**
     * Whether {@code needed} new keys fit, after dropping what may be dropped: forgotten keys, then
     * the least recently failed keys that hold nobody back, never one of {@code keeping}.
     */
    private boolean makeRoom(int needed, List<Limit> keeping) {
        if (needed == 0) {
            return true;
        }
        if (entries.size() + needed <= capacity) {
            return fits(true);
        }
        long now = clock.millis();
        if (now < noRoomBefore) {
            return fits(false);
        }
        long nextForgetting = Long.MAX_VALUE;
        Iterator<Map.Entry<String, Entry>> oldestFirst = entries.entrySet().iterator();
        while (entries.size() + needed > capacity && oldestFirst.hasNext()) {
            Map.Entry<String, Entry> candidate = oldestFirst.next();
            Entry entry = candidate.getValue();
            if (isAmong(candidate.getKey(), keeping)) {
                continue;
            }
            if (entry.forgetAt() <= now || !entry.holdsBack()) {
                oldestFirst.remove();
            } else {
                nextForgetting = Math.min(nextForgetting, entry.forgetAt());
            }
        }
        if (entries.size() + needed <= capacity) {
            return fits(true);
        }
        noRoomBefore = nextForgetting;
        return fits(false);
    }

    private boolean fits(boolean room) {
        if (!room && !full) {
            LOG.warn("The table of failed sign-ins is full ({} keys, each held back): new clients are held back "
                + "until keys are forgotten. Raise logins.trackedKeys, or keep the counts in Redis", capacity);
        } else if (room && full) {
            LOG.info("The table of failed sign-ins has room again");
        }
        full = !room;
        return room;
    }

    private static boolean isAmong(String key, List<Limit> limits) {
        for (Limit limit : limits) {
            if (limit.key().equals(key)) {
                return true;
            }
        }
        return false;
    }
}
