package dev.sessionauth.store.redis;

import io.lettuce.core.RedisException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a revocation (a session deleted: logout, rotation, logout everywhere) reach every node's
 * near cache before the request that made it returns. Redis pushes the invalidation to every node
 * that read the key, but a node reads it when its event loop gets to it, which on a busy machine
 * can be after the revoking node has answered and the browser has asked another node.
 *
 * <p>After the delete, the revoking node publishes a round ({@code ?<nonce>}) on the node's
 * {@link NodeChannel}; {@code SPUBLISH} answers how many nodes are subscribed.
 * Each node that hears it pings every connection it tracks on ({@link RedisTracking#caughtUp}):
 * the ping was sent after the delete ran, so its answer comes after the delete's invalidation
 * on the same connection, which was therefore applied. Then it answers {@code !<nonce>}. The
 * revoking node returns once as many answers came as there were subscribers, or after
 * {@code timeout}, the near cache's {@link NearCache#servingBound}: by then a node that did not
 * answer has either applied the invalidation or stopped serving hits, since it serves them only
 * while its connection answered within {@code maxSilence}, as its silence check last saw. A node serves hits only while it is subscribed
 * ({@link NearCache#listening}), so the count of subscribers names every node that may serve
 * one; after it subscribes again it first catches up, so a round published while it was away
 * cannot find it serving a copy it was not waited for. The channel is sharded, so in a Cluster
 * the count covers every node too. Rounds and answers carry no session ID.
 * Thread-safe.
 */
final class RevocationBarrier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationBarrier.class);

    private final NodeChannel channel;
    /** Completes once every connection tracked on has answered a ping ({@link RedisTracking#caughtUp}). */
    private final Supplier<CompletableFuture<Void>> caughtUp;
    private final NearCache cache;
    private final Duration timeout;
    private final String node = newNodeName();
    private final AtomicLong nonces = new AtomicLong();
    private final Map<String, Round> rounds = new ConcurrentHashMap<>();
    private final LongAdder timeouts = new LongAdder();
    /** Whether a timed-out round was logged since the last round answered in full. */
    private final AtomicBoolean timeoutLogged = new AtomicBoolean();
    /** Done once this node first takes part in rounds. */
    private final CompletableFuture<Void> firstListening = new CompletableFuture<>();
    private AutoCloseable membership = () -> { };

    private RevocationBarrier(NodeChannel channel, Supplier<CompletableFuture<Void>> caughtUp, NearCache cache,
                              Duration timeout) {
        this.channel = channel;
        this.caughtUp = caughtUp;
        this.cache = cache;
        this.timeout = timeout;
    }

    /**
     * Joins the channel and returns once this node takes part in rounds (its near cache serves
     * only from then on).
     *
     * @param caughtUp     a ping on every connection tracked on, answered: {@link RedisTracking#caughtUp}
     * @param timeout      how long a round waits at most: the near cache's {@link NearCache#servingBound}
     * @param startTimeout how long subscribing may take
     * @throws RedisException when Redis cannot be reached
     */
    static RevocationBarrier start(NodeChannel channel, Supplier<CompletableFuture<Void>> caughtUp, NearCache cache,
                                   Duration timeout, Duration startTimeout) {
        RevocationBarrier barrier = new RevocationBarrier(channel, caughtUp, cache, timeout);
        try {
            barrier.membership = channel.join(barrier.new Member());
            barrier.firstListening.get(startTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RedisException e) {
            barrier.close();
            throw e;
        } catch (ExecutionException | TimeoutException e) {
            barrier.close();
            throw new RedisException("the channel " + channel.name() + " was not subscribed within "
                + startTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            barrier.close();
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while subscribing to " + channel.name());
        }
        return barrier;
    }

    /**
     * Returns once every node's near cache has applied the invalidations of writes that returned
     * before this call, or once {@code timeout} has passed. Called after a revocation, on the
     * thread that made it: never on a Lettuce thread, which the answers need.
     */
    void await() {
        String nonce = node + "." + nonces.incrementAndGet();
        Round round = new Round();
        rounds.put(nonce, round);
        try {
            channel.publish(NodeChannel.ROUND + nonce).thenAccept(round::expect);
            if (round.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                timeoutLogged.set(false);
            } else {
                timeouts.increment();
                if (timeoutLogged.compareAndSet(false, true)) {
                    LOG.warn("A revocation was not confirmed by every node within {} ms ({} of {} answered); "
                        + "nodes that did not answer have stopped serving from their near cache by now",
                        timeout.toMillis(), round.answers(), round.expected());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            rounds.remove(nonce);
        }
    }

    private static String newNodeName() {
        byte[] name = new byte[8];
        new SecureRandom().nextBytes(name);
        return HexFormat.of().formatHex(name);
    }

    /** How many rounds ended by timeout, not by every node answering. */
    long timeouts() {
        return timeouts.sum();
    }

    @Override
    public void close() {
        try {
            membership.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** This node's part in the rounds. */
    private final class Member implements NodeChannel.Listener {

        /** Counts what the channel said, so a catch-up the channel's loss overtook does not count. */
        private final AtomicLong changes = new AtomicLong();

        @Override
        public void heard(String message) {
            String nonce = message.substring(1);
            if (message.charAt(0) == NodeChannel.ROUND) {
                caughtUp.get().whenComplete((ok, failure) -> {
                    if (failure != null) {
                        cache.lost(NearCache.Flush.HEARTBEAT_MISSED);
                    }
                    channel.publish(NodeChannel.ANSWER + nonce);
                });
            } else if (message.charAt(0) == NodeChannel.ANSWER) {
                Round round = rounds.get(nonce);
                if (round != null) {
                    round.answered();
                }
            }
        }

        /**
         * Subscribed: catch up on the connections tracked, then take part, unless the channel was
         * lost again meanwhile.
         */
        @Override
        public void subscribed() {
            long subscription = changes.incrementAndGet();
            caughtUp.get().whenComplete((ok, failure) -> {
                if (failure != null) {
                    channel.resubscribeLater();
                    return;
                }
                synchronized (this) {
                    if (changes.get() == subscription) {
                        cache.listening(true);
                        firstListening.complete(null);
                    }
                }
            });
        }

        @Override
        public void unsubscribed() {
            synchronized (this) {
                changes.incrementAndGet();
                cache.listening(false);
            }
        }
    }

    /** One round: how many nodes were subscribed when it was published, how many answered. */
    private static final class Round {

        private final CountDownLatch done = new CountDownLatch(1);
        private long expected = -1;
        private long answers;

        synchronized void expect(long subscribers) {
            expected = subscribers;
            check();
        }

        synchronized void answered() {
            answers++;
            check();
        }

        synchronized long answers() {
            return answers;
        }

        synchronized long expected() {
            return expected;
        }

        private void check() {
            if (expected >= 0 && answers >= expected) {
                done.countDown();
            }
        }
    }
}
