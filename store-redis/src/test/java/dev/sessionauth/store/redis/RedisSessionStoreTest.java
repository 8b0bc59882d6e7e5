package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.store.ability.FailureCounts;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The contract on a standalone Redis this class starts, plus what only Redis has: the commands
 * each operation costs, the server-side TTL, the key layout, unreadable values and an outage.
 */
class RedisSessionStoreTest extends RedisStoreContract {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();


    @Override
    protected RedisSessionStoreFactory factory() {
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setUri(REDIS.uri());
        factory.setCommandTimeout(io.dropwizard.util.Duration.milliseconds(500));
        return factory;
    }

    private RedisSessionStore redisStore() {
        return (RedisSessionStore) store;
    }

    private RedisCommands<String, String> redis() {
        return REDIS.admin().sync();
    }

    /** The index key of {@code userKey} under this test's prefix. */
    private String index(String userKey) {
        return new String(RedisUserKeys.indexKey(prefix, userKey), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anAuthenticatedLookupIsExactlyOneGet() {
        Session session = store.save(newSession("1"), TTL);
        Map<String, Long> before = commandCalls();

        assertThat(store.find(session.id())).contains(session);

        assertThat(delta(before, commandCalls())).isEqualTo(Map.of("get", 1L));
    }

    @Test
    void aPasswordAttemptIsOneScriptOverAllItsCountsInOneSlot() {
        FailureCounts counts = store.ability(FailureCounts.class).orElseThrow();
        List<FailureCounts.Limit> limits = List.of(new FailureCounts.Limit("account|client", 5),
            new FailureCounts.Limit("client", 20), new FailureCounts.Limit("account", 50));
        FailureCounts.Backoff backoff = new FailureCounts.Backoff(Duration.ofSeconds(1), Duration.ofMinutes(15),
            Duration.ofHours(24));
        Map<String, Long> before = commandCalls();

        assertThat(counts.attempt(limits, backoff, clock.instant())).isInstanceOf(FailureCounts.Admitted.class);

        Map<String, Long> delta = delta(before, commandCalls());
        assertThat(delta).containsEntry("evalsha", 1L);
        assertThat(delta.keySet()).as("everything else ran inside the script")
            .isSubsetOf("evalsha", "eval", "hmget", "hset", "pexpire");
        assertThat(redis().keys(prefix + "*")).hasSize(3).allSatisfy(key -> assertThat(key).startsWith(prefix + "{f}:")
            .doesNotContain("account", "client"));
        assertThat(redis().pttl(redis().keys(prefix + "*").get(0))).isGreaterThan(Duration.ofHours(23).toMillis());
    }

    @Test
    void touchExtendsTheTtlInPlaceWithoutRewritingTheSession() {
        Session session = store.save(newSession("1"), Duration.ofSeconds(60));
        Map<String, Long> before = commandCalls();

        assertThat(store.touch(session.id(), clock.instant().plusSeconds(5), Duration.ofMinutes(30))).isTrue();

        Map<String, Long> delta = delta(before, commandCalls());
        assertThat(delta).containsKeys("setrange", "pexpire").doesNotContainKeys("set", "setex", "psetex");
        assertThat(redis().pttl(prefix + session.id().value())).isGreaterThan(Duration.ofMinutes(29).toMillis());
    }

    @Test
    void theTtlIsSetInRedisWithTheValue() {
        Session session = store.save(newSession("1"), Duration.ofSeconds(90));

        assertThat(redis().pttl(prefix + session.id().value())).isBetween(80_000L, 90_000L);
    }

    @Test
    void keysAreThePrefixedIdAndAHashTaggedUserIndex() {
        Session session = store.save(newSession("42"), TTL);

        assertThat(redis().keys(prefix + "*"))
            .containsExactlyInAnyOrder(prefix + session.id().value(), index("42"));
        assertThat(redis().zrange(index("42"), 0, -1)).containsExactly(session.id().value());
        assertThat(redis().pttl(index("42"))).isGreaterThan(TTL.toMillis());
    }

    @Test
    void listingAUsersSessionsPrunesIndexEntriesOfGoneSessions() {
        Session kept = store.save(newSession("7"), TTL);
        Session gone = store.save(newSession("7"), TTL);
        redis().del(prefix + gone.id().value());
        advance(RedisSessionStore.PRUNE_GRACE.plusSeconds(1));

        assertThat(store.findByUser("7")).containsExactly(kept);

        assertThat(redis().zrange(index("7"), 0, -1)).containsExactly(kept.id().value());
    }

    @Test
    void aFreshIndexEntryIsKeptWhileItsSessionMayStillBeBeingWritten() {
        Session kept = store.save(newSession("7"), TTL);
        String inFlight = SessionId.generate().value();
        redis().zadd(index("7"), clock.millis(), inFlight);

        assertThat(store.findByUser("7")).containsExactly(kept);

        assertThat(redis().zrange(index("7"), 0, -1)).contains(inFlight, kept.id().value());
    }

    @Test
    void anUnreadableSessionKeepsItsIndexEntrySoEndingAllSessionsStillReachesIt() {
        Session unreadable = store.save(newSession("7"), TTL);
        redis().setrange(prefix + unreadable.id().value(), 32, "\u007fnot a session");
        advance(RedisSessionStore.PRUNE_GRACE.plusSeconds(1));

        assertThat(store.findByUser("7")).isEmpty();
        assertThat(redis().zrange(index("7"), 0, -1)).containsExactly(unreadable.id().value());

        store.deleteByUser("7");
        assertThat(redis().exists(prefix + unreadable.id().value())).isZero();
    }

    @Test
    void loginPrunesAnIndexThatHasGrownPastTheThreshold() {
        for (int i = 0; i < RedisSessionStore.PRUNE_THRESHOLD; i++) {
            Session abandoned = store.save(newSession("8"), TTL);
            redis().del(prefix + abandoned.id().value());
        }
        advance(RedisSessionStore.PRUNE_GRACE.plusSeconds(1));

        Session fresh = store.save(newSession("8"), TTL);

        assertThat(redis().zrange(index("8"), 0, -1)).containsExactly(fresh.id().value());
    }

    @Test
    void anUnreadableValueIsAbsentAndLoggedOnce() {
        Session session = store.save(newSession("1"), TTL);
        redis().setrange(prefix + session.id().value(), 32, "\u007fnot a session");
        Logger logger = (Logger) LoggerFactory.getLogger(RedisSessionStore.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            assertThat(store.find(session.id())).isEmpty();
            assertThat(store.find(session.id())).isEmpty();
            assertThat(store.findByUser("1")).isEmpty();

            assertThat(appender.list).filteredOn(event -> event.getLevel() == Level.WARN).hasSize(1)
                .allSatisfy(event -> assertThat(event.getFormattedMessage())
                    .doesNotContain(session.id().value()));
            assertThat(redisStore().unreadable()).isEqualTo(3);
            assertThat(redis().exists(prefix + session.id().value()))
                .as("left in Redis, where a newer node may still read it").isEqualTo(1L);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void aStopppedServerFailsFastAndTheStoreRecoversWhenItReturns() throws Exception {
        Session session = store.save(newSession("1"), TTL);
        REDIS.server().stop();
        CompletableFuture<Event> reconnected;
        try {
            // Refused at once, as the connection is known to be down: not a command that waited for its timeout.
            assertThatThrownBy(() -> store.find(session.id())).isInstanceOf(SessionStoreException.class)
                .cause().isInstanceOf(RedisException.class).isNotInstanceOf(RedisCommandTimeoutException.class);
            reconnected = redisStore().events().filter(ConnectionActivatedEvent.class::isInstance).next().toFuture();
        } finally {
            REDIS.server().restart();
        }

        reconnected.get(10, TimeUnit.SECONDS);
        Session again = store.save(newSession("2"), TTL);

        assertThat(again.version()).as("saved once the connection is back").isEqualTo(1);
        assertThat(store.find(again.id())).contains(again);
    }

    /** Calls per command since the server started, from INFO commandstats. */
    private Map<String, Long> commandCalls() {
        return CommandStats.calls(redis());
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        return CommandStats.delta(before, after);
    }
}
