package dev.sessionauth.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.SessionAuthApplication;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.store.redis.RedisReconnection;
import dev.sessionauth.testing.EchoUpstream;
import dev.sessionauth.testing.EchoUpstream.Received;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.ReverseProxy;
import dev.sessionauth.testing.ReverseProxy.Kind;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Forward authentication through real nginx ({@code auth_request}) and Caddy ({@code forward_auth}),
 * each run with the configuration {@code docs/forward-auth.md} shows, in front of the service (on
 * Redis) and of an upstream that remembers every request it received. The outage test waits
 * for the service's Redis connection to come back on Lettuce's event, not on a timer.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ProxiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.start();
    @AutoClose
    private static final EchoUpstream UPSTREAM = EchoUpstream.start();

    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(
        new MutableClock(Instant.now()),
        ConfigOverride.config("sessions.store.type", "redis"),
        ConfigOverride.config("sessions.store.uri", REDIS.uri()),
        ConfigOverride.config("sessions.store.commandTimeout", "300ms"),
        ConfigOverride.config("sessions.store.maxReconnectDelay", "200ms"),
        ConfigOverride.config("forwardAuth.trustedProxies", "127.0.0.1,::1"),
        ConfigOverride.config("forwardAuth.allowedHosts", "127.0.0.1"),
        // The check on a listener of its own, as the documented configurations ask it; on Redis
        // every check runs on the listener's threads.
        ConfigOverride.config("forwardAuth.listener.type", "http"),
        ConfigOverride.config("forwardAuth.listener.bindHost", "127.0.0.1"),
        ConfigOverride.config("forwardAuth.listener.port", "0"));

    @AutoClose
    private static final ReverseProxy.Pool PROXIES = new ReverseProxy.Pool();

    private Http service;
    private Login ada;

    private static ReverseProxy proxy(Kind kind) {
        return PROXIES.get(kind, APP, UPSTREAM.port());
    }

    @BeforeEach
    void signIn() {
        service = new Http(APP.getLocalPort());
        ada = service.login("ada", TestApp.ADA_PASSWORD);
        UPSTREAM.clear();
    }

    private static Reply through(ReverseProxy proxy, String method, String path, String... headers) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new Http(client, proxy.base()).send(method, path, method.equals("POST") ? "application/x-www-form-urlencoded" : null,
            method.equals("POST") ? "amount=100" : null, headers);
    }

    @Test
    void onRedisTheListenerRunsEveryCheckOnThreadsThatMayWait() {
        assertThat(APP.<SessionAuthApplication>getApplication().forwardAuthListener().orElseThrow().isNonBlocking())
            .as("no Redis call on the thread that reads the network").isFalse();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anApiClientWithoutASessionGets401AndTheUpstreamIsNotReached(Kind kind) {
        ReverseProxy proxy = proxy(kind);

        Reply anonymous = through(proxy, "GET", "/app/report", "Accept", "application/json");
        Reply impostor = through(proxy, "GET", "/app/report", "Remote-User", "grace");

        assertThat(anonymous.status()).as(proxy.output()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"code\":401");
        assertThat(impostor.status()).isEqualTo(401);
        assertThat(UPSTREAM.received()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void withTheCookieTheUpstreamReceivesTheUserAndNeverAClientsRemoteUser(Kind kind) throws Exception {
        ReverseProxy proxy = proxy(kind);

        Reply reply = through(proxy, "GET", "/app/report?month=11",
            "Cookie", "theme=dark; " + ada.cookieHeader() + "; lang=en",
            "Remote-User", "grace", "Remote-Groups", "root", "Remote-User-Id", "2",
            "Remote_User", "grace", "Remote_Groups", "root", "Remote_User_Id", "2", "Remote_Session", "forged",
            "Remote-Authentication-Level", "aal2", "Remote_Authentication_Level", "aal2");

        assertThat(reply.status()).as(proxy.output()).isEqualTo(200);
        assertThat(reply.body()).contains("<h1 id=\"user\">ada</h1>");
        List<Received> received = UPSTREAM.received();
        assertThat(received).hasSize(1);
        Received request = received.get(0);
        assertThat(request.uri()).isEqualTo("/app/report?month=11");
        assertThat(request.all("Remote-User")).containsExactly("ada");
        assertThat(request.all("Remote-User-Id")).containsExactly("1");
        assertThat(request.all("Remote-Groups")).containsExactly("admin,user");
        assertThat(request.all("Remote-Session")).containsExactly(currentHandle());
        assertThat(request.all("Remote-Authentication-Level")).as("ada signed in with a password alone")
            .containsExactly("aal1");
        assertThat(request.headers().keySet()).as("no identity header in the underscore spelling, which CGI reads as "
            + "HTTP_REMOTE_USER too").noneMatch(name -> name.startsWith("remote_"));
        assertThat(String.join("; ", request.all("Cookie"))).as("the application never gets the session cookie")
            .doesNotContain(ada.cookie()).doesNotContain("sid=").contains("theme=dark").contains("lang=en");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void afterLogoutTheNextProxiedRequestIsRefused(Kind kind) {
        ReverseProxy proxy = proxy(kind);
        assertThat(through(proxy, "GET", "/app/", "Cookie", ada.cookieHeader()).status()).isEqualTo(200);

        assertThat(service.logout(ada).status()).isEqualTo(200);
        Reply after = through(proxy, "GET", "/app/", "Cookie", ada.cookieHeader());

        assertThat(after.status()).isEqualTo(401);
        assertThat(UPSTREAM.received()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCrossSitePostGets403AndNeverReachesTheUpstream(Kind kind) {
        ReverseProxy proxy = proxy(kind);

        Reply crossSite = through(proxy, "POST", "/app/transfer", "Cookie", ada.cookieHeader(),
            "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
        Reply otherOrigin = through(proxy, "POST", "/app/transfer", "Cookie", ada.cookieHeader(),
            "Origin", "https://evil.example");
        assertThat(UPSTREAM.received()).isEmpty();
        Reply sameOrigin = through(proxy, "POST", "/app/transfer", "Cookie", ada.cookieHeader(),
            "Origin", proxy.base());

        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(otherOrigin.status()).isEqualTo(403);
        assertThat(sameOrigin.status()).as("the same origin's POST passes, with no token").isEqualTo(200);
        assertThat(UPSTREAM.received()).extracting(Received::method).containsExactly("POST");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBrowserWithoutASessionIsSentToSignInWithTheOriginalUrl(Kind kind) {
        ReverseProxy proxy = proxy(kind);

        Reply reply = through(proxy, "GET", "/app/page?x=1", "Accept", "text/html,application/xhtml+xml");

        assertThat(reply.status()).isEqualTo(302);
        assertThat(reply.header("Location").orElseThrow())
            .endsWith("/login?rd=http%3A%2F%2F127.0.0.1%3A" + proxy.port() + "%2Fapp%2Fpage%3Fx%3D1");
        assertThat(UPSTREAM.received()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void withRedisDownTheProxyAnswersAnErrorAndTheUpstreamIsNotReached(Kind kind) throws Exception {
        ReverseProxy proxy = proxy(kind);
        CompletableFuture<?> reconnected = RedisReconnection.next(APP.<SessionAuthApplication>getApplication()
            .sessionStore());
        REDIS.stop();
        try {
            Reply reply = through(proxy, "GET", "/app/report", "Cookie", ada.cookieHeader());

            assertThat(reply.status()).as("nginx turns the 503 into a 500; Caddy passes it on").isIn(500, 503);
            assertThat(UPSTREAM.received()).isEmpty();
        } finally {
            REDIS.restart();
        }
        reconnected.get(30, TimeUnit.SECONDS);
    }

    private String currentHandle() throws Exception {
        JsonNode sessions = JSON.readTree(service.as(ada, "GET", "/auth/sessions", null).body()).get("sessions");
        for (JsonNode session : sessions) {
            if (session.get("current").asBoolean()) {
                return session.get("handle").asText();
            }
        }
        throw new AssertionError("no current session in " + sessions);
    }
}
