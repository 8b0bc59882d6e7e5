package dev.sessionauth.store.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.support.FillGuard.Fill;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The fill protocol that the near cache and the user cache share, on the smallest cache that
 * follows it: a map whose atomic steps on a key are {@code compute}. Each ordering of a fill
 * against an invalidation, another fill and a loss is played out here in turn; the loss race,
 * the one no ordering by hand reaches, runs on two threads against a thousand losses.
 */
class FillGuardTest {

    private final FillGuard<String> fills = new FillGuard<>();
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    private void complete(Fill<String> fill, String value) {
        if (!fills.pending(fill)) {
            fills.abandon(fill);
            return;
        }
        fills.installing(() -> cache.compute(fill.key(), (key, old) -> fills.claim(fill) ? value : null));
    }

    private void invalidate(String key) {
        cache.compute(key, (k, old) -> {
            fills.invalidated(k);
            return null;
        });
    }

    private void lose() {
        fills.newEpoch(cache::clear);
    }

    @Test
    void aFillNothingOvertookIsKept() {
        complete(fills.begin("a"), "read");

        assertThat(cache).containsEntry("a", "read");
    }

    @Test
    void anInvalidationThatOvertakesAFillLeavesNothing() {
        Fill<String> fill = fills.begin("a");
        invalidate("a");
        complete(fill, "read before the change");

        assertThat(cache).doesNotContainKey("a");
    }

    @Test
    void ofTwoOverlappingFillsTheLaterBegunIsKeptWhenItCompletesFirst() {
        Fill<String> first = fills.begin("a");
        Fill<String> second = fills.begin("a");
        complete(second, "second");
        complete(first, "first");

        assertThat(cache).containsEntry("a", "second");
    }

    @Test
    void ofTwoOverlappingFillsTheLaterBegunIsKeptWhenItCompletesLast() {
        Fill<String> first = fills.begin("a");
        Fill<String> second = fills.begin("a");
        complete(first, "first");
        complete(second, "second");

        assertThat(cache).containsEntry("a", "second");
    }

    @Test
    void aFillBegunBeforeALossKeepsNothingAfterIt() {
        Fill<String> fill = fills.begin("a");
        lose();
        complete(fill, "read before the loss");

        assertThat(cache).isEmpty();
    }

    @Test
    void trustIsGivenOnlyInTheEpochItWasAskedIn() {
        long asked = fills.epoch();
        AtomicBoolean trusted = new AtomicBoolean();

        lose();

        assertThat(fills.ifEpoch(asked, () -> trusted.set(true))).isFalse();
        assertThat(trusted).isFalse();
        assertThat(fills.ifEpoch(fills.epoch(), () -> trusted.set(true))).isTrue();
        assertThat(trusted).isTrue();
    }

    @Test
    void anAbandonedFillLeavesALaterOneAlone() {
        Fill<String> first = fills.begin("a");
        Fill<String> second = fills.begin("a");
        fills.abandon(first);
        complete(second, "second");

        assertThat(cache).containsEntry("a", "second");
    }

    /**
     * As the caches use it: fills begin only while invalidations are trusted, a loss stops the
     * trust and empties the cache under the guard, and trust returns in the loss's epoch.
     */
    @Test
    void noInstallRacingALossOutlivesIt() throws Exception {
        String[] keys = {"a", "b", "c", "d"};
        AtomicBoolean trusted = new AtomicBoolean(true);
        AtomicLong[] rounds = {new AtomicLong(), new AtomicLong()};
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> fillers = new ArrayList<>();
        for (AtomicLong done : rounds) {
            Thread filler = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    if (trusted.get()) {
                        Fill<String> fill = fills.begin(keys[i % keys.length]);
                        if (!fills.pending(fill)) {
                            fills.abandon(fill);
                        } else {
                            fills.installing(() -> cache.compute(fill.key(), (key, old) ->
                                fills.claim(fill) && trusted.get() ? "read" : null));
                        }
                    }
                    done.incrementAndGet();
                }
            });
            filler.start();
            fillers.add(filler);
        }
        try {
            for (int loss = 0; loss < 1_000; loss++) {
                fills.newEpoch(() -> {
                    trusted.set(false);
                    cache.clear();
                });
                // Every fill begun before the loss has completed once each filler went round twice more.
                long[] seen = {rounds[0].get(), rounds[1].get()};
                while (rounds[0].get() < seen[0] + 2 || rounds[1].get() < seen[1] + 2) {
                    Thread.onSpinWait();
                }
                assertThat(cache).as("entries after loss %d", loss).isEmpty();
                assertThat(fills.ifEpoch(fills.epoch(), () -> trusted.set(true))).isTrue();
            }
        } finally {
            stop.set(true);
            for (Thread filler : fillers) {
                filler.join();
            }
        }
    }
}
