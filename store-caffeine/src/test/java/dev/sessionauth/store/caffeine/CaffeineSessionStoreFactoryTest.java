package dev.sessionauth.store.caffeine;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreFactory;
import io.dropwizard.configuration.YamlConfigurationFactory;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.jackson.DiscoverableSubtypeResolver;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.File;
import java.net.URISyntaxException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaffeineSessionStoreFactoryTest {

    @Test
    void deserializesFromYaml() throws Exception {
        SessionStoreFactory factory = new YamlConfigurationFactory<>(SessionStoreFactory.class,
            Validators.newValidator(), Jackson.newObjectMapper(), "dw")
            .build(fixture("yaml/caffeine-store.yml"));

        assertThat(factory).isInstanceOf(CaffeineSessionStoreFactory.class);
        assertThat(((CaffeineSessionStoreFactory) factory).getMaximumSize()).isEqualTo(5000);
    }

    @Test
    void isDiscoverable() {
        assertThat(new DiscoverableSubtypeResolver().getDiscoveredSubtypes())
            .contains(CaffeineSessionStoreFactory.class);
    }

    @Test
    void buildRegistersTheCacheMetrics() {
        MetricRegistry metrics = new MetricRegistry();
        MutableClock clock = new MutableClock();
        try (SessionStore store = new CaffeineSessionStoreFactory().build(metrics, clock)) {
            Session session = store.save(Session.create(SessionId.generate(), "1", clock.instant(),
                clock.instant().plusSeconds(60)), Duration.ofMinutes(1));
            store.find(session.id());
            store.find(SessionId.generate());

            assertThat(gauge(metrics, "hits")).isEqualTo(1L);
            assertThat(gauge(metrics, "hit-rate")).isEqualTo(0.5);
            assertThat(metrics.getGauges())
                .containsKeys("sessionauth.store.caffeine.size", "sessionauth.store.caffeine.evictions",
                    "sessionauth.store.caffeine.size-evictions", "sessionauth.store.caffeine.misses");
        }
    }

    private static Object gauge(MetricRegistry metrics, String name) {
        Gauge<?> gauge = metrics.getGauges().get("sessionauth.store.caffeine." + name);
        return gauge.getValue();
    }

    private static File fixture(String name) throws URISyntaxException {
        return new File(CaffeineSessionStoreFactoryTest.class.getClassLoader().getResource(name).toURI());
    }
}
