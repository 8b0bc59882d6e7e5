package dev.sessionauth.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.ability.ChangeNotices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * The user cache's rules against a table the test holds, with notices the test delivers by hand
 * and a ticker it moves: served for at most the maximum age, dropped at once by a change through
 * the service here or on another node, never kept when a change overtakes the load, and bypassed
 * while notices may have been missed.
 */
class UserCacheTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(2);

    private final Map<Long, User> table = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final AtomicLong ticks = new AtomicLong();

    /** Notices as a store would deliver them: to every subscriber, published here or elsewhere. */
    private final class Notices implements ChangeNotices {
        final List<Listener> subscribers = new ArrayList<>();
        final List<String> published = new ArrayList<>();

        @Override
        public void publish(String key) {
            published.add(key);
            subscribers.forEach(listener -> listener.changed(key));
        }

        @Override
        public AutoCloseable subscribe(Listener listener) {
            subscribers.add(listener);
            listener.live();
            return () -> subscribers.remove(listener);
        }
    }

    private static User user(long id, String username, boolean disabled) {
        return new User(id, username, "$argon2id$stub", Set.of("user"), disabled, Instant.EPOCH, null);
    }

    private LongFunction<Optional<User>> database() {
        return id -> {
            queries.incrementAndGet();
            return Optional.ofNullable(table.get(id));
        };
    }

    private UserCache cache(LongFunction<Optional<User>> lookup, Duration maxAge, ChangeNotices notices) {
        return new UserCache(lookup, maxAge, 100, notices, ticks::get);
    }

    @Test
    void aUserIsServedFromMemoryForAtMostTheMaximumAge() {
        table.put(1L, user(1, "ada", false));
        UserCache cache = cache(database(), MAX_AGE, null);
        cache.findById(1);
        table.put(1L, user(1, "ada", true));

        assertThat(cache.signedIn("1")).as("changed behind the service's back: not seen yet").isPresent();
        ticks.addAndGet(MAX_AGE.toNanos());
        assertThat(cache.signedIn("1")).as("seen within the maximum age").isEmpty();
        assertThat(queries).hasValue(2);
    }

    @Test
    void aChangeThroughTheServiceIsSeenAtOnceHereAndOnEveryOtherNode() {
        table.put(1L, user(1, "ada", false));
        Notices notices = new Notices();
        UserCache here = cache(database(), MAX_AGE, notices);
        UserCache there = cache(database(), MAX_AGE, notices);
        here.findById(1);
        there.findById(1);

        table.put(1L, user(1, "ada", true));
        here.changed(1);

        assertThat(here.signedIn("1")).isEmpty();
        assertThat(there.signedIn("1")).isEmpty();
        assertThat(notices.published).containsExactly("user:1");
    }

    @Test
    void aLoadThatAChangeOvertakesKeepsNothing() {
        table.put(1L, user(1, "ada", false));
        UserCache[] cache = new UserCache[1];
        AtomicBoolean raced = new AtomicBoolean();
        LongFunction<Optional<User>> racing = id -> {
            Optional<User> read = Optional.ofNullable(table.get(id));
            if (raced.compareAndSet(false, true)) {
                // The first load read the row as it was; a change commits and is announced before it ends.
                table.put(1L, user(1, "ada", true));
                cache[0].changed(1);
            }
            return read;
        };
        cache[0] = cache(racing, MAX_AGE, null);

        assertThat(cache[0].signedIn("1")).as("the load answers what it read").isPresent();
        assertThat(cache[0].signedIn("1")).as("but kept nothing: the next lookup reads the change").isEmpty();
        assertThat(cache[0].hits()).isZero();
    }

    @Test
    void whileNoticesMayHaveBeenMissedNothingIsServedOrKept() {
        table.put(1L, user(1, "ada", false));
        Notices notices = new Notices();
        UserCache cache = cache(database(), MAX_AGE, notices);
        cache.findById(1);
        ChangeNotices.Listener listener = notices.subscribers.get(0);

        listener.lost();
        table.put(1L, user(1, "ada", true));
        assertThat(cache.signedIn("1")).isEmpty();
        table.put(1L, user(1, "ada", false));
        assertThat(cache.signedIn("1")).isPresent();
        assertThat(cache.hits()).isZero();

        listener.live();
        cache.findById(1);
        cache.findById(1);
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void aMaximumAgeOfZeroTurnsTheCacheOff() {
        table.put(1L, user(1, "ada", false));
        Notices notices = new Notices();
        UserCache cache = cache(database(), Duration.ZERO, notices);

        cache.findById(1);
        cache.findById(1);

        assertThat(queries).hasValue(2);
        assertThat(notices.subscribers).isEmpty();
    }

    @Test
    void anUnknownUserIsNeverCached() {
        UserCache cache = cache(database(), MAX_AGE, null);
        assertThat(cache.findById(9)).isEmpty();

        table.put(9L, user(9, "new", false));

        assertThat(cache.findById(9)).isPresent();
    }
}
