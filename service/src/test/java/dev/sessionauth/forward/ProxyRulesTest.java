package dev.sessionauth.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.EchoUpstream;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.ReverseProxy;
import dev.sessionauth.testing.ReverseProxy.Kind;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.bundle.TotpCodes;
import dev.sessionauth.users.UserDao;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The access rules of {@code proxy-rules.yml} through real nginx and Caddy, each with the
 * configuration {@code docs/forward-auth.md} shows, in front of an upstream that remembers what
 * reached it: a refusal never reaches it. ada is an admin, grace a user.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ProxyRulesTest {

    @AutoClose
    private static final EchoUpstream UPSTREAM = EchoUpstream.start();
    private static final MutableClock CLOCK = new MutableClock();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP =
        TestApp.extension(CLOCK, "proxy-rules.yml");
    @AutoClose
    private static final ReverseProxy.Pool PROXIES = new ReverseProxy.Pool();

    private Login ada;
    private Login grace;

    private static ReverseProxy proxy(Kind kind) {
        return PROXIES.get(kind, APP, UPSTREAM.port());
    }

    @BeforeEach
    void signIn() {
        Http service = new Http(APP.getLocalPort());
        ada = service.login("ada", TestApp.ADA_PASSWORD);
        grace = service.login("grace", "hopper-1906");
        UPSTREAM.clear();
    }

    private static Reply get(ReverseProxy proxy, String path, Login session) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Http http = new Http(client, proxy.base());
        return session == null ? http.get(path, "Accept", "application/json")
            : http.get(path, "Accept", "application/json", "Cookie", session.cookieHeader());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBypassPathReachesTheUpstreamWithoutASession(Kind kind) {
        ReverseProxy proxy = proxy(kind);

        Reply reply = get(proxy, "/public/logo.png", null);

        assertThat(reply.status()).as(proxy.output()).isEqualTo(200);
        assertThat(UPSTREAM.received()).singleElement().satisfies(request ->
            assertThat(request.uri()).isEqualTo("/public/logo.png"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theAdminAreaLetsAnAdminInAndRefusesAUserBeforeTheUpstream(Kind kind) {
        ReverseProxy proxy = proxy(kind);

        Reply user = get(proxy, "/admin/users", grace);
        assertThat(user.status()).as(proxy.output()).isEqualTo(403);
        assertThat(UPSTREAM.received()).as("refused before the upstream").isEmpty();

        Reply admin = get(proxy, "/admin/users", ada);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(UPSTREAM.received()).singleElement().satisfies(request ->
            assertThat(request.all("Remote-User")).containsExactly("ada"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSecondFactorRuleSendsAPasswordSessionToStepUpOnTheApplicationsHost(Kind kind) throws Exception {
        ReverseProxy proxy = proxy(kind);
        Login enrolled = enrolledUser();

        Reply passwordOnly = asBrowser(proxy, "/payouts/7", grace);
        assertThat(passwordOnly.status()).as(proxy.output()).isEqualTo(302);
        // nginx makes the Location absolute on its own host; Caddy passes sessionauth's path on.
        URI stepUp = URI.create(proxy.base()).resolve(passwordOnly.header("Location").orElseThrow());
        assertThat(stepUp.getRawPath()).isEqualTo("/login/step-up");
        assertThat(stepUp.getRawQuery()).contains("payouts%2F7");
        assertThat(UPSTREAM.received()).as("refused before the upstream").isEmpty();
        Reply page = asBrowser(proxy, stepUp.getRawPath() + "?" + stepUp.getRawQuery(), grace);
        assertThat(page.status()).as("the step-up page, through the proxy, from sessionauth").isEqualTo(200);
        assertThat(page.body()).contains("Confirm with your code");
        assertThat(UPSTREAM.received()).isEmpty();

        Reply withCode = asBrowser(proxy, "/payouts/7", enrolled);
        assertThat(withCode.status()).isEqualTo(200);
        assertThat(UPSTREAM.received()).singleElement().satisfies(request ->
            assertThat(request.all("Remote-Authentication-Level")).containsExactly("aal2"));
    }

    /** A new user who enrolled an authenticator app: the enrolling session, at aal2. */
    private static Login enrolledUser() throws Exception {
        String name = "payer-" + UUID.randomUUID().toString().substring(0, 8);
        Jdbi.create(APP.getConfiguration().getDatabase().getUrl(), "sa", "").installPlugin(new SqlObjectPlugin())
            .onDemand(UserDao.class).insert(name, new PasswordHasher().hash("a-long-test-password"), "user", false,
                CLOCK.instant());
        Http service = new Http(APP.getLocalPort());
        Login login = service.login(name, "a-long-test-password");
        JsonNode offer = new ObjectMapper().readTree(service.as(login, "POST", "/auth/second-factor/totp", null).body());
        return Login.from(service.as(login, "POST", "/auth/second-factor/totp/confirm", "{\"token\":\""
            + offer.get("token").asText() + "\",\"code\":\"" + TotpCodes.at(offer.get("secret").asText(),
            CLOCK.instant()) + "\"}"));
    }

    private static Reply asBrowser(ReverseProxy proxy, String path, Login session) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new Http(client, proxy.base()).get(path, "Accept", "text/html,application/xhtml+xml",
            "Cookie", session.cookieHeader());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aNetworkRuleOpensAPathToThisMachinesNetwork(Kind kind) {
        ReverseProxy proxy = proxy(kind);

        assertThat(get(proxy, "/internal/status", null).status()).as(proxy.output()).isEqualTo(200);
        assertThat(UPSTREAM.received()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void whatNoRuleMatchesIsDeniedBeforeTheUpstreamWhateverTheSession(Kind kind) {
        ReverseProxy proxy = proxy(kind);

        assertThat(get(proxy, "/elsewhere", ada).status()).as(proxy.output()).isEqualTo(403);
        assertThat(get(proxy, "/public/../admin/users", grace).status()).as("another spelling of the admin area")
            .isIn(400, 403);
        assertThat(UPSTREAM.received()).isEmpty();
        assertThat(get(proxy, "/app/page", grace).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void eachVirtualHostHasARuleOfItsOwn(Kind kind) throws IOException {
        ReverseProxy proxy = proxy(kind);

        assertThat(onHost(proxy, "admin.example.test", "/users", grace)).as(proxy.output()).startsWith("HTTP/1.1 403 ");
        assertThat(onHost(proxy, "elsewhere.test", "/users", ada)).as("the default policy").startsWith("HTTP/1.1 403 ");
        assertThat(onHost(proxy, "app.example.test", "/users", null)).startsWith("HTTP/1.1 401 ");
        assertThat(UPSTREAM.received()).as("refused before the upstream").isEmpty();

        assertThat(onHost(proxy, "admin.example.test", "/users", ada)).startsWith("HTTP/1.1 200 ");
        assertThat(onHost(proxy, "app.example.test", "/users", grace)).startsWith("HTTP/1.1 200 ");
        assertThat(UPSTREAM.received()).extracting(request -> request.all("Remote-User"))
            .containsExactly(List.of("ada"), List.of("grace"));
    }

    /**
     * The answer to a GET with the {@code Host} a browser of that virtual host sends, which Java's
     * HTTP client will not set: written on a socket, read to the end.
     */
    private static String onHost(ReverseProxy proxy, String host, String path, Login session) throws IOException {
        URI base = URI.create(proxy.base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n"
                + (session == null ? "" : "Cookie: " + session.cookieHeader() + "\r\n") + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
