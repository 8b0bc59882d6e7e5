package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.Session;
import io.lettuce.core.KillArgs;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Revocation rounds on a standalone Redis this class starts, and what happens when a node does
 * not answer or loses its subscription.
 */
class RevocationBarrierTest extends RevocationBarrierContract {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();


    @Override
    protected RedisSessionStoreFactory deployment() {
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setUri(REDIS.uri());
        return factory;
    }

    @Test
    void aSubscriberThatNeverAnswersHoldsARevocationBackOnlyUntilTheSilenceBound() throws Exception {
        StatefulRedisPubSubConnection<String, String> mute = REDIS.client().connectPubSub();
        try {
            mute.sync().ssubscribe(prefix + "revocations");
            Session session = cachedByTheReader("1");

            long started = System.nanoTime();
            assertThat(revoker.delete(session.id())).isTrue();
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            assertThat(revoker.barrier().timeouts()).as("the round the mute subscriber left unanswered").isEqualTo(1);
            assertThat(waited).as("a node that did not answer may serve hits until the serving bound")
                .isGreaterThanOrEqualTo(revoker.cache().servingBound());
            assertThat(reader.find(session.id())).isEmpty();
        } finally {
            mute.close();
        }
    }

    @Test
    void aNodeWhoseSubscriptionIsLostServesNothingUntilItTakesPartAgain() throws Exception {
        Session session = cachedByTheReader("1");
        CompletableFuture<Boolean> servingWhileOut = new CompletableFuture<>();
        CompletableFuture<Void> readerBack = backInTheRounds(reader, servingWhileOut);
        CompletableFuture<Void> revokerBack = backInTheRounds(revoker, new CompletableFuture<>());

        REDIS.admin().sync().clientKill(KillArgs.Builder.typePubsub());

        assertThat(servingWhileOut.get(10, TimeUnit.SECONDS)).as("hits served while out of the rounds").isFalse();
        readerBack.get(10, TimeUnit.SECONDS);
        revokerBack.get(10, TimeUnit.SECONDS);
        assertThat(reader.cache().listening()).isTrue();
        long hits = reader.cache().hits();
        assertThat(reader.find(session.id())).contains(session);
        assertThat(reader.cache().hits()).as("served from the near cache again").isEqualTo(hits + 1);
        assertThat(revoker.delete(session.id())).isTrue();
        assertThat(reader.find(session.id())).isEmpty();
        assertThat(revoker.barrier().timeouts()).isZero();
    }
}
