package dev.sessionauth.factors;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SecondFactorContract} on the caffeine store. */
@ExtendWith(DropwizardExtensionsSupport.class)
class CaffeineSecondFactorTest extends SecondFactorContract {

    private static final MutableClock CLOCK = new MutableClock();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = app(CLOCK, "caffeine", null);

    @Override
    protected DropwizardAppExtension<SessionAuthConfiguration> app() {
        return APP;
    }

    @Override
    protected MutableClock clock() {
        return CLOCK;
    }
}
