package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rotation never brings back a session that was ended while it ran. A stolen session
 * re-authenticates with the old password while its owner changes the password, signs out
 * everywhere, or an administrator revokes every session of the user: 100 runs each, and whatever
 * the re-authentication answered, neither the stolen session nor its successor works afterwards.
 * The application's clock moves a millisecond at every reading, as a real one would between steps.
 * Each run has an HTTP client of its own, so no run reuses a connection the server closed after
 * refusing one of the previous run's requests.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RotationRaceTest {

    private static final int RUNS = 100;
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-07-01T00:00:00Z"))
        .tickEveryReading(Duration.ofMillis(1));
    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(2);
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(CLOCK);

    @AfterAll
    static void stop() {
        CLIENTS.shutdownNow();
    }

    private static String newUser(String password) {
        String username = "rotator-" + UUID.randomUUID().toString().substring(0, 8);
        Jdbi.create(APP.getConfiguration().getDatabase().getUrl(), "sa", "").installPlugin(new SqlObjectPlugin())
            .onDemand(UserDao.class).insert(username, new PasswordHasher().hash(password), "user", false, CLOCK.instant());
        return username;
    }

    private static String password(String password) {
        return "{\"password\":\"" + password + "\"}";
    }

    @Test
    void aReauthenticationWithTheOldPasswordNeverOutlivesAPasswordChange() {
        String current = "rotation-password-0";
        String username = newUser(current);
        for (int run = 1; run <= RUNS; run++) {
            Http http = new Http(APP.getLocalPort());
            String next = "rotation-password-" + run;
            Login stolen = http.login(username, current);
            Login owner = http.login(username, current);
            String old = current;

            Reply[] replies = race(
                () -> http.as(stolen, "POST", "/auth/reauthenticate", password(old)),
                () -> http.as(owner, "POST", "/auth/password",
                    "{\"currentPassword\":\"" + old + "\",\"newPassword\":\"" + next + "\"}"));

            assertThat(replies[1].status()).as("run %d: %s", run, replies[1].body()).isEqualTo(200);
            assertNoSurvivor(http, run, stolen, replies[0]);
            http.logout(Login.from(replies[1]));
            current = next;
        }
    }

    @Test
    void aReauthenticationNeverOutlivesLoggingOutEverywhere() {
        String username = newUser("logout-all-password-1");
        for (int run = 1; run <= RUNS; run++) {
            Http http = new Http(APP.getLocalPort());
            Login stolen = http.login(username, "logout-all-password-1");
            Login owner = http.login(username, "logout-all-password-1");

            Reply[] replies = race(
                () -> http.as(stolen, "POST", "/auth/reauthenticate", password("logout-all-password-1")),
                () -> http.as(owner, "POST", "/auth/logout-all", null));

            assertThat(replies[1].status()).as("run %d: %s", run, replies[1].body()).isEqualTo(200);
            assertNoSurvivor(http, run, stolen, replies[0]);
        }
    }

    @Test
    void aReauthenticationNeverOutlivesAnAdministratorsRevoke() throws Exception {
        Http http = new Http(APP.getLocalPort());
        String username = newUser("admin-revoke-password-1");
        Login victimProbe = http.login(username, "admin-revoke-password-1");
        long id = new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(http.profile(victimProbe).body()).get("id").asLong();
        Login admin = http.login("ada", TestApp.ADA_PASSWORD);
        for (int run = 1; run <= RUNS; run++) {
            Http client = new Http(APP.getLocalPort());
            Login stolen = client.login(username, "admin-revoke-password-1");

            Reply[] replies = race(
                () -> client.as(stolen, "POST", "/auth/reauthenticate", password("admin-revoke-password-1")),
                () -> client.as(admin, "POST", "/admin/users/" + id + "/revoke-sessions", null));

            assertThat(replies[1].status()).as("run %d: %s", run, replies[1].body()).isEqualTo(200);
            assertNoSurvivor(client, run, stolen, replies[0]);
        }
    }

    /** Neither the session that re-authenticated nor, if it got one, its successor still works. */
    private static void assertNoSurvivor(Http http, int run, Login stolen, Reply reauthenticated) {
        assertThat(reauthenticated.status()).as("run %d: %s", run, reauthenticated.body()).isIn(200, 401);
        assertThat(http.profile(stolen).status()).as("run %d: the stolen session", run).isEqualTo(401);
        if (reauthenticated.status() == 200) {
            assertThat(http.profile(Login.from(reauthenticated)).status())
                .as("run %d: the re-authenticated successor survived", run).isEqualTo(401);
        }
    }

    private static Reply[] race(Supplier<Reply> first, Supplier<Reply> second) {
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<Reply> a = CompletableFuture.supplyAsync(() -> {
            await(gate);
            return first.get();
        }, CLIENTS);
        CompletableFuture<Reply> b = CompletableFuture.supplyAsync(() -> {
            await(gate);
            return second.get();
        }, CLIENTS);
        gate.countDown();
        return new Reply[] {a.join(), b.join()};
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
