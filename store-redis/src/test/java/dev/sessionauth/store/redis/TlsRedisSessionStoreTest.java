package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.SessionStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract over TLS ({@code rediss://}) to a Redis this class starts with a certificate from a
 * private CA, which the store trusts through {@code tlsCaCertificate}; and the refusal of a server
 * whose certificate it has no reason to trust.
 */
class TlsRedisSessionStoreTest extends RedisStoreContract {

    private static Path dir;
    private static TestCertificate certificate;
    private static EmbeddedRedis server;

    @BeforeAll
    static void startTlsRedis() throws Exception {
        dir = Files.createTempDirectory("sessionauth-tls");
        certificate = TestCertificate.create(dir);
        server = EmbeddedRedis.startWithTls(certificate);
    }

    @AfterAll
    static void stopTlsRedis() throws Exception {
        server.close();
        Files.delete(certificate.certificate());
        Files.delete(certificate.privateKey());
        Files.delete(dir);
    }

    @Override
    protected RedisSessionStoreFactory factory() {
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setUri("rediss://127.0.0.1:" + server.tlsPort());
        factory.setTlsCaCertificate(certificate.certificate().toString());
        return factory;
    }

    @Test
    void theConnectionIsEncrypted() {
        RedisSessionStoreFactory plain = new RedisSessionStoreFactory();
        plain.setUri("redis://127.0.0.1:" + server.tlsPort());
        plain.setCommandTimeout(io.dropwizard.util.Duration.milliseconds(500));

        assertThatThrownBy(() -> plain.build(new MetricRegistry(), new MutableClock()))
            .as("plain text to the TLS port").isInstanceOf(SessionStoreException.class);
        assertThat(((RedisSessionStore) store).ping()).isEqualTo("PONG");
    }

    @Test
    void aServerCertificateFromAnUntrustedCaIsRefused() {
        RedisSessionStoreFactory untrusting = new RedisSessionStoreFactory();
        untrusting.setUri("rediss://127.0.0.1:" + server.tlsPort());

        assertThatThrownBy(() -> untrusting.build(new MetricRegistry(), new MutableClock()))
            .isInstanceOf(SessionStoreException.class)
            .hasMessageStartingWith("cannot connect to Redis at 127.0.0.1:" + server.tlsPort())
            .hasMessageNotContaining("\n");
    }
}
