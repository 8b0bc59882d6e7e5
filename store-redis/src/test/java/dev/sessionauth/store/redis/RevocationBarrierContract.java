package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A revocation on one node returns only once the other node's near cache can no longer serve
 * the session: no PING, no wait between the delete and the other node's next lookup. Two
 * stores stand for two nodes; subclasses name the deployment.
 */
abstract class RevocationBarrierContract {

    private static final Duration TTL = Duration.ofMinutes(30);
    private static final int CYCLES = 300;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    protected String prefix;
    protected NearCachedSessionStore reader;
    protected NearCachedSessionStore revoker;

    /** A factory pointed at the deployment under test. */
    protected abstract RedisSessionStoreFactory deployment();

    @BeforeEach
    void twoNodes() {
        prefix = "barrier:" + UUID.randomUUID() + ":";
        reader = node();
        revoker = node();
    }

    @AfterEach
    void closeNodes() {
        reader.close();
        revoker.close();
    }

    private NearCachedSessionStore node() {
        RedisSessionStoreFactory factory = deployment();
        factory.setPrefix(prefix);
        NearCacheFactory near = new NearCacheFactory();
        // A round that a node does not answer waits three heartbeats (the serving bound): keep them short.
        near.setHeartbeat(io.dropwizard.util.Duration.milliseconds(100));
        factory.setNearCache(near);
        return (NearCachedSessionStore) factory.build(new MetricRegistry(), clock);
    }

    private Session newSession(String userKey) {
        Instant now = clock.instant();
        return Session.create(SessionId.generate(), userKey, now, now.plus(Duration.ofHours(8)));
    }

    /** Saves a session through the revoker and makes the reader hold it in its near cache. */
    protected Session cachedByTheReader(String userKey) {
        Session session = revoker.save(newSession(userKey), TTL);
        long hits = reader.cache().hits();
        for (int attempt = 0; attempt < 10 && reader.cache().hits() == hits; attempt++) {
            assertThat(reader.find(session.id())).contains(session);
        }
        assertThat(reader.cache().hits()).as("the reader serves the session from its near cache").isGreaterThan(hits);
        return session;
    }

    /**
     * Completes once {@code node} left the rounds and took part again; {@code servingWhileOut}
     * gets whether its cache served hits the moment it left.
     */
    protected static CompletableFuture<Void> backInTheRounds(NearCachedSessionStore node,
                                                           CompletableFuture<Boolean> servingWhileOut) {
        CompletableFuture<Void> back = new CompletableFuture<>();
        node.cache().listen(new NearCache.Listener() {
            @Override
            public void listening(boolean listening) {
                if (!listening) {
                    servingWhileOut.complete(node.cache().trusted());
                } else if (servingWhileOut.isDone()) {
                    back.complete(null);
                }
            }
        });
        return back;
    }

    @Test
    void aSessionDeletedOnOneNodeIsGoneOnTheOtherTheMomentTheDeleteReturns() {
        int stale = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            Session session = cachedByTheReader("1");

            assertThat(revoker.delete(session.id())).isTrue();

            if (reader.find(session.id()).isPresent()) {
                stale++;
            }
        }

        assertThat(stale).as("lookups on the reader that still found a session deleted on the revoker").isZero();
        assertThat(revoker.barrier().timeouts()).as("rounds every node answered").isZero();
    }

    @Test
    void everySessionOfAUserEndedOnOneNodeIsGoneOnTheOtherTheMomentItReturns() {
        int stale = 0;
        for (int cycle = 0; cycle < CYCLES / 3; cycle++) {
            Session first = cachedByTheReader("7");
            Session second = cachedByTheReader("7");

            assertThat(revoker.deleteByUser("7")).isEqualTo(2);

            stale += reader.find(first.id()).isPresent() ? 1 : 0;
            stale += reader.find(second.id()).isPresent() ? 1 : 0;
        }

        assertThat(stale).isZero();
    }
}
