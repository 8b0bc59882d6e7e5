package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.bundle.example.ExampleConfiguration;
import dev.sessionauth.bundle.example.Member;
import dev.sessionauth.bundle.example.Members;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.SessionStore;
import io.dropwizard.auth.Auth;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.chained.ChainedAuthFilter;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session sent as {@code Authorization: Bearer} lives by the cookie's clock: it is touched, and
 * dies at the idle and the absolute timeout, on a host whose clock the test moves. The host's own
 * bearer tokens, in a filter chained after the session's, keep reaching the same resources.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BearerTokensTest {

    private static final MutableClock CLOCK = new MutableClock();

    /** The host's own bearer token, for its own API client: not a session. */
    static final String HOST_TOKEN = "host-api-token-0123456789";

    /**
     * A host that starts a session for a new member and hands out its token, beside an OAuth
     * bearer filter of its own, chained after the session's.
     */
    public static class TokenHost extends Application<ExampleConfiguration> {

        final Members members = new Members();
        final Member apiUser = members.add("api-user", HostContract.PASSWORD_HASH);
        final SessionAuthBundle<ExampleConfiguration, Member> sessions =
            new SessionAuthBundle<>(Member.class, ExampleConfiguration::getSessions, members::find).clock(CLOCK)
                .leaveAuthFeaturesToHost();

        @Override
        public void initialize(Bootstrap<ExampleConfiguration> bootstrap) {
            bootstrap.addBundle(sessions);
        }

        @Override
        public void run(ExampleConfiguration configuration, Environment environment) {
            environment.jersey().register(new TestHosts.StartResource(members, sessions.sessions()));
            environment.jersey().register(new Resource());
            AuthFilter<String, Member> ownTokens = new OAuthCredentialAuthFilter.Builder<Member>()
                .setAuthenticator(token -> HOST_TOKEN.equals(token) ? Optional.of(apiUser) : Optional.empty())
                .setPrefix("Bearer")
                .buildAuthFilter();
            environment.jersey().register(new AuthDynamicFeature(
                new ChainedAuthFilter<>(List.of(sessions.authFilter(), ownTokens))));
            environment.jersey().register(new AuthValueFactoryProvider.Binder<>(Member.class));
        }
    }

    /** What the members' API answers. */
    @Path("/")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Resource {

        @GET
        @Path("me")
        public Map<String, String> me(@Auth Member member) {
            return Map.of("name", member.name());
        }
    }

    private static final DropwizardAppExtension<ExampleConfiguration> APP = TestHosts.extension(TokenHost.class,
        ConfigOverride.config("sessions.idleTimeout", "30m"),
        ConfigOverride.config("sessions.absoluteTimeout", "2h"),
        ConfigOverride.config("sessions.touchInterval", "1m"));

    private final HostClient http = new HostClient(APP.getLocalPort());

    private record Issued(String id, String token) {
    }

    private Issued issue() {
        HostClient.Reply reply = http.send("POST", "/start", "");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String body = reply.body();
        return new Issued(field(body, "id"), field(body, "token"));
    }

    private static String field(String json, String name) {
        int start = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    private int me(String token) {
        return http.send("GET", "/me", null, "Authorization", "Bearer " + token).status();
    }

    private SessionStore store() {
        return APP.<TokenHost>getApplication().sessions.store();
    }

    @Test
    void aBearerSessionIsTouchedByUseAndKeptAliveByIt() {
        Issued issued = issue();
        CLOCK.advance(Duration.ofMinutes(20));

        assertThat(me(issued.token())).isEqualTo(200);
        assertThat(store().findByUser(issued.id())).singleElement()
            .satisfies(session -> assertThat(session.lastSeenAt().toEpochMilli()).isEqualTo(CLOCK.millis()));
        CLOCK.advance(Duration.ofMinutes(20));
        assertThat(me(issued.token())).isEqualTo(200);
    }

    @Test
    void aBearerSessionDiesAtTheIdleTimeout() {
        Issued issued = issue();
        CLOCK.advance(Duration.ofMinutes(31));

        assertThat(me(issued.token())).isEqualTo(401);
        assertThat(store().findByUser(issued.id())).isEmpty();
    }

    @Test
    void aBearerSessionDiesAtTheAbsoluteTimeoutHoweverActive() {
        Issued issued = issue();
        for (int i = 0; i < 4; i++) {
            CLOCK.advance(Duration.ofMinutes(25));
            assertThat(me(issued.token())).isEqualTo(200);
        }
        CLOCK.advance(Duration.ofMinutes(25));

        assertThat(me(issued.token())).isEqualTo(401);
    }

    @Test
    void theHostsOwnBearerTokensGoToItsOwnFilterBesideTheSessionsToken() {
        Issued issued = issue();

        HostClient.Reply session = http.send("GET", "/me", null, "Authorization", "Bearer " + issued.token());
        HostClient.Reply own = http.send("GET", "/me", null, "Authorization", "Bearer " + HOST_TOKEN);
        HostClient.Reply neither = http.send("GET", "/me", null, "Authorization", "Bearer not-a-token-of-anyone");

        assertThat(session.status()).isEqualTo(200);
        assertThat(session.body()).doesNotContain("api-user");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).isEqualTo("{\"name\":\"api-user\"}");
        assertThat(neither.status()).isEqualTo(401);
    }

    @Test
    void aRefusedBearerRequestClearsNoCookieItNeverSent() {
        Issued issued = issue();
        CLOCK.advance(Duration.ofMinutes(31));

        HostClient.Reply reply = http.send("GET", "/me", null, "Authorization", "Bearer " + issued.token());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.sessionCookie()).isEmpty();
    }
}
