package dev.sessionauth.store.redis;

import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.store.support.CompactSessionCodec;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Connects what a {@link RedisSessionStoreFactory} describes: the client resources (threads,
 * reconnection delays), the client for the mode (standalone, Sentinel, cluster) with one set of
 * client options, its connection, its one subscription ({@link NodeChannel}), and for a near
 * cache the tracking and the revocation barrier on top. Each store it returns owns all of it and releases it on close. As Dropwizard's
 * {@code HttpClientBuilder} builds what {@code HttpClientConfiguration} describes, so the factory
 * describes and this connects.
 */
final class RedisConnector {

    private final RedisSessionStoreFactory config;

    RedisConnector(RedisSessionStoreFactory config) {
        this.config = config;
    }

    /**
     * The store, which owns the client, its threads and its one connection.
     *
     * @throws SessionStoreException when Redis cannot be reached
     */
    RedisSessionStore connect(Clock clock) {
        Connected connected = open();
        try {
            return connected.store(clock);
        } catch (RedisException e) {
            throw connected.failed(e);
        }
    }

    /**
     * The store behind {@code cache}, tracking already asked for and the revocation barrier up.
     *
     * @throws SessionStoreException when Redis cannot be reached
     */
    NearCachedSessionStore connect(Clock clock, NearCache cache, Duration heartbeat) {
        Connected connected = open();
        try {
            RedisSessionStore store = connected.store(clock);
            RedisTracking tracking = connected.cluster != null
                ? RedisTracking.start(connected.client, connected.cluster, cache, config.getPrefix(),
                    connected.resources.eventExecutorGroup(), connected.resources.eventBus(), heartbeat)
                : RedisTracking.start(connected.client, connected.single, cache, config.getPrefix(),
                    connected.resources.eventExecutorGroup(), connected.resources.eventBus(), heartbeat);
            RevocationBarrier barrier;
            try {
                barrier = RevocationBarrier.start(connected.channel, tracking::caughtUp, cache, cache.servingBound(),
                    config.getCommandTimeout().toJavaDuration());
            } catch (RedisException e) {
                tracking.close();
                throw e;
            }
            return new NearCachedSessionStore(store, cache, tracking, barrier);
        } catch (RedisException e) {
            throw connected.failed(e);
        }
    }

    /** A client, its one connection in the shape its mode has, and its one subscription. */
    private final class Connected {
        final ClientResources resources;
        final AbstractRedisClient client;
        final StatefulRedisConnection<byte[], byte[]> single;
        final StatefulRedisClusterConnection<byte[], byte[]> cluster;
        final RedisClusterCommands<byte[], byte[]> commands;
        final NodeChannel channel;

        Connected(ClientResources resources, AbstractRedisClient client, StatefulRedisConnection<byte[], byte[]> single,
                  StatefulRedisClusterConnection<byte[], byte[]> cluster) {
            this.resources = resources;
            this.client = client;
            this.single = single;
            this.cluster = cluster;
            this.commands = cluster != null ? cluster.sync() : single.sync();
            this.channel = new NodeChannel(client, cluster != null ? cluster.async() : single.async(),
                config.getPrefix());
        }

        RedisSessionStore store(Clock clock) {
            AutoCloseable connection = cluster != null ? cluster : single;
            return new RedisSessionStore(commands, closer(channel, connection, client, resources), config.getPrefix(),
                CompactSessionCodec.INSTANCE, clock, resources.eventBus(),
                new RedisChangeNotices(channel, config.getCommandTimeout().toJavaDuration()));
        }

        SessionStoreException failed(RedisException e) {
            channel.close();
            shutdown(client, resources);
            return unreachable(e);
        }
    }

    private Connected open() {
        RedisURI base = RedisURI.create(config.getUri());
        base.setTimeout(config.getCommandTimeout().toJavaDuration());
        ClientResources resources = DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(Duration.ofMillis(1), config.getMaxReconnectDelay().toJavaDuration(),
                2, TimeUnit.MILLISECONDS))
            .build();
        AbstractRedisClient client = config.getMode() == RedisSessionStoreFactory.Mode.CLUSTER
            ? clusterClient(resources, base) : client(resources, base);
        try {
            if (client instanceof RedisClusterClient clustered) {
                StatefulRedisClusterConnection<byte[], byte[]> connection = clustered.connect(ByteArrayCodec.INSTANCE);
                // Lettuce opens node connections on first use, and a command sent while one is still
                // connecting is rejected like one sent during an outage: open them all now.
                connection.getPartitions().forEach(node ->
                    connection.getConnection(node.getUri().getHost(), node.getUri().getPort()));
                return new Connected(resources, client, null, connection);
            }
            return new Connected(resources, client, ((RedisClient) client).connect(ByteArrayCodec.INSTANCE), null);
        } catch (RedisException e) {
            shutdown(client, resources);
            throw unreachable(e);
        }
    }

    private SessionStoreException unreachable(RedisException e) {
        return new SessionStoreException("cannot connect to Redis at " + config.describeNodes() + ": " + rootMessage(e), e);
    }

    /** What every client of the store is told, whatever its mode. */
    private ClientOptions options() {
        SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
        if (config.getTlsCaCertificate() != null) {
            ssl.trustManager(new File(config.getTlsCaCertificate()));
        }
        return ClientOptions.builder()
            .protocolVersion(ProtocolVersion.RESP3)
            .timeoutOptions(TimeoutOptions.enabled(config.getCommandTimeout().toJavaDuration()))
            .socketOptions(SocketOptions.builder().connectTimeout(config.getConnectTimeout().toJavaDuration()).build())
            .sslOptions(ssl.build())
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build();
    }

    private RedisClient client(ClientResources resources, RedisURI base) {
        RedisURI target = base;
        if (config.getMode() == RedisSessionStoreFactory.Mode.SENTINEL) {
            RedisURI.Builder sentinel = null;
            for (String node : config.getNodes()) {
                RedisURI one = nodeUri(node, base);
                sentinel = sentinel == null
                    ? RedisURI.Builder.sentinel(one.getHost(), one.getPort(), config.getMasterId())
                    : sentinel.withSentinel(one.getHost(), one.getPort());
            }
            target = sentinel.withAuthentication(base).withSsl(base).withDatabase(base.getDatabase())
                .withTimeout(base.getTimeout()).build();
        }
        RedisClient client = RedisClient.create(resources, target);
        client.setOptions(options());
        return client;
    }

    private RedisClusterClient clusterClient(ClientResources resources, RedisURI base) {
        List<RedisURI> seeds = new ArrayList<>();
        for (String node : config.getNodes()) {
            seeds.add(nodeUri(node, base));
        }
        if (seeds.isEmpty()) {
            seeds.add(base);
        }
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(ClusterClientOptions.builder(options())
            .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enableAllAdaptiveRefreshTriggers()
                .enablePeriodicRefresh(Duration.ofSeconds(30))
                .build())
            .build());
        return client;
    }

    private static RedisURI nodeUri(String node, RedisURI base) {
        int colon = node.lastIndexOf(':');
        String host = node.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return RedisURI.Builder.redis(host, Integer.parseInt(node.substring(colon + 1)))
            .withAuthentication(base).withSsl(base).withDatabase(base.getDatabase())
            .withTimeout(base.getTimeout()).build();
    }

    private static AutoCloseable closer(NodeChannel channel, AutoCloseable connection, AbstractRedisClient client,
                                        ClientResources resources) {
        return () -> {
            try {
                channel.close();
                connection.close();
            } finally {
                shutdown(client, resources);
            }
        };
    }

    private static void shutdown(AbstractRedisClient client, ClientResources resources) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
