package dev.sessionauth.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move forward by hand, so expiry is tested without sleeping; or that moves by a
 * fixed step at every reading ({@link #tickEveryReading}), as a real one would under concurrent
 * use. Thread-safe.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private volatile Duration step = Duration.ZERO;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Starts at a fixed, arbitrary instant. */
    public MutableClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    /** From now on every reading moves the clock on by {@code step} (zero stops it). */
    public MutableClock tickEveryReading(Duration step) {
        this.step = step;
        return this;
    }

    @Override
    public Instant instant() {
        Duration tick = step;
        return tick.isZero() ? now.get() : now.getAndUpdate(instant -> instant.plus(tick));
    }

    /**
     * The time in nanoseconds since the epoch, without moving a clock that ticks at every reading:
     * for a cache's ticker that follows this clock.
     */
    public long nanos() {
        Instant instant = now.get();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a MutableClock is always UTC");
    }
}
