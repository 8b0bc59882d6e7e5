package dev.sessionauth.store.redis;

import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.store.ability.ChangeNotices;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@link ChangeNotices} over Redis pub/sub on channel {@code <prefix>changes}: {@code PUBLISH} on
 * the store's connection, and one subscriber connection per subscription. Classic pub/sub reaches
 * every node of a Cluster. Lettuce reports the subscriber connection's loss synchronously, before
 * it reconnects ({@link Listener#lost}), and subscribes again by itself once it is back; Redis's
 * answer to that subscription is {@link Listener#live}. Thread-safe.
 */
final class RedisChangeNotices implements ChangeNotices {

    private final AbstractRedisClient client;
    private final RedisClusterCommands<byte[], byte[]> redis;
    private final String channel;

    RedisChangeNotices(AbstractRedisClient client, RedisClusterCommands<byte[], byte[]> redis, String prefix) {
        this.client = client;
        this.redis = redis;
        this.channel = prefix + "changes";
    }

    @Override
    public void publish(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a key is 1 to " + MAX_KEY_LENGTH + " characters");
        }
        try {
            redis.publish(channel.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
        } catch (RedisException e) {
            throw new SessionStoreException("Redis: " + e.getMessage(), e);
        }
    }

    @Override
    public AutoCloseable subscribe(Listener listener) {
        StatefulRedisPubSubConnection<String, String> connection;
        try {
            connection = client instanceof RedisClusterClient cluster ? cluster.connectPubSub(StringCodec.UTF8)
                : ((RedisClient) client).connectPubSub(StringCodec.UTF8);
        } catch (RedisException e) {
            throw new SessionStoreException("Redis: " + e.getMessage(), e);
        }
        RedisConnectionStateListener losses = new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler == connection) {
                    listener.lost();
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                // Lettuce subscribes again by itself; Redis's answer says live.
            }
        };
        client.addListener(losses);
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                if (channel.equals(from)) {
                    listener.changed(message);
                }
            }

            @Override
            public void subscribed(String to, long count) {
                if (channel.equals(to)) {
                    listener.live();
                }
            }
        });
        try {
            connection.sync().subscribe(channel);
        } catch (RedisException e) {
            client.removeListener(losses);
            connection.close();
            throw new SessionStoreException("Redis: " + e.getMessage(), e);
        }
        return () -> {
            client.removeListener(losses);
            connection.close();
        };
    }
}
