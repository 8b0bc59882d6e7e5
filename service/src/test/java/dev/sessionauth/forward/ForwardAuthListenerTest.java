package dev.sessionauth.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthApplication;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.users.UserCache;
import dev.sessionauth.users.UserDao;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The check's own listener ({@code forwardAuth.listener}) on the Caffeine store, where Jetty runs
 * each check on the thread that read it and the check answers from memory: the answers are the
 * application port's; a user out of the cache, a user disabled behind the service's back and a
 * flood of checks with the cache emptied under it are answered on the listener's other threads.
 * On Redis, where no check runs on the reading thread, {@link ProxiesTest} asks it through nginx
 * and Caddy.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ForwardAuthListenerTest {

    private static final MutableClock CLOCK = new MutableClock();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(CLOCK,
        TestApp.store("caffeine", null,
            ConfigOverride.config("forwardAuth.trustedProxies", "127.0.0.1,::1"),
            ConfigOverride.config("forwardAuth.allowedHosts", "app.example.com"),
            ConfigOverride.config("forwardAuth.listener.type", "http"),
            ConfigOverride.config("forwardAuth.listener.bindHost", "127.0.0.1"),
            ConfigOverride.config("forwardAuth.listener.port", "0")));
    private static final String[] NGINX = {
        "X-Original-URI", "/reports/2026?q=1", "X-Original-Method", "GET", "X-Forwarded-Proto", "https",
        "X-Forwarded-Host", "app.example.com", "X-Forwarded-For", "203.0.113.7"};
    private static final String[] IDENTITY = {
        "Remote-User", "Remote-User-Id", "Remote-Groups", "Remote-Session", "Remote-Authentication-Level"};

    private Http service;
    private Http listener;
    private Login grace;

    @BeforeEach
    void logIn() {
        service = new Http(APP.getLocalPort());
        listener = new Http(application().forwardAuthListener().orElseThrow().port());
        grace = service.login("grace", "hopper-1906");
    }

    private static SessionAuthApplication application() {
        return APP.getApplication();
    }

    private static UserCache users() {
        return application().userCache();
    }

    private static String[] with(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private Reply check(Http on, Login login, String... headers) {
        return on.send("GET", "/auth/verify", null, null, with(headers, "Cookie", login.cookieHeader()));
    }

    @Test
    void onCaffeineTheListenerAnswersAsTheApplicationPortDoesAndNothingElse() {
        assertThat(application().forwardAuthListener().orElseThrow().isNonBlocking()).isTrue();

        Reply viaListener = check(listener, grace, NGINX);
        Reply viaApplication = check(service, grace, NGINX);
        assertThat(viaListener.status()).isEqualTo(200);
        assertThat(viaListener.header("Remote-User")).contains("grace");
        assertThat(viaListener.header("Cache-Control")).contains("no-store");
        for (String name : IDENTITY) {
            assertThat(viaListener.header(name)).as(name).isPresent().isEqualTo(viaApplication.header(name));
        }
        assertThat(listener.send("GET", "/auth/verify/reports/2026", null, null, "Cookie", grace.cookieHeader())
            .header("Remote-User")).as("Envoy's path_prefix").contains("grace");
        Reply head = listener.send("HEAD", "/auth/verify", null, null, "Cookie", grace.cookieHeader());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        Reply anonymous = listener.send("GET", "/auth/verify", null, null, with(NGINX, "Accept", "application/json"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo("{\"code\":401,\"message\":\"Not authenticated\"}");
        Reply browser = listener.send("GET", "/auth/verify", null, null, with(NGINX, "Accept", "text/html"));
        assertThat(browser.status()).isEqualTo(401);
        assertThat(browser.header("Location"))
            .contains("/login?rd=https%3A%2F%2Fapp.example.com%2Freports%2F2026%3Fq%3D1");
        Reply forged = listener.send("GET", "/auth/verify", null, null, "Cookie", "sid=s:forged.signature");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.setCookie("sid")).as("a cookie naming no session is dropped").isPresent();

        for (String path : new String[] {"/", "/ping", "/auth/login", "/auth/verifyx", "/admin/users"}) {
            Reply other = listener.send("GET", path, null, null, "Cookie", grace.cookieHeader());
            assertThat(other.status()).as(path).isEqualTo(404);
            assertThat(other.body()).as(path).isEqualTo("{\"code\":404,\"message\":\"Not found\"}");
        }
    }

    private static long count(String metric) {
        return APP.getEnvironment().metrics().counter(metric).getCount();
    }

    @Test
    void aMalformedRequestGetsJetty400InJson() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", application().forwardAuthListener().orElseThrow().port())) {
            socket.getOutputStream().write("GET /auth/verify HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(reply).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json")
                .endsWith("{\"code\":400,\"message\":\"Bad Request\"}");
        }
    }

    @Test
    void aUserOutOfTheCacheIsLoadedOnTheListenersThreadsOnceAndThenAnsweredFromMemory() {
        users().changed(2);
        long misses = users().misses();
        long inMemory = count(ForwardAuthHandler.ANSWERED_IN_MEMORY);
        long handedOver = count(ForwardAuthHandler.HANDED_OVER);

        assertThat(check(listener, grace).header("Remote-User")).contains("grace");
        assertThat(users().misses()).as("loaded from the database").isEqualTo(misses + 1);
        assertThat(count(ForwardAuthHandler.HANDED_OVER)).isEqualTo(handedOver + 1);
        assertThat(count(ForwardAuthHandler.ANSWERED_IN_MEMORY)).isEqualTo(inMemory);

        assertThat(check(listener, grace).header("Remote-User")).contains("grace");
        assertThat(users().misses()).isEqualTo(misses + 1);
        assertThat(count(ForwardAuthHandler.ANSWERED_IN_MEMORY)).as("then answered from memory").isEqualTo(inMemory + 1);
        assertThat(count(ForwardAuthHandler.HANDED_OVER)).isEqualTo(handedOver + 1);
    }

    @Test
    void checksCountAsUseAndTheIdleTimeoutEndsTheSession() {
        CLOCK.advance(Duration.ofMinutes(20));
        assertThat(check(listener, grace).status()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(20));
        assertThat(check(listener, grace).status())
            .as("the check touched the session: 40 minutes after sign-in, 20 after the last check").isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(31));
        assertThat(check(listener, grace).status()).as("idle timeout").isEqualTo(401);
    }

    @Test
    void aUserDisabledBehindTheServicesBackIsRefusedOnceTheCacheLetsGoAndTheSessionEnds() {
        assertThat(check(listener, grace).status()).isEqualTo(200);
        int sessions = application().sessionStore().findByUser("2").size();
        UserDao dao = Jdbi.create(APP.getConfiguration().getDatabase().getUrl(), "sa", "")
            .installPlugin(new SqlObjectPlugin()).onDemand(UserDao.class);
        dao.setDisabled(2, true);
        try {
            CLOCK.advance(TestApp.USER_CACHE_MAX_AGE.plusMillis(1));

            long handedOver = count(ForwardAuthHandler.HANDED_OVER);
            assertThat(check(listener, grace).status()).isEqualTo(401);
            assertThat(count(ForwardAuthHandler.HANDED_OVER)).isEqualTo(handedOver + 1);
            assertThat(application().sessionStore().findByUser("2")).as("the check ended grace's session")
                .hasSize(sessions - 1);
        } finally {
            dao.setDisabled(2, false);
            users().changed(2);
        }
        assertThat(check(listener, service.login("grace", "hopper-1906")).status()).isEqualTo(200);
    }

    /** Checks in parallel while the user keeps leaving the cache: each answered, none lost or hung. */
    @Test
    void parallelChecksWithTheCacheEmptiedUnderThemAreAllAnswered() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + application().forwardAuthListener().orElseThrow().port()
            + "/auth/verify");
        List<CompletableFuture<HttpResponse<Void>>> replies = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            if (i % 25 == 0) {
                users().changed(2);
            }
            replies.add(client.sendAsync(HttpRequest.newBuilder(uri).header("Cookie", grace.cookieHeader())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.join().statusCode()).isEqualTo(200);
            assertThat(reply.join().headers().firstValue("Remote-User")).contains("grace");
        });
    }
}
