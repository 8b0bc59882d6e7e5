package dev.sessionauth;

import static dev.sessionauth.testing.Forms.FORM;
import static dev.sessionauth.testing.Forms.csrfField;
import static dev.sessionauth.testing.Forms.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A flood of logins for usernames that do not exist meets the bound on password hashing: one hash
 * at a time and nobody waiting here, so of many attempts sent at once some are answered 503 with
 * {@code Retry-After}, the rest 401, never anything else, while a signed-in user's requests go on.
 * The rounds repeat until the bound has been met (the first nearly always suffices), so nothing
 * depends on how fast the machine hashes.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LoginFloodTest {

    private static final int ATTEMPTS = 24;
    private static final int ROUNDS = 10;
    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(ATTEMPTS + 1);
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(new MutableClock(),
        ConfigOverride.config("logins.concurrentHashes", "1"),
        ConfigOverride.config("logins.queuedHashes", "0"));

    @AfterAll
    static void stopClients() {
        CLIENTS.shutdownNow();
    }

    /** Sends {@code attempt(i)} for every i at once, after a start gate; their replies in order. */
    private static List<Reply> atOnce(IntFunction<Reply> attempt) {
        CountDownLatch gate = new CountDownLatch(1);
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS; i++) {
            int n = i;
            replies.add(CompletableFuture.supplyAsync(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return attempt.apply(n);
            }, CLIENTS));
        }
        gate.countDown();
        return replies.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void aFloodOfUnknownUsersGets401Or503WithRetryAfterWhileSignedInUsersGoOn() {
        Http http = new Http(APP.getLocalPort());
        Login ada = http.login("ada", TestApp.ADA_PASSWORD);
        List<Reply> busy = new ArrayList<>();
        for (int round = 0; round < ROUNDS && busy.isEmpty(); round++) {
            CompletableFuture<Reply> profile = CompletableFuture.supplyAsync(() -> http.profile(ada), CLIENTS);
            List<Reply> replies = atOnce(i -> http.loginReply("nobody-" + i, "guess-" + i));

            assertThat(replies).extracting(Reply::status).allMatch(status -> status == 401 || status == 503);
            assertThat(profile.join().status()).isEqualTo(200);
            replies.stream().filter(reply -> reply.status() == 503).forEach(busy::add);
        }

        assertThat(busy).as("one hash at a time, no queue: some of %d attempts at once are refused", ATTEMPTS)
            .isNotEmpty();
        assertThat(busy.get(0).header("Retry-After")).contains("1");
        assertThat(busy.get(0).body())
            .isEqualTo("{\"code\":503,\"message\":\"Too many sign-ins at once; try again in a moment\"}");
        assertThat(http.loginReply("ada", TestApp.ADA_PASSWORD).status()).as("after the flood").isEqualTo(200);
    }

    @Test
    void thePasswordPageSaysToTryAgainInAFewSeconds() {
        Http http = new Http(APP.getLocalPort());
        Login ada = http.login("ada", TestApp.ADA_PASSWORD);
        List<Reply> busy = new ArrayList<>();
        for (int round = 0; round < ROUNDS && busy.isEmpty(); round++) {
            List<Reply> replies = atOnce(i -> http.send("POST", "/account/password", FORM,
                encode("currentPassword", "not-the-password-" + i, "newPassword", "a-new-password-1",
                    "confirmPassword", "a-new-password-1", "_csrf", ada.csrf()),
                "Cookie", ada.cookieHeader(), "Accept", "text/html"));

            assertThat(replies).extracting(Reply::status).allMatch(status -> status == 401 || status == 503);
            replies.stream().filter(reply -> reply.status() == 503).forEach(busy::add);
        }

        assertThat(busy).isNotEmpty();
        assertThat(busy.get(0).header("Retry-After")).contains("1");
        assertThat(busy.get(0).body())
            .contains("Too many passwords are being checked right now. Please try again in a few seconds.");
        assertThat(http.loginReply("ada", TestApp.ADA_PASSWORD).status()).as("the password is unchanged").isEqualTo(200);
    }

    @Test
    void theSignInPageSaysToTryAgainInAFewSeconds() {
        Http http = new Http(APP.getLocalPort());
        List<Reply> busy = new ArrayList<>();
        for (int round = 0; round < ROUNDS && busy.isEmpty(); round++) {
            List<String[]> forms = new ArrayList<>();
            for (int i = 0; i < ATTEMPTS; i++) {
                Reply page = http.get("/login", "Accept", "text/html");
                forms.add(new String[] {"login-csrf=" + page.cookie("login-csrf").orElseThrow(), csrfField(page.body())});
            }
            List<Reply> replies = atOnce(i -> http.send("POST", "/login", FORM,
                encode("username", "nobody-" + i, "password", "guess", "_csrf", forms.get(i)[1]),
                "Cookie", forms.get(i)[0], "Accept", "text/html"));

            assertThat(replies).extracting(Reply::status).allMatch(status -> status == 401 || status == 503);
            replies.stream().filter(reply -> reply.status() == 503).forEach(busy::add);
        }

        assertThat(busy).isNotEmpty();
        assertThat(busy.get(0).header("Retry-After")).contains("1");
        assertThat(busy.get(0).body()).contains("Too many people are signing in right now. Please try again in a few seconds.")
            .contains("name=\"_csrf\"");
    }
}
