package dev.sessionauth.store.redis;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.store.SessionStoreFactory;
import dev.sessionauth.store.support.CompactSessionCodec;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
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
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sessions.store.type: redis}: sessions in Redis, shared by every node of the service that
 * points at the same server and prefix; the store for more than one node.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code mode}</td><td>standalone</td>
 *       <td>{@code standalone}, {@code sentinel} or {@code cluster}.</td></tr>
 *   <tr><td>{@code uri}</td><td>redis://127.0.0.1:6379</td>
 *       <td>Standalone: the server, as {@code redis://[[user]:password@]host[:port][/database]}, or
 *       {@code rediss://} for TLS. Sentinel and cluster: the credentials, TLS and database used for
 *       every node in {@code nodes}; its host is the only seed node when {@code nodes} is empty in
 *       cluster mode.</td></tr>
 *   <tr><td>{@code tlsCaCertificate}</td><td>none</td>
 *       <td>With {@code rediss://}: a PEM file of the CA certificates that Redis's certificate must
 *       chain to, for a private CA; without it, the JVM's trust store decides. The server's name
 *       is always verified.</td></tr>
 *   <tr><td>{@code nodes}</td><td>empty</td>
 *       <td>{@code host:port} of the Sentinels (sentinel mode) or of cluster seed nodes.</td></tr>
 *   <tr><td>{@code masterId}</td><td>none</td><td>The Sentinel master name; sentinel mode only.</td></tr>
 *   <tr><td>{@code prefix}</td><td>sess:</td>
 *       <td>Put before every key, so several services can share one Redis.</td></tr>
 *   <tr><td>{@code commandTimeout}</td><td>1 second</td>
 *       <td>How long a command may take before the request is answered 503.</td></tr>
 *   <tr><td>{@code connectTimeout}</td><td>2 seconds</td><td>How long connecting may take.</td></tr>
 *   <tr><td>{@code maxReconnectDelay}</td><td>500 milliseconds</td>
 *       <td>The longest pause between reconnection attempts after Redis went away; attempts start
 *       at 1 ms and double up to it, so the service is back within this long of Redis.</td></tr>
 *   <tr><td>{@code nearCache}</td><td>none</td>
 *       <td>Sessions kept in each node and kept coherent by Redis ({@link NearCacheFactory}):
 *       {@code maximumSize}, {@code maxAge}, {@code heartbeat}.</td></tr>
 * </table>
 *
 * <p>While Redis is unreachable, commands fail at once (they are not queued for later), so requests
 * are answered 503 instead of waiting; Lettuce reconnects in the background.
 */
@JsonTypeName("redis")
public class RedisSessionStoreFactory implements SessionStoreFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStoreFactory.class);

    /** How the service finds Redis. */
    public enum Mode { STANDALONE, SENTINEL, CLUSTER }

    @NotNull
    private Mode mode = Mode.STANDALONE;

    @NotEmpty
    private String uri = "redis://127.0.0.1:6379";

    private String tlsCaCertificate;

    @NotNull
    private List<@NotEmpty @Pattern(regexp = ".+:[0-9]{1,5}", message = "must be host:port") String> nodes =
        List.of();

    private String masterId;

    @NotEmpty
    @Pattern(regexp = "[^\\s{}]*", message = "must not contain whitespace or braces")
    private String prefix = "sess:";

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration commandTimeout = Duration.seconds(1);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration connectTimeout = Duration.seconds(2);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration maxReconnectDelay = Duration.milliseconds(500);

    @Valid
    private NearCacheFactory nearCache;

    @JsonProperty
    public Mode getMode() {
        return mode;
    }

    @JsonProperty
    public void setMode(Mode mode) {
        this.mode = mode;
    }

    @JsonProperty
    public String getUri() {
        return uri;
    }

    @JsonProperty
    public void setUri(String uri) {
        this.uri = uri;
    }

    @JsonProperty
    public String getTlsCaCertificate() {
        return tlsCaCertificate;
    }

    @JsonProperty
    public void setTlsCaCertificate(String tlsCaCertificate) {
        this.tlsCaCertificate = tlsCaCertificate;
    }

    @JsonProperty
    public List<String> getNodes() {
        return nodes;
    }

    @JsonProperty
    public void setNodes(List<String> nodes) {
        this.nodes = nodes;
    }

    @JsonProperty
    public String getMasterId() {
        return masterId;
    }

    @JsonProperty
    public void setMasterId(String masterId) {
        this.masterId = masterId;
    }

    @JsonProperty
    public String getPrefix() {
        return prefix;
    }

    @JsonProperty
    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    @JsonProperty
    public Duration getCommandTimeout() {
        return commandTimeout;
    }

    @JsonProperty
    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    @JsonProperty
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    @JsonProperty
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    @JsonProperty
    public Duration getMaxReconnectDelay() {
        return maxReconnectDelay;
    }

    @JsonProperty
    public void setMaxReconnectDelay(Duration maxReconnectDelay) {
        this.maxReconnectDelay = maxReconnectDelay;
    }

    @JsonProperty
    public NearCacheFactory getNearCache() {
        return nearCache;
    }

    @JsonProperty
    public void setNearCache(NearCacheFactory nearCache) {
        this.nearCache = nearCache;
    }

    @JsonIgnore
    @ValidationMethod(message = "uri must be redis://host[:port] or rediss://host[:port]")
    public boolean isUriValid() {
        try {
            RedisURI parsed = RedisURI.create(uri);
            return parsed.getHost() != null && (uri.startsWith("redis://") || uri.startsWith("rediss://"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @JsonIgnore
    @ValidationMethod(message = "tlsCaCertificate must be a readable PEM file, and uri must then be rediss://")
    public boolean isTlsCaCertificateUsable() {
        return tlsCaCertificate == null
            || (uri != null && uri.startsWith("rediss://") && Files.isReadable(Path.of(tlsCaCertificate)));
    }

    @JsonIgnore
    @ValidationMethod(message = "mode sentinel needs masterId and at least one host:port in nodes")
    public boolean isSentinelComplete() {
        return mode != Mode.SENTINEL || (masterId != null && !masterId.isBlank() && !nodes.isEmpty());
    }

    /** True: every node and command that uses the same Redis and prefix sees the same sessions. */
    @JsonIgnore
    @Override
    public boolean isShared() {
        return true;
    }

    @Override
    public SessionStore build(MetricRegistry metrics, Clock clock) {
        SessionStore built = openStore(clock);
        RedisSessionStore store = built instanceof NearCachedSessionStore near ? near.redis() : (RedisSessionStore) built;
        metrics.registerGauge("sessionauth.store.redis.unreadable", store::unreadable);
        if (built instanceof NearCachedSessionStore near) {
            NearCache cache = near.cache();
            String name = "sessionauth.store.redis.near-cache.";
            metrics.registerGauge(name + "hits", cache::hits);
            metrics.registerGauge(name + "misses", cache::misses);
            metrics.registerGauge(name + "invalidations", cache::invalidations);
            metrics.registerGauge(name + "size", cache::size);
            metrics.registerGauge(name + "tracking", () -> cache.tracking() ? 1 : 0);
            metrics.registerGauge(name + "listening", () -> cache.listening() ? 1 : 0);
            metrics.registerGauge(name + "revocation-timeouts", near.barrier()::timeouts);
            for (NearCache.Flush cause : NearCache.Flush.values()) {
                metrics.registerGauge(name + "flushes." + cause.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    () -> cache.flushes(cause));
            }
        }
        LOG.info("Session store 'redis': {} mode, {}, prefix '{}'{}", mode.name().toLowerCase(),
            describeNodes(), prefix, nearCache == null ? "" : ", near cache of " + nearCache.getMaximumSize());
        return built;
    }

    /**
     * Connects and returns the store: with {@code nearCache}, the near-cached one, tracking
     * already asked for; else {@link #open}'s.
     *
     * @throws SessionStoreException when Redis cannot be reached
     */
    SessionStore openStore(Clock clock) {
        return nearCache == null ? open(clock) : connect(clock, nearCache.build(clock));
    }

    /**
     * Connects and returns the store, which owns the client, its threads and its one connection.
     *
     * @throws SessionStoreException when Redis cannot be reached
     */
    RedisSessionStore open(Clock clock) {
        return (RedisSessionStore) connect(clock, null);
    }

    /** Connects; with a near cache, starts tracking and returns the store behind it. */
    private SessionStore connect(Clock clock, NearCache cache) {
        RedisURI base = RedisURI.create(uri);
        base.setTimeout(commandTimeout.toJavaDuration());
        ClientResources resources = DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(java.time.Duration.ofMillis(1), maxReconnectDelay.toJavaDuration(),
                2, TimeUnit.MILLISECONDS))
            .build();
        AbstractRedisClient client = mode == Mode.CLUSTER ? clusterClient(resources, base) : client(resources, base);
        try {
            AutoCloseable connection;
            RedisClusterCommands<byte[], byte[]> commands;
            RedisClusterAsyncCommands<byte[], byte[]> async;
            Supplier<RedisTracking> tracking;
            if (client instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<byte[], byte[]> clustered = cluster.connect(ByteArrayCodec.INSTANCE);
                // Lettuce opens node connections on first use, and a command sent while one is still
                // connecting is rejected like one sent during an outage: open them all now.
                clustered.getPartitions().forEach(node ->
                    clustered.getConnection(node.getUri().getHost(), node.getUri().getPort()));
                connection = clustered;
                commands = clustered.sync();
                async = clustered.async();
                tracking = () -> RedisTracking.start(client, clustered, cache, prefix, resources.eventExecutorGroup(),
                    resources.eventBus(), nearCache.getHeartbeat().toJavaDuration());
            } else {
                StatefulRedisConnection<byte[], byte[]> single = ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
                connection = single;
                commands = single.sync();
                async = single.async();
                tracking = () -> RedisTracking.start(client, single, cache, prefix, resources.eventExecutorGroup(),
                    resources.eventBus(), nearCache.getHeartbeat().toJavaDuration());
            }
            RedisSessionStore store = new RedisSessionStore(commands, closer(connection, client, resources), prefix,
                CompactSessionCodec.INSTANCE, clock, resources.eventBus(), new RedisChangeNotices(client, commands, prefix));
            if (cache == null) {
                return store;
            }
            RedisTracking tracked = tracking.get();
            RevocationBarrier barrier;
            try {
                barrier = RevocationBarrier.start(client, async, tracked, cache, prefix, cache.servingBound(),
                    commandTimeout.toJavaDuration());
            } catch (RedisException e) {
                tracked.close();
                throw e;
            }
            return new NearCachedSessionStore(store, cache, tracked, barrier);
        } catch (RedisException e) {
            shutdown(client, resources);
            throw new SessionStoreException("cannot connect to Redis at " + describeNodes() + ": "
                + rootMessage(e), e);
        }
    }

    private RedisClient client(ClientResources resources, RedisURI base) {
        RedisURI target = base;
        if (mode == Mode.SENTINEL) {
            RedisURI.Builder sentinel = null;
            for (String node : nodes) {
                RedisURI one = nodeUri(node, base);
                sentinel = sentinel == null
                    ? RedisURI.Builder.sentinel(one.getHost(), one.getPort(), masterId)
                    : sentinel.withSentinel(one.getHost(), one.getPort());
            }
            target = sentinel.withAuthentication(base).withSsl(base).withDatabase(base.getDatabase())
                .withTimeout(base.getTimeout()).build();
        }
        RedisClient client = RedisClient.create(resources, target);
        client.setOptions(ClientOptions.builder()
            .protocolVersion(ProtocolVersion.RESP3)
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout.toJavaDuration()))
            .socketOptions(socketOptions())
            .sslOptions(sslOptions())
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
        return client;
    }

    private RedisClusterClient clusterClient(ClientResources resources, RedisURI base) {
        List<RedisURI> seeds = new ArrayList<>();
        for (String node : nodes) {
            seeds.add(nodeUri(node, base));
        }
        if (seeds.isEmpty()) {
            seeds.add(base);
        }
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(ClusterClientOptions.builder()
            .protocolVersion(ProtocolVersion.RESP3)
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout.toJavaDuration()))
            .socketOptions(socketOptions())
            .sslOptions(sslOptions())
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enableAllAdaptiveRefreshTriggers()
                .enablePeriodicRefresh(java.time.Duration.ofSeconds(30))
                .build())
            .build());
        return client;
    }

    private SocketOptions socketOptions() {
        return SocketOptions.builder().connectTimeout(connectTimeout.toJavaDuration()).build();
    }

    private SslOptions sslOptions() {
        SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
        if (tlsCaCertificate != null) {
            ssl.trustManager(new File(tlsCaCertificate));
        }
        return ssl.build();
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

    /** Where Redis is, for messages: hosts and ports only, never credentials. */
    private String describeNodes() {
        if (mode != Mode.STANDALONE && !nodes.isEmpty()) {
            return String.join(",", nodes);
        }
        RedisURI parsed = RedisURI.create(uri);
        return parsed.getHost() + ":" + parsed.getPort();
    }

    private static AutoCloseable closer(AutoCloseable connection, AbstractRedisClient client,
                                        ClientResources resources) {
        return () -> {
            try {
                connection.close();
            } finally {
                shutdown(client, resources);
            }
        };
    }

    private static void shutdown(AbstractRedisClient client, ClientResources resources) {
        client.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
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
