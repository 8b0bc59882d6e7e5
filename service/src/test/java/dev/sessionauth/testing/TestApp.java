package dev.sessionauth.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.sessionauth.SessionAuthApplication;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.redis.EmbeddedRedis;
import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Builds the real application on random ports with a movable clock, on a configuration from the
 * test resources and, unless told otherwise, a fresh in-memory H2 database.
 */
public final class TestApp {

    /** {@code users.cacheMaxAge} as the test configurations leave it: a change made in the users table behind the service's back counts within this long. */
    public static final java.time.Duration USER_CACHE_MAX_AGE = java.time.Duration.ofSeconds(2);

    /** The password of the demo user ada in {@code test-app.yml}. */
    public static final String ADA_PASSWORD = "correct-horse";

    private TestApp() {
    }

    public static DropwizardAppExtension<SessionAuthConfiguration> extension(MutableClock clock,
                                                                             ConfigOverride... overrides) {
        return extension(clock, "test-app.yml", overrides);
    }

    public static DropwizardAppExtension<SessionAuthConfiguration> extension(MutableClock clock, String config,
                                                                             ConfigOverride... overrides) {
        return new DropwizardAppExtension<>(support(clock, config, freshH2(), overrides));
    }

    public static DropwizardTestSupport<SessionAuthConfiguration> support(MutableClock clock, String config,
                                                                          ConfigOverride... overrides) {
        return support(clock, config, freshH2(), overrides);
    }

    /** The application on the database at {@code databaseUrl}. */
    public static DropwizardTestSupport<SessionAuthConfiguration> support(MutableClock clock, String config,
                                                                          String databaseUrl,
                                                                          ConfigOverride... overrides) {
        List<ConfigOverride> all = new ArrayList<>(Arrays.asList(overrides));
        all.add(ConfigOverride.config("database.url", databaseUrl));
        return new DropwizardTestSupport<>(SessionAuthApplication.class, ResourceHelpers.resourceFilePath(config),
            all.toArray(ConfigOverride[]::new)) {
            @Override
            public Application<SessionAuthConfiguration> newApplication() {
                return new SessionAuthApplication(clock) {
                    /** The test's clock: a test moves it past {@code users.cacheMaxAge} instead of waiting. */
                    @Override
                    protected Ticker cacheTicker() {
                        return clock::nanos;
                    }
                };
            }

            /**
             * Clears every override. Dropwizard restores the value a property had before, which
             * leaks one app's overrides into later test classes when two apps of one class
             * override the same key and stop in the order they started.
             */
            @Override
            public void after() {
                try {
                    super.after();
                } finally {
                    System.getProperties().stringPropertyNames().stream()
                        .filter(name -> name.startsWith("dw."))
                        .forEach(System::clearProperty);
                }
            }
        };
    }

    /**
     * Overrides that select the store {@code type}, plus {@code more}; for {@code redis}, the server
     * {@code redis} runs.
     */
    public static ConfigOverride[] store(String type, EmbeddedRedis redis, ConfigOverride... more) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(ConfigOverride.config("sessions.store.type", type)));
        if (type.equals("redis")) {
            overrides.add(ConfigOverride.config("sessions.store.uri", redis.uri()));
        }
        overrides.addAll(Arrays.asList(more));
        return overrides.toArray(ConfigOverride[]::new);
    }

    public static String freshH2() {
        return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }
}
