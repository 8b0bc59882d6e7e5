package dev.sessionauth.redis;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.redis.EmbeddedRedis;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TwoNodesContract} on Redis without a near cache: every request reads Redis. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TwoNodesOnRedisTest extends TwoNodesContract {

    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.start();
    private static final String PREFIX = "two-nodes-" + UUID.randomUUID() + ":";

    private static final DropwizardAppExtension<SessionAuthConfiguration> A = node(REDIS, PREFIX);
    private static final DropwizardAppExtension<SessionAuthConfiguration> B = node(REDIS, PREFIX);

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
}
