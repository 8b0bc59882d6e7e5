package dev.sessionauth;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.PostgresSchema;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed input with the users on PostgreSQL, which refuses a NUL byte in any string it is given
 * (even to compare), where H2 takes it.
 */
@ExtendWith(PostgresSchema.Required.class)
class PostgresMalformedInputTest extends MalformedInput {

    @AutoClose
    private static final PostgresSchema SCHEMA = PostgresSchema.create();

    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = new DropwizardAppExtension<>(
        TestApp.support(new MutableClock(), "test-app.yml", SCHEMA.url(),
            ConfigOverride.config("database.driverClass", "org.postgresql.Driver"),
            ConfigOverride.config("database.user", PostgresSchema.USER),
            ConfigOverride.config("database.password", PostgresSchema.PASSWORD)));

    @Override
    DropwizardAppExtension<SessionAuthConfiguration> app() {
        return APP;
    }
}
