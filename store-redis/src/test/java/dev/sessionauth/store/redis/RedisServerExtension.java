package dev.sessionauth.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link EmbeddedRedis} of the test class's own, up for all its tests and those of its
 * {@code @Nested} classes, and a connection of the
 * test's own to look at it from outside the store ({@link #admin()}), opened before each test and
 * closed after it:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RedisServerExtension REDIS = new RedisServerExtension();
 * </pre>
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {

    private EmbeddedRedis server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> admin;
    /** The class that started the server; its {@code @Nested} classes share it. */
    private Class<?> owner;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (owner != null) {
            return;
        }
        owner = context.getRequiredTestClass();
        server = EmbeddedRedis.start();
        client = RedisClient.create(server.uri());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        admin = client.connect();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        admin.close();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass() != owner) {
            return;
        }
        owner = null;
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            server.close();
        }
    }

    /** The server, to stop and restart for an outage. */
    public EmbeddedRedis server() {
        return server;
    }

    public String uri() {
        return server.uri();
    }

    /** A client of the test's own, for connections of other kinds (pub/sub). */
    public RedisClient client() {
        return client;
    }

    /** This test's connection, for looking at keys and counting commands. */
    public StatefulRedisConnection<String, String> admin() {
        return admin;
    }
}
