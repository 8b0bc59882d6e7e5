package dev.sessionauth.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreFactory;
import io.dropwizard.configuration.YamlConfigurationFactory;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.jackson.DiscoverableSubtypeResolver;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import java.io.File;
import java.net.URISyntaxException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class MemorySessionStoreFactoryTest {

    @Test
    void deserializesFromYaml() throws Exception {
        SessionStoreFactory factory = new YamlConfigurationFactory<>(SessionStoreFactory.class,
            Validators.newValidator(), Jackson.newObjectMapper(), "dw")
            .build(fixture("yaml/memory-store.yml"));

        assertThat(factory).isInstanceOf(MemorySessionStoreFactory.class);
        assertThat(((MemorySessionStoreFactory) factory).getSweepInterval()).isEqualTo(Duration.seconds(30));
    }

    @Test
    void isDiscoverable() {
        assertThat(new DiscoverableSubtypeResolver().getDiscoveredSubtypes())
            .contains(MemorySessionStoreFactory.class);
    }

    @Test
    void buildingLogsThatTheStoreIsForDevelopmentOnly() {
        Logger logger = (Logger) LoggerFactory.getLogger(MemorySessionStoreFactory.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (SessionStore store = new MemorySessionStoreFactory().build(new MetricRegistry(), new MutableClock())) {
            assertThat(appender.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .contains("development only");
            assertThat(store.find(SessionId.generate())).isEmpty();
        } finally {
            logger.detachAppender(appender);
        }
    }

    private static File fixture(String name) throws URISyntaxException {
        return new File(MemorySessionStoreFactoryTest.class.getClassLoader().getResource(name).toURI());
    }
}
