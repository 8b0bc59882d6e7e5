package dev.sessionauth.store.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps a cache of what a source of truth holds from keeping a value that an invalidation or a
 * loss of invalidations overtook: the one implementation of the fill protocol that the Redis
 * store's near cache and the service's user cache both follow. The cache does its own atomic
 * steps on a key (Caffeine's {@code compute}); this guard says, inside them, what may be kept.
 *
 * <ol>
 *   <li><b>A fill races invalidations safely.</b> It registers a token for its key before it reads
 *       ({@link #begin}), and its value is kept only if the token is still there, in the cache's
 *       atomic step on the key ({@link #claim}). An invalidation of the key processed after the
 *       token was registered removes it ({@link #invalidated}) in an atomic step on the same key.
 *       When the source invalidates for any write after the read, either the invalidation comes
 *       first and the fill keeps nothing, or the fill comes first and the invalidation removes
 *       it. Of two fills of one key, the later begun holds the token.</li>
 *   <li><b>An epoch per stretch of trusted invalidations.</b> Every fill carries the epoch it
 *       began in. When invalidations may have been missed, {@link #newEpoch} starts a new one
 *       and empties the cache, both under the write side of a lock whose read side every install
 *       holds ({@link #installing}): an install either finished before the new epoch began (and
 *       the emptying removes it) or sees the new epoch and keeps nothing. So no value read
 *       before a loss outlives it, and an entry needs no epoch of its own.</li>
 * </ol>
 *
 * <p>Until invalidations are trusted again the cache must neither serve nor begin fills; when
 * they are, {@link #ifEpoch} lets it say so only if nothing was lost since it asked. Thread-safe.
 *
 * @param <K> the cache's key
 */
public final class FillGuard<K> {

    /** A fill in progress: its key, its token and the epoch it began in. */
    public record Fill<K>(K key, Object token, long epoch) {
    }

    private final Map<K, Object> pending = new ConcurrentHashMap<>();
    /** Installs hold the read side; starting an epoch (with the emptying) and trusting one, the write side. */
    private final ReadWriteLock epochs = new ReentrantReadWriteLock();
    private volatile long epoch;

    /** Registers a fill of {@code key}, before its read is sent. */
    public Fill<K> begin(K key) {
        Object token = new Object();
        long current = epoch;
        pending.put(key, token);
        return new Fill<>(key, token, current);
    }

    /**
     * Whether {@code fill} still holds its key's token: a cheap check before the atomic step,
     * which {@link #claim} repeats.
     */
    public boolean pending(Fill<K> fill) {
        return pending.get(fill.key()) == fill.token();
    }

    /**
     * Runs the cache's atomic step that installs a fill, holding the read side of the epoch lock;
     * inside it the cache keeps the value only if {@link #claim} says so.
     */
    public void installing(Runnable install) {
        epochs.readLock().lock();
        try {
            install.run();
        } finally {
            epochs.readLock().unlock();
        }
    }

    /**
     * Inside the cache's atomic step on the fill's key, within {@link #installing}: whether the
     * value may be kept (no invalidation of the key, no later fill of it and no new epoch since
     * the fill began). Gives the token up either way. When it answers false, the cache removes
     * whatever the key holds, which is never wrong for a cache.
     */
    public boolean claim(Fill<K> fill) {
        return pending.remove(fill.key(), fill.token()) && fill.epoch() == epoch;
    }

    /** Forgets a fill that failed or has nothing to keep. */
    public void abandon(Fill<K> fill) {
        pending.remove(fill.key(), fill.token());
    }

    /** Inside the cache's atomic step that drops {@code key}: no fill begun before it is kept. */
    public void invalidated(K key) {
        pending.remove(key);
    }

    /**
     * Invalidations may have been missed: under the write side of the lock, starts a new epoch,
     * forgets every fill, and runs {@code emptying}, which must stop the cache trusting what it
     * hears until told again and drop every entry.
     */
    public void newEpoch(Runnable emptying) {
        epochs.writeLock().lock();
        try {
            epoch++;
            pending.clear();
            emptying.run();
        } finally {
            epochs.writeLock().unlock();
        }
    }

    /**
     * Runs {@code trust} under the write side of the lock if the epoch is still
     * {@code askedInEpoch}: invalidations were confirmed, and nothing was lost since they were
     * asked for.
     *
     * @return whether it ran
     */
    public boolean ifEpoch(long askedInEpoch, Runnable trust) {
        epochs.writeLock().lock();
        try {
            if (epoch != askedInEpoch) {
                return false;
            }
            trust.run();
            return true;
        } finally {
            epochs.writeLock().unlock();
        }
    }

    /** The current epoch. */
    public long epoch() {
        return epoch;
    }
}
