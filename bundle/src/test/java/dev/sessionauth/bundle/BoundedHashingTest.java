package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * At most {@code concurrency} hashes at once, at most {@code queue} callers waiting, each for at
 * most {@code maxWait}; beyond, {@link PasswordHasher.Busy} at once. A slot is held here by work
 * that waits on a latch, so nothing depends on how long a hash takes.
 */
class BoundedHashingTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch holding = new CountDownLatch(1);

    @AfterEach
    void letGo() {
        release.countDown();
    }

    private CompletableFuture<String> holdTheSlot(PasswordHasher hasher) throws InterruptedException {
        CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> hasher.bounded(() -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "held";
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        return held;
    }

    @Test
    void withEverySlotTakenAndNoQueueAHashIsRefusedAtOnce() throws Exception {
        PasswordHasher hasher = new PasswordHasher(1, 0, Duration.ofMinutes(1));
        holdTheSlot(hasher);

        assertThat(hasher.running()).isEqualTo(1);
        assertThatThrownBy(() -> hasher.verify("guess", Optional.empty())).isInstanceOf(PasswordHasher.Busy.class);
        assertThatThrownBy(() -> hasher.hash("new password")).isInstanceOf(PasswordHasher.Busy.class);
        assertThat(hasher.refused()).isEqualTo(2);
    }

    @Test
    void aCallerWaitsInTheQueueAndGetsTheSlotWhenItComesFree() throws Exception {
        CountDownLatch inTheQueue = new CountDownLatch(1);
        PasswordHasher hasher = new PasswordHasher(1, 1, Duration.ofMinutes(1), java.util.List.of(), inTheQueue::countDown);
        CompletableFuture<String> held = holdTheSlot(hasher);

        CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> hasher.hash("queued"));
        assertThat(inTheQueue.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hasher.waiting()).isEqualTo(1);
        assertThatThrownBy(() -> hasher.hash("one too many")).as("the queue holds one")
            .isInstanceOf(PasswordHasher.Busy.class);
        release.countDown();

        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("held");
        assertThat(queued.get(10, TimeUnit.SECONDS)).startsWith("$argon2id$");
        assertThat(hasher.waiting()).isZero();
        assertThat(hasher.running()).isZero();
    }

    @Test
    void aCallerWhoseWaitRunsOutIsRefused() throws Exception {
        PasswordHasher hasher = new PasswordHasher(1, 8, Duration.ofMillis(50));
        holdTheSlot(hasher);

        assertThatThrownBy(() -> hasher.verify("guess", Optional.empty())).isInstanceOf(PasswordHasher.Busy.class);
        assertThat(hasher.waiting()).as("a refused caller leaves the queue").isZero();
    }

    @Test
    void aRefusalAnswersItself503JsonWithRetryAfterWhateverResourceLetsItThrough() throws Exception {
        PasswordHasher hasher = new PasswordHasher(1, 0, Duration.ofMinutes(1));
        holdTheSlot(hasher);

        Throwable refused = catchThrowable(() -> hasher.verify("guess", Optional.empty()));

        Response response = ((PasswordHasher.Busy) refused).getResponse();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(response.getMediaType()).isEqualTo(MediaType.APPLICATION_JSON_TYPE);
        assertThat(response.getEntity()).usingRecursiveComparison()
            .isEqualTo(new ErrorMessage(503, "Too many sign-ins at once; try again in a moment"));
    }

    @Test
    void boundsBelowOneSlotAreRefused() {
        assertThatThrownBy(() -> new PasswordHasher(0, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher(1, -1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
