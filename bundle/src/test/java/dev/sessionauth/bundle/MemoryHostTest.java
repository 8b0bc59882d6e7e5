package dev.sessionauth.bundle;

import dev.sessionauth.bundle.example.ExampleConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

class MemoryHostTest extends HostContract {

    private static final DropwizardAppExtension<ExampleConfiguration> APP =
        host(ConfigOverride.config("sessions.store.type", "memory"));

    @Override
    DropwizardAppExtension<ExampleConfiguration> app() {
        return APP;
    }
}
