package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.store.SessionStoreFactory;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.DiscoverableSubtypeResolver;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisSessionStoreFactoryTest {

    private final YamlConfigurationFactory<SessionStoreFactory> yaml = new YamlConfigurationFactory<>(
        SessionStoreFactory.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @Test
    void deserializesFromYaml() throws Exception {
        SessionStoreFactory factory = yaml.build(new ResourceConfigurationSourceProvider(), "yaml/redis-store.yml");

        assertThat(factory).isInstanceOf(RedisSessionStoreFactory.class);
        RedisSessionStoreFactory redis = (RedisSessionStoreFactory) factory;
        assertThat(redis.getMode()).isEqualTo(RedisSessionStoreFactory.Mode.CLUSTER);
        assertThat(redis.getUri()).isEqualTo("rediss://:s3cret@redis.internal:6380/0");
        assertThat(redis.getNodes()).containsExactly("redis-a.internal:7000", "redis-b.internal:7001");
        assertThat(redis.getPrefix()).isEqualTo("app1:sess:");
        assertThat(redis.getCommandTimeout()).isEqualTo(Duration.milliseconds(250));
        assertThat(redis.getConnectTimeout()).isEqualTo(Duration.seconds(3));
        assertThat(redis.getMaxReconnectDelay()).isEqualTo(Duration.seconds(1));
        assertThat(redis.getNearCache().getMaximumSize()).isEqualTo(5000);
        assertThat(redis.getNearCache().getMaxAge()).isEqualTo(Duration.minutes(2));
        assertThat(redis.getNearCache().getHeartbeat()).isEqualTo(Duration.milliseconds(250));
    }

    @Test
    void theNearCacheIsOffUnlessConfiguredAndHasBoundedDefaults() throws Exception {
        assertThat(((RedisSessionStoreFactory) parse("type: redis\n")).getNearCache()).isNull();

        NearCacheFactory near = ((RedisSessionStoreFactory) parse("type: redis\nnearCache: {}\n")).getNearCache();
        assertThat(near.getMaximumSize()).isEqualTo(100_000);
        assertThat(near.getMaxAge()).isEqualTo(Duration.minutes(10));
        assertThat(near.getHeartbeat()).isEqualTo(Duration.seconds(1));
        assertThatThrownBy(() -> parse("type: redis\nnearCache: { heartbeat: 1ms }\n"))
            .hasMessageContaining("nearCache.heartbeat");
    }

    @Test
    void withTheNearCacheBuildRegistersItsGauges() {
        MetricRegistry metrics = new MetricRegistry();
        try (EmbeddedRedis server = EmbeddedRedis.start()) {
            RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
            factory.setUri(server.uri());
            factory.setNearCache(new NearCacheFactory());
            try (SessionStore store = factory.build(metrics, new MutableClock())) {
                SessionId id = SessionId.generate();
                assertThat(store.find(id)).isEmpty();
                assertThat(store.find(id)).isEmpty();

                assertThat(metrics.getGauges()).containsKeys("sessionauth.store.redis.near-cache.hits",
                    "sessionauth.store.redis.near-cache.misses", "sessionauth.store.redis.near-cache.invalidations",
                    "sessionauth.store.redis.near-cache.size", "sessionauth.store.redis.near-cache.tracking",
                    "sessionauth.store.redis.near-cache.flushes.disconnected",
                    "sessionauth.store.redis.near-cache.flushes.heartbeat-missed",
                    "sessionauth.store.redis.near-cache.flushes.redis-flushed",
                    "sessionauth.store.redis.near-cache.flushes.topology-changed");
                assertThat(metrics.getGauges().get("sessionauth.store.redis.near-cache.hits").getValue()).isEqualTo(1L);
                assertThat(metrics.getGauges().get("sessionauth.store.redis.near-cache.tracking").getValue()).isEqualTo(1);
            }
        }
    }

    @Test
    void defaultsToTheLocalServerWithTheSessPrefix() throws Exception {
        RedisSessionStoreFactory redis = (RedisSessionStoreFactory) parse("type: redis\n");

        assertThat(redis.getMode()).isEqualTo(RedisSessionStoreFactory.Mode.STANDALONE);
        assertThat(redis.getUri()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(redis.getPrefix()).isEqualTo("sess:");
        assertThat(redis.getCommandTimeout()).isEqualTo(Duration.seconds(1));
    }

    @Test
    void isDiscoverable() {
        assertThat(new DiscoverableSubtypeResolver().getDiscoveredSubtypes())
            .contains(RedisSessionStoreFactory.class);
    }

    @Test
    void aUriThatIsNotRedisIsRefused() {
        assertThatThrownBy(() -> parse("type: redis\nuri: http://example.com\n"))
            .isInstanceOf(ConfigurationValidationException.class)
            .hasMessageContaining("uri must be redis://");
    }

    @Test
    void sentinelModeNeedsAMasterIdAndNodes() {
        assertThatThrownBy(() -> parse("type: redis\nmode: sentinel\nnodes: [\"127.0.0.1:26379\"]\n"))
            .isInstanceOf(ConfigurationValidationException.class)
            .hasMessageContaining("masterId");
    }

    @Test
    void aNodeWithoutAPortIsRefused() {
        assertThatThrownBy(() -> parse("type: redis\nmode: cluster\nnodes: [\"redis-a\"]\n"))
            .isInstanceOf(ConfigurationValidationException.class)
            .hasMessageContaining("host:port");
    }

    @Test
    void aPrefixWithBracesIsRefusedBecauseItWouldPinEveryKeyToOneClusterSlot() {
        assertThatThrownBy(() -> parse("type: redis\nprefix: \"{app}:\"\n"))
            .isInstanceOf(ConfigurationValidationException.class)
            .hasMessageContaining("prefix");
    }

    @Test
    void aTlsCaCertificateMustBeAReadableFileForARedissUri(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");

        RedisSessionStoreFactory tls = (RedisSessionStoreFactory) parse(
            "type: redis\nuri: rediss://redis.internal:6380\ntlsCaCertificate: " + ca + "\n");
        assertThat(tls.getTlsCaCertificate()).isEqualTo(ca.toString());

        assertThatThrownBy(() -> parse("type: redis\nuri: redis://redis.internal\ntlsCaCertificate: " + ca + "\n"))
            .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("tlsCaCertificate");
        assertThatThrownBy(() -> parse("type: redis\nuri: rediss://redis.internal\ntlsCaCertificate: "
            + dir.resolve("missing.pem") + "\n"))
            .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("readable PEM file");
    }

    @Test
    void anUnreachableServerFailsTheBuildWithOneLineAndNoPassword() {
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setUri("redis://:hunter2@127.0.0.1:1");
        factory.setConnectTimeout(Duration.milliseconds(500));

        assertThatThrownBy(() -> factory.build(new MetricRegistry(), new MutableClock()))
            .isInstanceOf(SessionStoreException.class)
            .hasMessageStartingWith("cannot connect to Redis at 127.0.0.1:1: ")
            .hasMessageNotContaining("hunter2")
            .hasMessageNotContaining("\n");
    }

    @Test
    void thePasswordInTheUriAuthenticatesAndAWrongOneFailsTheBuildWithoutShowingIt() {
        try (EmbeddedRedis server = EmbeddedRedis.startWithPassword("correct-redis-password")) {
            RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
            factory.setUri("redis://:correct-redis-password@127.0.0.1:" + server.port());
            try (RedisSessionStore store = (RedisSessionStore) factory.build(new MetricRegistry(), new MutableClock())) {
                assertThat(store.ping()).isEqualTo("PONG");
            }

            factory.setUri("redis://:wrong-redis-password@127.0.0.1:" + server.port());
            assertThatThrownBy(() -> factory.build(new MetricRegistry(), new MutableClock()))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith("cannot connect to Redis at 127.0.0.1:" + server.port())
                .hasMessageNotContaining("wrong-redis-password")
                .hasMessageNotContaining("\n");
        }
    }

    @Test
    void buildReturnsAConnectedStoreWithItsGaugeThatFailsWhenTheServerGoes() {
        MetricRegistry metrics = new MetricRegistry();
        try (EmbeddedRedis server = EmbeddedRedis.start()) {
            RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
            factory.setUri(server.uri());
            factory.setCommandTimeout(Duration.milliseconds(300));
            try (SessionStore store = factory.build(metrics, new MutableClock())) {
                assertThat(store.find(SessionId.generate())).isEmpty();
                assertThat(metrics.getGauges()).containsOnlyKeys("sessionauth.store.redis.unreadable");

                server.stop();

                assertThatThrownBy(() -> store.find(SessionId.generate())).isInstanceOf(SessionStoreException.class);
            }
        }
    }

    @Test
    void clusterModeUsesTheNodesAsSeeds() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start()) {
            RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
            factory.setMode(RedisSessionStoreFactory.Mode.CLUSTER);
            factory.setNodes(List.of(cluster.nodes().get(1)));
            try (RedisSessionStore store = (RedisSessionStore) factory.build(new MetricRegistry(), new MutableClock())) {
                assertThat(store.ping()).isEqualTo("PONG");
            }
        }
    }

    private SessionStoreFactory parse(String text) throws Exception {
        return yaml.build(path -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "inline.yml");
    }
}
