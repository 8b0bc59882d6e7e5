package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.users.UserDao;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A password change wins every race: logins with the old password that run during the change
 * either fail or start a session that ends before it can be used, and a session signed in before a
 * recorded change is refused on its next request even where nothing ended it. The application's
 * clock moves a millisecond at every reading, as a real one would between steps.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CredentialChangeRaceTest {

    private static final int RUNS = 100;
    private static final int RACING_LOGINS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"))
        .tickEveryReading(Duration.ofMillis(1));
    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(RACING_LOGINS + 1);
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(CLOCK);

    @AfterAll
    static void stop() {
        CLIENTS.shutdownNow();
    }

    private static UserDao users() {
        return Jdbi.create(APP.getConfiguration().getDatabase().getUrl(), "sa", "")
            .installPlugin(new SqlObjectPlugin()).onDemand(UserDao.class);
    }

    private static String newUser(String password) {
        String username = "racer-" + UUID.randomUUID().toString().substring(0, 8);
        users().insert(username, new PasswordHasher().hash(password), "user", false, CLOCK.instant());
        return username;
    }

    private static String body(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }

    @Test
    void loginsWithTheOldPasswordDuringAChangeNeverLeaveASessionBehind() throws Exception {
        Http http = new Http(APP.getLocalPort());
        String password = "race-password-0";
        String username = newUser(password);
        for (int run = 1; run <= RUNS; run++) {
            String next = "race-password-" + run;
            Login changer = http.login(username, password);
            CountDownLatch gate = new CountDownLatch(1);
            List<CompletableFuture<Reply>> logins = new ArrayList<>();
            String old = password;
            for (int i = 0; i < RACING_LOGINS; i++) {
                logins.add(CompletableFuture.supplyAsync(() -> {
                    await(gate);
                    return http.postJson("/auth/login", body(username, old));
                }, CLIENTS));
            }
            CompletableFuture<Reply> change = CompletableFuture.supplyAsync(() -> {
                await(gate);
                return http.as(changer, "POST", "/auth/password",
                    "{\"currentPassword\":\"" + old + "\",\"newPassword\":\"" + next + "\"}");
            }, CLIENTS);
            gate.countDown();

            Reply changed = change.join();
            assertThat(changed.status()).as("run %d: %s", run, changed.body()).isEqualTo(200);
            Login after = Login.from(changed);
            for (CompletableFuture<Reply> login : logins) {
                Reply reply = login.join();
                assertThat(reply.status()).as("run %d", run).isIn(200, 401);
                if (reply.status() == 200) {
                    assertThat(http.profile(Login.from(reply)).status())
                        .as("run %d: a session signed in with the old password survived the change", run)
                        .isEqualTo(401);
                }
            }
            var sessions = JSON.readTree(http.as(after, "GET", "/auth/sessions", null).body()).get("sessions");
            assertThat(sessions).as("run %d: only the changer's own session is left", run).hasSize(1);
            assertThat(http.profile(after).status()).isEqualTo(200);
            assertThat(http.logout(after).status()).isEqualTo(200);
            password = next;
        }
    }

    @Test
    void aSessionSignedInBeforeARecordedChangeIsRefusedEvenWhenNothingEndedIt() {
        Http http = new Http(APP.getLocalPort());
        String username = newUser("before-the-change-1");
        Login before = http.login(username, "before-the-change-1");
        assertThat(http.profile(before).status()).isEqualTo(200);
        long id = users().findByUsername(username).orElseThrow().id();

        CLOCK.advance(Duration.ofSeconds(1));
        users().updatePasswordHash(id, new PasswordHasher().hash("after-the-change-1"), CLOCK.instant());
        // As the service's own change does: every node drops its cached copy of the user.
        APP.<SessionAuthApplication>getApplication().userCache().changed(id);
        CLOCK.advance(Duration.ofSeconds(1));

        assertThat(http.profile(before).status()).as("nothing ended it, yet it is refused").isEqualTo(401);
        assertThat(http.profile(before).status()).as("and it was ended, not just refused once").isEqualTo(401);
        Login after = http.login(username, "after-the-change-1");
        assertThat(http.profile(after).status()).isEqualTo(200);
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
