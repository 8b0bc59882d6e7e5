package dev.sessionauth;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

/** Malformed input with the users in the embedded H2 database. */
class MalformedInputTest extends MalformedInput {

    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(new MutableClock());

    @Override
    DropwizardAppExtension<SessionAuthConfiguration> app() {
        return APP;
    }
}
