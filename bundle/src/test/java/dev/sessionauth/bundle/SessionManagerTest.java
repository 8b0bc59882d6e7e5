package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.bundle.SessionEvent.Reason;
import dev.sessionauth.bundle.SessionEvent.Type;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreFactory;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.jackson.Jackson;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What SessionManager tells its listener, and that a failing listener never undoes a change. */
class SessionManagerTest {

    /** More sessions than any test here creates: the limit plays no part. */
    private static final int UNLIMITED = 1000;

    private final MutableClock clock = new MutableClock();
    private final SessionHandles handles = new SessionHandles();
    private final List<SessionEvent> events = new CopyOnWriteArrayList<>();
    private SessionStore store;
    private SessionPolicy policy;

    @BeforeEach
    void createStore() throws Exception {
        store = Jackson.newObjectMapper().readValue("{\"type\":\"memory\"}", SessionStoreFactory.class)
            .build(new MetricRegistry(), clock);
        policy = new SessionPolicy(clock, Duration.ofMinutes(30), Duration.ofHours(8), Duration.ofMinutes(1),
            Duration.ofMinutes(5));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void eachChangeIsToldOnceByHandle() {
        SessionManager manager = new SessionManager(store, policy, handles, events::add, UNLIMITED);

        Session created = manager.create(SessionId.generate(), "7", "agent", "192.0.2.1");
        Session rotated = manager.rotate(created, SessionId.generate(), Reason.REAUTHENTICATION, clock.instant()).orElseThrow();
        manager.end(rotated, Reason.LOGOUT);
        manager.end(rotated, Reason.LOGOUT);

        assertThat(events).extracting(SessionEvent::type).containsExactly(Type.CREATED, Type.ROTATED, Type.ENDED);
        assertThat(events.get(1).previousHandle()).isEqualTo(handles.of(created.id()));
        assertThat(events.get(1).handle()).isEqualTo(handles.of(rotated.id()));
        assertThat(events).allSatisfy(event -> assertThat(event.userKey()).isEqualTo("7"));
        assertThat(rotated.authenticatedAt()).isEqualTo(clock.instant());
        assertThat(rotated.absoluteExpiresAt()).isEqualTo(created.absoluteExpiresAt());
    }

    @Test
    void aSessionEndedBeforeItsRotationIsNotBroughtBack() {
        SessionManager manager = new SessionManager(store, policy, handles, events::add, UNLIMITED);
        Session created = manager.create(SessionId.generate(), "7", "agent", "192.0.2.1");
        manager.endAll("7", Reason.LOGOUT_ALL);

        assertThat(manager.rotate(created, SessionId.generate(), Reason.REAUTHENTICATION, clock.instant())).isEmpty();
        assertThat(store.findByUser("7")).isEmpty();
        assertThat(events).extracting(SessionEvent::type).containsExactly(Type.CREATED, Type.ENDED);
    }

    @Test
    void aFailingListenerDoesNotUndoTheChange() {
        SessionManager manager = new SessionManager(store, policy, handles, event -> {
            throw new IllegalStateException("audit sink down");
        }, UNLIMITED);

        Session created = manager.create(SessionId.generate(), "7", "agent", "192.0.2.1");

        assertThat(store.find(created.id())).isPresent();
        assertThat(manager.end(created, Reason.LOGOUT)).isTrue();
        assertThat(store.find(created.id())).isEmpty();
    }

    @Test
    void theLimitEndsTheLeastRecentlyUsedAndTellsWhy() {
        SessionManager manager = new SessionManager(store, policy, handles, events::add, 2);
        Session oldest = manager.create(SessionId.generate(), "7", "a", "");
        clock.advance(Duration.ofMinutes(1));
        Session used = manager.create(SessionId.generate(), "7", "b", "");
        clock.advance(Duration.ofMinutes(1));
        store.touch(oldest.id(), clock.instant(), Duration.ofMinutes(30));

        manager.create(SessionId.generate(), "7", "c", "");

        assertThat(store.find(used.id())).isEmpty();
        assertThat(store.find(oldest.id())).isPresent();
        assertThat(events).filteredOn(event -> event.type() == Type.ENDED)
            .singleElement().satisfies(event -> {
                assertThat(event.reason()).isEqualTo(Reason.SESSION_LIMIT);
                assertThat(event.handle()).isEqualTo(handles.of(used.id()));
            });
    }
}
