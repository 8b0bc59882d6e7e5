package dev.sessionauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.redis.EmbeddedRedis;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.UUID;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TwoNodesContract} with the near cache on both nodes: each serves sessions it has read
 * from its own memory, and what the other node does still reaches it at once, through Redis's
 * invalidations.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TwoNodesNearCachedTest extends TwoNodesContract {

    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.start();
    private static final String PREFIX = "two-nodes-near-" + UUID.randomUUID() + ":";

    private static final DropwizardAppExtension<SessionAuthConfiguration> A = node(REDIS, PREFIX,
        ConfigOverride.config("sessions.store.nearCache.maximumSize", "10000"));
    private static final DropwizardAppExtension<SessionAuthConfiguration> B = node(REDIS, PREFIX,
        ConfigOverride.config("sessions.store.nearCache.maximumSize", "10000"));

    @Override
    protected EmbeddedRedis redis() {
        return REDIS;
    }

    @Override
    protected String prefix() {
        return PREFIX;
    }

    @Override
    protected DropwizardAppExtension<SessionAuthConfiguration> nodeA() {
        return A;
    }

    @Override
    protected DropwizardAppExtension<SessionAuthConfiguration> nodeB() {
        return B;
    }

    @Test
    void repeatRequestsAreServedFromTheNodesOwnMemory() {
        Http a = new Http(A.getLocalPort());
        Http.Login ada = a.login("ada", TestApp.ADA_PASSWORD);
        a.profile(ada);
        long before = hits(A);

        for (int i = 0; i < 5; i++) {
            assertThat(a.profile(ada).status()).isEqualTo(200);
        }

        assertThat(hits(A) - before).isGreaterThanOrEqualTo(4);
    }

    private static long hits(DropwizardAppExtension<SessionAuthConfiguration> node) {
        return (Long) node.getEnvironment().metrics().getGauges()
            .get("sessionauth.store.redis.near-cache.hits").getValue();
    }
}
