package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.Session;
import dev.sessionauth.store.ability.ChangeNotices;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
    void changeNoticesTravelOnTheSubscriptionOfTheRoundsOneConnectionANode() throws Exception {
        HeardNotices heard = new HeardNotices();
        try (AutoCloseable subscription = notices(reader).subscribe(heard)) {
            assertThat(heard.next()).as("the reader's channel was subscribed already").isEqualTo("live");
            assertThat(pubSubClients()).as("the pub/sub connections: one a node").hasSize(2)
                .allMatch(client -> client.contains(" sub=0 ") && client.contains(" ssub=1 "));

            notices(revoker).publish("user:5");
            assertThat(heard.next()).isEqualTo("user:5");
            Session session = cachedByTheReader("5");
            assertThat(revoker.delete(session.id())).isTrue();
            assertThat(reader.find(session.id())).isEmpty();
            assertThat(revoker.barrier().timeouts()).as("every round answered").isZero();
            assertThat(heard.events).as("rounds are not notices").isEmpty();
        }
    }

    @Test
    void aNodeWhoseSubscriptionIsLostServesNothingUntilItTakesPartAgain() throws Exception {
        Session session = cachedByTheReader("1");
        CompletableFuture<Boolean> servingWhileOut = new CompletableFuture<>();
        CompletableFuture<Void> readerBack = backInTheRounds(reader, servingWhileOut);
        CompletableFuture<Void> revokerBack = backInTheRounds(revoker, new CompletableFuture<>());
        HeardNotices heard = new HeardNotices();
        AutoCloseable subscription = notices(reader).subscribe(heard);
        assertThat(heard.next()).isEqualTo("live");

        REDIS.admin().sync().clientKill(KillArgs.Builder.typePubsub());

        assertThat(servingWhileOut.get(10, TimeUnit.SECONDS)).as("hits served while out of the rounds").isFalse();
        readerBack.get(10, TimeUnit.SECONDS);
        revokerBack.get(10, TimeUnit.SECONDS);
        assertThat(heard.next()).as("the notices' listener is told of the same loss").isEqualTo("lost");
        assertThat(heard.next()).isEqualTo("live");
        subscription.close();
        assertThat(reader.cache().listening()).isTrue();
        long hits = reader.cache().hits();
        assertThat(reader.find(session.id())).contains(session);
        assertThat(reader.cache().hits()).as("served from the near cache again").isEqualTo(hits + 1);
        assertThat(revoker.delete(session.id())).isTrue();
        assertThat(reader.find(session.id())).isEmpty();
        assertThat(revoker.barrier().timeouts()).isZero();
    }

    /**
     * The race behind a Cluster test that failed only sometimes: a confirmation's catch-up still
     * under way when the subscription is lost (there, Redis unsubscribed the channel as its slot
     * moved) once made the node take part while unsubscribed, so rounds no longer waited for it.
     * Here the catch-ups are held by the test and the client does not reconnect, so the order is
     * fixed: confirmed, lost, then the catch-up completes.
     */
    @Test
    void aCatchUpThatTheSubscriptionsLossOvertookLeavesTheNodeOutOfTheRounds() throws Exception {
        RedisClient client = RedisClient.create(REDIS.uri());
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).autoReconnect(false).build());
        NearCache cache = new NearCache(10, Duration.ofMinutes(1), Duration.ofSeconds(1), System::nanoTime,
            Clock.systemUTC());
        BlockingQueue<CompletableFuture<Void>> catchUps = new LinkedBlockingQueue<>();
        Supplier<CompletableFuture<Void>> heldCatchUp = () -> {
            CompletableFuture<Void> catchUp = new CompletableFuture<>();
            catchUps.add(catchUp);
            return catchUp;
        };
        CompletableFuture<Void> out = new CompletableFuture<>();
        cache.listen(new NearCache.Listener() {
            @Override
            public void listening(boolean listening) {
                if (!listening) {
                    out.complete(null);
                }
            }
        });
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
             NodeChannel channel = new NodeChannel(client, connection.async(), prefix + "held:")) {
            CompletableFuture<RevocationBarrier> started = CompletableFuture.supplyAsync(() ->
                RevocationBarrier.start(channel, heldCatchUp, cache, Duration.ofSeconds(1), Duration.ofSeconds(10)));
            catchUps.poll(10, TimeUnit.SECONDS).complete(null);
            try (RevocationBarrier barrier = started.get(10, TimeUnit.SECONDS)) {
                assertThat(cache.listening()).as("taking part once caught up").isTrue();

                channel.resubscribeLater();
                CompletableFuture<Void> overtaken = catchUps.poll(10, TimeUnit.SECONDS);
                assertThat(overtaken).as("the catch-up of Redis's second confirmation").isNotNull();
                REDIS.admin().sync().clientKill(KillArgs.Builder.typePubsub());
                out.get(10, TimeUnit.SECONDS);
                overtaken.complete(null);

                assertThat(cache.listening()).as("taking part, though unsubscribed").isFalse();
                assertThat(barrier.timeouts()).isZero();
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private List<String> pubSubClients() {
        return Arrays.stream(REDIS.admin().sync().clientList().split("\n"))
            .filter(client -> client.contains(" flags=P ")).toList();
    }

    private static ChangeNotices notices(NearCachedSessionStore node) {
        return node.ability(ChangeNotices.class).orElseThrow();
    }
}
