package dev.sessionauth.bundle;

import dev.sessionauth.bundle.example.ExampleConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

class CaffeineHostTest extends HostContract {

    private static final DropwizardAppExtension<ExampleConfiguration> APP =
        host(ConfigOverride.config("sessions.store.type", "caffeine"));

    @Override
    DropwizardAppExtension<ExampleConfiguration> app() {
        return APP;
    }
}
