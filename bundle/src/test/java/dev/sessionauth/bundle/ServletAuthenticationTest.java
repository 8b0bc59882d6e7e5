package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.bundle.example.ExampleConfiguration;
import dev.sessionauth.bundle.example.Member;
import dev.sessionauth.bundle.example.Members;
import dev.sessionauth.store.MutableClock;
import io.dropwizard.auth.Auth;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A servlet of the host's, outside Jersey, sees the same sessions as {@code @Auth}: the live one
 * with its user, none without a cookie, and a cookie whose session ended, timed out or belongs to
 * a disabled user refused, ended and cleared, as {@code @Auth} refuses it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ServletAuthenticationTest {

    private static final MutableClock CLOCK = new MutableClock();

    /** A host with a servlet that answers with its user's name and session handle, or 401. */
    public static class ServletHost extends Application<ExampleConfiguration> {

        final Members members = new Members();
        final SessionAuthBundle<ExampleConfiguration, Member> sessions =
            new SessionAuthBundle<>(Member.class, ExampleConfiguration::getSessions, members::find).clock(CLOCK);

        @Override
        public void initialize(Bootstrap<ExampleConfiguration> bootstrap) {
            bootstrap.addBundle(sessions);
        }

        @Override
        public void run(ExampleConfiguration configuration, Environment environment) {
            environment.jersey().register(new TestHosts.StartResource(members, sessions.sessions()));
            environment.jersey().register(new Resource(sessions.sessions()));
            environment.servlets().addServlet("raw", new WhoServlet(sessions.servletAuthentication()))
                .addMapping("/raw/*");
            environment.servlets().addServlet("memory", new InMemoryServlet(sessions.servletAuthentication(),
                key -> atHand.contains(key) ? members.find(key).orElse(null) : null)).addMapping("/memory/*");
        }

        /** The members {@code /memory} finds in memory; any other would have to be loaded. */
        final Set<String> atHand = ConcurrentHashMap.newKeySet();
    }

    /** {@link WhoServlet} from memory only: 202 "would wait" when it cannot answer so. */
    static final class InMemoryServlet extends HttpServlet {

        private final transient ServletAuthentication<Member> authentication;
        private final transient Function<String, Member> atHand;

        InMemoryServlet(ServletAuthentication<Member> authentication, Function<String, Member> atHand) {
            this.authentication = authentication;
            this.atHand = atHand;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            var cookies = request.getHeaders("Cookie");
            Optional<ServletAuthentication.Result<Member>> result = authentication.authenticateInMemory(
                cookies.hasMoreElements() ? Collections.list(cookies) : null, null, atHand);
            if (result.isEmpty()) {
                response.setStatus(202);
                response.getWriter().write("would wait");
                return;
            }
            result.get().expiredCookie().ifPresent(cookie -> response.addHeader("Set-Cookie", cookie));
            if (result.get().principal().isEmpty()) {
                response.sendError(401);
                return;
            }
            response.setContentType("text/plain");
            response.getWriter().write(result.get().principal().get().name() + " "
                + result.get().session().orElseThrow().handle());
        }
    }

    static final class WhoServlet extends HttpServlet {

        private final transient ServletAuthentication<Member> authentication;

        WhoServlet(ServletAuthentication<Member> authentication) {
            this.authentication = authentication;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            ServletAuthentication.Result<Member> result = authentication.authenticate(request);
            result.expiredCookie().ifPresent(cookie -> response.addHeader("Set-Cookie", cookie));
            if (result.principal().isEmpty()) {
                response.sendError(401);
                return;
            }
            response.setContentType("text/plain");
            response.getWriter().write(result.principal().get().name() + " " + result.session().orElseThrow().handle());
        }
    }

    @Path("/")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Resource {

        private final Sessions sessions;

        Resource(Sessions sessions) {
            this.sessions = sessions;
        }

        @POST
        @Path("logout")
        public void logout(@Auth Member member, @Context ContainerRequestContext request) {
            sessions.end(request);
        }

        @GET
        @Path("me")
        public Map<String, String> me(@Auth Member member) {
            return Map.of("name", member.name());
        }
    }

    private static final DropwizardAppExtension<ExampleConfiguration> APP = TestHosts.extension(ServletHost.class,
        ConfigOverride.config("sessions.idleTimeout", "30m"));

    private final HostClient http = new HostClient(APP.getLocalPort());

    private record Started(String id, String handle, HostClient.Browser browser) {
    }

    private Started start() {
        HostClient.Reply reply = http.send("POST", "/start", "");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return new Started(field(reply.body(), "id"), field(reply.body(), "handle"), reply.browser());
    }

    private static String field(String json, String name) {
        int start = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    private Members members() {
        return APP.<ServletHost>getApplication().members;
    }

    @Test
    void aLiveSessionReachesTheServletWithItsUserAndHandle() {
        Started started = start();

        HostClient.Reply reply = http.get("/raw/anything", started.browser());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(members().find(started.id()).orElseThrow().name() + " " + started.handle());
        assertThat(reply.sessionCookie()).isEmpty();
    }

    @Test
    void noCookieIsNoSessionAndClearsNothing() {
        HostClient.Reply reply = http.get("/raw/anything", null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.sessionCookie()).isEmpty();
    }

    @Test
    void anEndedSessionsCookieIsRefusedAndCleared() {
        Started started = start();
        assertThat(http.post("/logout", started.browser()).status()).isEqualTo(204);

        HostClient.Reply reply = http.get("/raw/anything", started.browser());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.sessionCookie()).get().asString().contains("Max-Age=0");
    }

    @Test
    void aDisabledUsersSessionIsRefusedAndEndedForJerseyToo() {
        Started started = start();
        members().disable(started.id());

        HostClient.Reply reply = http.get("/raw/anything", started.browser());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.sessionCookie()).get().asString().contains("Max-Age=0");
        assertThat(APP.<ServletHost>getApplication().sessions.store().findByUser(started.id())).isEmpty();
    }

    @Test
    void theServletTouchesTheSessionAndTheIdleTimeoutEndsIt() {
        Started started = start();
        CLOCK.advance(Duration.ofMinutes(20));
        assertThat(http.get("/raw/anything", started.browser()).status()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(20));
        assertThat(http.get("/me", started.browser()).status()).as("kept alive by the servlet's request").isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(31));

        HostClient.Reply reply = http.get("/raw/anything", started.browser());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.sessionCookie()).get().asString().contains("Max-Age=0");
        assertThat(APP.<ServletHost>getApplication().sessions.store().findByUser(started.id())).isEmpty();
    }

    @Test
    void onTheCaffeineStoreAMemberAtHandIsAnsweredFromMemoryAsTheServletAnswers() {
        assertThat(APP.<ServletHost>getApplication().sessions.servletAuthentication().answersInMemory()).isTrue();
        Started started = start();
        APP.<ServletHost>getApplication().atHand.add(started.id());

        HostClient.Reply reply = http.get("/memory/anything", started.browser());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(http.get("/raw/anything", started.browser()).body());
        assertThat(http.get("/memory/anything", null).status()).as("no cookie: answered, no session").isEqualTo(401);
    }

    @Test
    void fromMemoryTheSessionIsTouchedAndAnEndedOneRefusedAndCleared() {
        Started started = start();
        APP.<ServletHost>getApplication().atHand.add(started.id());
        CLOCK.advance(Duration.ofMinutes(20));
        assertThat(http.get("/memory/anything", started.browser()).status()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(20));
        assertThat(http.get("/me", started.browser()).status()).as("kept alive from memory").isEqualTo(200);
        assertThat(http.post("/logout", started.browser()).status()).isEqualTo(204);

        HostClient.Reply reply = http.get("/memory/anything", started.browser());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.sessionCookie()).get().asString().contains("Max-Age=0");
    }

    /**
     * A member not at hand, disabled or not, would have to be loaded, and ending a disabled
     * member's session tells listeners: neither is done from memory, and nothing is changed.
     */
    @Test
    void aMemberNotAtHandOrDisabledWouldWaitAndNothingIsChanged() {
        Started absent = start();
        Started disabled = start();
        APP.<ServletHost>getApplication().atHand.add(disabled.id());
        members().disable(disabled.id());

        assertThat(http.get("/memory/anything", absent.browser()).body()).isEqualTo("would wait");
        HostClient.Reply refused = http.get("/memory/anything", disabled.browser());
        assertThat(refused.body()).isEqualTo("would wait");
        assertThat(refused.sessionCookie()).isEmpty();
        assertThat(APP.<ServletHost>getApplication().sessions.store().findByUser(disabled.id()))
            .as("the disabled member's session is left to the answer that may wait").hasSize(1);

        assertThat(http.get("/raw/anything", disabled.browser()).status()).isEqualTo(401);
        assertThat(APP.<ServletHost>getApplication().sessions.store().findByUser(disabled.id())).isEmpty();
    }
}
