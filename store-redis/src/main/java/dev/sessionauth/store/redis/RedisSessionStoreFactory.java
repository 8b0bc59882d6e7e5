package dev.sessionauth.store.redis;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreFactory;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.lettuce.core.RedisURI;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        RedisConnector connector = new RedisConnector(this);
        SessionStore store;
        if (nearCache == null) {
            RedisSessionStore plain = connector.connect(clock);
            plain.registerMetrics(metrics);
            store = plain;
        } else {
            NearCachedSessionStore near = connector.connect(clock, nearCache.build(clock),
                nearCache.getHeartbeat().toJavaDuration());
            near.registerMetrics(metrics);
            store = near;
        }
        LOG.info("Session store 'redis': {} mode, {}, prefix '{}'{}", mode.name().toLowerCase(),
            describeNodes(), prefix, nearCache == null ? "" : ", near cache of " + nearCache.getMaximumSize());
        return store;
    }

    /** Where Redis is, for messages: hosts and ports only, never credentials. */
    String describeNodes() {
        if (mode != Mode.STANDALONE && !nodes.isEmpty()) {
            return String.join(",", nodes);
        }
        RedisURI parsed = RedisURI.create(uri);
        return parsed.getHost() + ":" + parsed.getPort();
    }
}
