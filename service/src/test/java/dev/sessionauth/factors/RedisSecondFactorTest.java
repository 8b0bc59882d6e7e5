package dev.sessionauth.factors;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.redis.EmbeddedRedis;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SecondFactorContract} on Redis: codes, pending sign-ins and counts claimed in Redis. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RedisSecondFactorTest extends SecondFactorContract {

    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.start();
    private static final MutableClock CLOCK = new MutableClock();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = app(CLOCK, "redis", REDIS);

    @Override
    protected DropwizardAppExtension<SessionAuthConfiguration> app() {
        return APP;
    }

    @Override
    protected MutableClock clock() {
        return CLOCK;
    }
}
