package dev.sessionauth.users;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.store.ability.ChangeNotices;
import dev.sessionauth.store.support.FillGuard;
import dev.sessionauth.store.support.FillGuard.Fill;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users every authenticated request loads, cached in this node for at most {@code maxAge},
 * and dropped on every node at once when the service changes one ({@link #changed}): here
 * directly, elsewhere through the session store's {@link ChangeNotices} (Redis pub/sub) when it
 * has them. A change made behind the service's back (SQL) counts within {@code maxAge}; a
 * {@code maxAge} of zero turns the cache off.
 *
 * <p>A load that a change overtakes keeps nothing: loads follow the Redis near cache's fill
 * protocol ({@link FillGuard}, one implementation for both), with a change as the invalidation and
 * a lost subscription as the loss that starts a new epoch; a change is announced only after it is
 * committed. While the notices may have been missed (their connection lost, until Redis confirms
 * the subscription again), nothing is served from or kept in the cache, and whatever it held is
 * dropped. Users that do not exist are never
 * cached, so a new user (IDs are never reused) needs no notice. Thread-safe.
 */
public final class UserCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UserCache.class);
    private static final String KEY_PREFIX = "user:";

    private final LongFunction<Optional<User>> lookup;
    private final Cache<Long, User> entries;
    private final FillGuard<Long> fills = new FillGuard<>();
    private final ChangeNotices notices;
    private final AutoCloseable subscription;
    private final boolean enabled;
    private volatile boolean live;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private volatile LongConsumer droppedListener = id -> { };

    /**
     * @param lookup  loads a user by ID from the database
     * @param notices the store's change notices, or null for a store only this process uses
     * @param ticker  the time {@code maxAge} is measured by
     */
    public UserCache(LongFunction<Optional<User>> lookup, Duration maxAge, long maximumSize, ChangeNotices notices,
                     Ticker ticker) {
        this.lookup = lookup;
        this.enabled = !maxAge.isZero();
        this.entries = Caffeine.newBuilder().ticker(ticker).maximumSize(enabled ? maximumSize : 0)
            .expireAfterWrite(enabled ? maxAge : Duration.ofSeconds(1)).build();
        this.notices = notices;
        this.live = notices == null;
        this.subscription = notices == null || !enabled ? null : notices.subscribe(new Listener());
    }

    /**
     * The principal of a session: the enabled user its key names, fresh as {@link #changed}
     * promises. Empty for an unknown, disabled or deleted user.
     */
    public Optional<User> signedIn(String userKey) {
        OptionalLong id = User.idOf(userKey);
        return id.isEmpty() ? Optional.empty() : findById(id.getAsLong()).filter(user -> !user.disabled());
    }

    /**
     * What {@link #signedIn} answers when the cache holds it and may be trusted, for a caller that
     * must not wait on the database: the enabled user; null when that is not at hand (not cached,
     * the cache off or its notices lost) and for a disabled user, whose sessions {@link #signedIn}
     * ends. Never queries.
     */
    public User signedInIfCached(String userKey) {
        OptionalLong id = User.idOf(userKey);
        User user = enabled && live && id.isPresent() ? entries.getIfPresent(id.getAsLong()) : null;
        if (user == null || user.disabled()) {
            return null;
        }
        hits.increment();
        return user;
    }

    /** The user with this ID, from the cache when it may be trusted, else from the database. */
    public Optional<User> findById(long id) {
        if (!enabled) {
            return lookup.apply(id);
        }
        boolean trusted = live;
        User cached = trusted ? entries.getIfPresent(id) : null;
        if (cached != null) {
            hits.increment();
            return Optional.of(cached);
        }
        misses.increment();
        if (!trusted) {
            return lookup.apply(id);
        }
        Fill<Long> fill = fills.begin(id);
        Optional<User> user;
        try {
            user = lookup.apply(id);
        } catch (RuntimeException e) {
            fills.abandon(fill);
            throw e;
        }
        if (user.isEmpty() || !fills.pending(fill)) {
            fills.abandon(fill);
            return user;
        }
        fills.installing(() ->
            entries.asMap().compute(id, (key, old) -> fills.claim(fill) && live ? user.get() : null));
        return user;
    }

    /**
     * The service changed user {@code id} (and committed it): drop it here and tell every other
     * node. If the notice cannot be sent, the others see the change within {@code maxAge}.
     */
    public void changed(long id) {
        drop(id);
        // Told even with this node's cache off: another node's may be on.
        if (notices != null) {
            try {
                notices.publish(KEY_PREFIX + id);
            } catch (SessionStoreException e) {
                LOG.warn("User {} changed, but other nodes could not be told ({}); they see it within the cache's "
                    + "maximum age", id, e.getMessage());
            }
        }
    }

    /** Lookups served from the cache, since start; for metrics. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups that went to the database, since start; for metrics. */
    public long misses() {
        return misses.sum();
    }

    private void drop(long id) {
        entries.asMap().compute(id, (key, old) -> {
            fills.invalidated(key);
            return null;
        });
        droppedListener.accept(id);
    }

    /** For tests: hears every user dropped, here or by another node's notice, after it was dropped. */
    void onDropped(LongConsumer listener) {
        this.droppedListener = listener;
    }

    @Override
    public void close() throws Exception {
        if (subscription != null) {
            subscription.close();
        }
    }

    /** What the other nodes' notices say. */
    private final class Listener implements ChangeNotices.Listener {

        @Override
        public void changed(String key) {
            if (key.startsWith(KEY_PREFIX)) {
                try {
                    drop(Long.parseLong(key.substring(KEY_PREFIX.length())));
                } catch (NumberFormatException e) {
                    // Not a notice of ours: nothing to drop.
                }
            }
        }

        @Override
        public void lost() {
            fills.newEpoch(() -> {
                live = false;
                entries.invalidateAll();
            });
        }

        @Override
        public void live() {
            // No fill began while the notices were lost, and those begun before carry the old epoch.
            live = true;
        }
    }
}
