package dev.sessionauth.store.redis;

import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.store.ability.ChangeNotices;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@link ChangeNotices} as messages ({@code #<key>}) on the node's one subscription, its
 * {@link NodeChannel}: a notice reaches every node of a standalone Redis, of a Sentinel set or of
 * a Cluster, and the channel's loss and return are {@link Listener#lost} and {@link Listener#live}.
 * Thread-safe.
 */
final class RedisChangeNotices implements ChangeNotices {

    private final NodeChannel channel;
    private final Duration timeout;

    /**
     * @param timeout how long a publish may take: the store's command timeout
     */
    RedisChangeNotices(NodeChannel channel, Duration timeout) {
        this.channel = channel;
        this.timeout = timeout;
    }

    @Override
    public void publish(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a key is 1 to " + MAX_KEY_LENGTH + " characters");
        }
        try {
            LettuceFutures.awaitOrCancel(channel.publish(NodeChannel.CHANGE + key), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        } catch (RedisException e) {
            throw new SessionStoreException("Redis: " + e.getMessage(), e);
        }
    }

    @Override
    public AutoCloseable subscribe(Listener listener) {
        try {
            return channel.join(new NodeChannel.Listener() {
                @Override
                public void heard(String message) {
                    if (message.charAt(0) == NodeChannel.CHANGE && message.length() > 1) {
                        listener.changed(message.substring(1));
                    }
                }

                @Override
                public void subscribed() {
                    listener.live();
                }

                @Override
                public void unsubscribed() {
                    listener.lost();
                }
            });
        } catch (RedisException e) {
            throw new SessionStoreException("Redis: " + e.getMessage(), e);
        }
    }
}
