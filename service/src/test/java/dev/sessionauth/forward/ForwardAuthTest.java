package dev.sessionauth.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.bundle.TotpCodes;
import dev.sessionauth.users.UserDao;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /auth/verify} through the real application, with the request shapes of the proxies that
 * are not packaged here: Traefik's ForwardAuth ({@code X-Forwarded-*} on a GET) and Envoy's
 * {@code ext_authz} (the original method, the original path after {@code path_prefix}, and only
 * the headers listed in {@code allowed_headers}). nginx and Caddy run for real in
 * {@link ProxiesTest}; outages in {@link ForwardAuthOutageTest}. The test's requests come from this machine, which {@code APP} trusts as a
 * proxy and {@code UNTRUSTED} does not.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ForwardAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MutableClock CLOCK = new MutableClock();

    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(CLOCK,
        ConfigOverride.config("forwardAuth.trustedProxies", "127.0.0.1,::1"),
        ConfigOverride.config("forwardAuth.allowedHosts", "app.example.com,*.apps.example.com"),
        ConfigOverride.config("forwardAuth.headers.user", "Remote-User"),
        ConfigOverride.config("users.secondFactorRoles", "auditor"));
    private static final DropwizardAppExtension<SessionAuthConfiguration> UNTRUSTED = TestApp.extension(CLOCK,
        ConfigOverride.config("forwardAuth.trustedProxies", "192.0.2.1"),
        ConfigOverride.config("forwardAuth.headers.user", "X-User"));
    private static final String[] TRAEFIK_GET = {
        "X-Forwarded-Method", "GET", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "app.example.com",
        "X-Forwarded-Uri", "/docs/intro?page=2&tags=a,b", "X-Forwarded-For", "203.0.113.7"};
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private Http http;
    private Login ada;

    @BeforeEach
    void logIn() {
        http = new Http(APP.getLocalPort());
        ada = http.login("ada", TestApp.ADA_PASSWORD);
    }

    private Reply verify(String method, String path, String... headers) {
        return http.send(method, path, null, null, headers);
    }

    private static String[] with(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void aLiveSessionPassesWithItsUserInTheIdentityHeadersAndNeverItsId() throws Exception {
        Reply reply = verify("GET", "/auth/verify", with(TRAEFIK_GET, "Cookie", ada.cookieHeader()));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Remote-User")).contains("ada");
        assertThat(reply.header("Remote-User-Id")).contains("1");
        assertThat(reply.header("Remote-Groups")).contains("admin,user");
        String handle = null;
        for (var session : JSON.readTree(http.as(ada, "GET", "/auth/sessions", null).body()).get("sessions")) {
            if (session.get("current").asBoolean()) {
                handle = session.get("handle").asText();
            }
        }
        assertThat(reply.header("Remote-Session")).contains(handle);
        assertThat(reply.header("Remote-Authentication-Level")).contains("aal1");
        assertThat(reply.headers().map().toString()).doesNotContain(ada.cookie().substring(0, 20));
        assertThat(reply.header("Cache-Control")).contains("no-store");
    }

    /**
     * A correct password for a user with a second factor leaves a pending sign-in, which the check
     * refuses as it refuses no cookie; the session the code starts passes at aal2.
     */
    @Test
    void aPendingSignInPassesNoCheckAndTheSecondFactorsSessionPassesAtAal2() throws Exception {
        String name = "f" + UUID.randomUUID().toString().substring(0, 8);
        Jdbi.create(APP.getConfiguration().getDatabase().getUrl(), "sa", "")
            .installPlugin(new SqlObjectPlugin()).onDemand(UserDao.class)
            .insert(name, new PasswordHasher().hash("a-long-test-password"), "user", false,
                CLOCK.instant());
        Login login = http.login(name, "a-long-test-password");
        var offer = JSON.readTree(http.as(login, "POST", "/auth/second-factor/totp", null).body());
        String secret = offer.get("secret").asText();
        assertThat(http.as(login, "POST", "/auth/second-factor/totp/confirm", "{\"token\":\""
            + offer.get("token").asText() + "\",\"code\":\"" + TotpCodes.at(secret, CLOCK.instant()) + "\"}")
            .status()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(30));
        String pending = http.loginReply(name, "a-long-test-password").cookie("sessionauth-pending").orElseThrow();

        for (String cookie : new String[] {"sessionauth-pending=" + pending, "sid=" + pending}) {
            Reply refused = verify("GET", "/auth/verify", with(TRAEFIK_GET, "Cookie", cookie));
            assertThat(refused.status()).as(cookie).isEqualTo(401);
            assertThat(refused.header("Remote-User")).isEmpty();
        }
        Login signedIn = Login.from(http.postJson("/auth/login/second-factor",
            "{\"code\":\"" + TotpCodes.at(secret, CLOCK.instant()) + "\"}", "Cookie", "sessionauth-pending=" + pending));
        Reply passed = verify("GET", "/auth/verify", with(TRAEFIK_GET, "Cookie", signedIn.cookieHeader()));

        assertThat(passed.status()).isEqualTo(200);
        assertThat(passed.header("Remote-User")).contains(name);
        assertThat(passed.header("Remote-Authentication-Level")).contains("aal2");
    }

    /** A user who must enrol a second factor first is signed in for enrolment only: no application lets them in. */
    @Test
    void aSessionLimitedToEnrolmentPassesNoCheck() {
        String name = "e" + UUID.randomUUID().toString().substring(0, 8);
        Jdbi.create(APP.getConfiguration().getDatabase().getUrl(), "sa", "")
            .installPlugin(new SqlObjectPlugin()).onDemand(UserDao.class)
            .insert(name, new PasswordHasher().hash("a-long-test-password"), "auditor", false, CLOCK.instant());
        Login login = http.login(name, "a-long-test-password");

        Reply refused = verify("GET", "/auth/verify", with(TRAEFIK_GET, "Cookie", login.cookieHeader()));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Remote-User")).isEmpty();
    }

    @Test
    void envoysCheckKeepsTheOriginalMethodAndPathAndPassesWithOnlyTheCookie() {
        Reply post = verify("POST", "/auth/verify/api/orders/7?expand=items", "Cookie", ada.cookieHeader());
        Reply delete = verify("DELETE", "/auth/verify/api/orders/7", "Cookie", ada.cookieHeader(),
            "Origin", "http://localhost:" + APP.getLocalPort());

        assertThat(post.status()).as("no CSRF token is asked of the application's requests").isEqualTo(200);
        assertThat(post.header("Remote-User")).contains("ada");
        assertThat(delete.status()).isEqualTo(200);
        assertThat(verify("HEAD", "/auth/verify", "Cookie", ada.cookieHeader()).header("Remote-User")).contains("ada");
    }

    @Test
    void withoutASessionAnApiClientGetsTheJson401AndNoRedirect() {
        Reply reply = verify("GET", "/auth/verify", with(TRAEFIK_GET, "Accept", "application/json"));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo("{\"code\":401,\"message\":\"Not authenticated\"}");
        assertThat(reply.header("Location")).isEmpty();
    }

    @Test
    void withoutASessionABrowserIsSentToSignInWithTheOriginalUrl() {
        Reply get = verify("GET", "/auth/verify", with(TRAEFIK_GET, "Accept", BROWSER));
        Reply post = verify("GET", "/auth/verify", "Accept", BROWSER, "X-Forwarded-Method", "POST",
            "X-Forwarded-Proto", "https", "X-Forwarded-Host", "app.example.com", "X-Forwarded-Uri", "/form");
        Reply envoy = verify("PUT", "/auth/verify/api/x?y=1", "Accept", BROWSER);

        assertThat(get.status()).isEqualTo(302);
        assertThat(get.header("Location"))
            .contains("/login?rd=https%3A%2F%2Fapp.example.com%2Fdocs%2Fintro%3Fpage%3D2%26tags%3Da%2Cb");
        assertThat(post.status()).as("a browser follows a 303 with a GET").isEqualTo(303);
        assertThat(post.header("Location")).contains("/login?rd=https%3A%2F%2Fapp.example.com%2Fform");
        assertThat(envoy.status()).isEqualTo(303);
        assertThat(envoy.header("Location"))
            .contains("/login?rd=http%3A%2F%2Flocalhost%3A" + APP.getLocalPort() + "%2Fapi%2Fx%3Fy%3D1");
    }

    @Test
    void nginxGetsA401WithTheSignInUrlForItsErrorPage() {
        Reply reply = verify("GET", "/auth/verify", "Accept", BROWSER, "X-Original-URI", "/app/page",
            "X-Original-Method", "GET", "X-Forwarded-Proto", "http", "X-Forwarded-Host", "127.0.0.1:8000");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("Location")).contains("/login?rd=http%3A%2F%2F127.0.0.1%3A8000%2Fapp%2Fpage");
    }

    @Test
    void anUnsafeOriginalRequestFromAnotherSiteIsRefusedSessionOrNot() {
        String[] crossSitePost = {"X-Forwarded-Method", "POST", "X-Forwarded-Proto", "https",
            "X-Forwarded-Host", "app.example.com", "X-Forwarded-Uri", "/transfer", "Origin", "https://evil.example"};

        assertThat(verify("GET", "/auth/verify", with(crossSitePost, "Cookie", ada.cookieHeader())).status())
            .isEqualTo(403);
        assertThat(verify("GET", "/auth/verify", crossSitePost).status()).isEqualTo(403);
        assertThat(verify("GET", "/auth/verify", "Cookie", ada.cookieHeader(), "X-Forwarded-Method", "PATCH",
            "Sec-Fetch-Site", "cross-site").status()).isEqualTo(403);
        assertThat(verify("DELETE", "/auth/verify/api/orders/7", "Cookie", ada.cookieHeader(),
            "Origin", "https://evil.example").status()).as("Envoy").isEqualTo(403);
        assertThat(verify("GET", "/auth/verify", with(crossSitePost, "Cookie", ada.cookieHeader()))
            .body()).isEqualTo("{\"code\":403,\"message\":\"Cross-site request refused\"}");
    }

    @Test
    void aTrustedProxyThatNamesThePathButNotTheMethodAsksAboutAnUnsafeRequest() {
        String[] noMethod = {"Cookie", ada.cookieHeader(), "X-Original-URI", "/transfer",
            "X-Forwarded-Proto", "https", "X-Forwarded-Host", "app.example.com"};

        assertThat(verify("GET", "/auth/verify", with(noMethod, "Sec-Fetch-Site", "cross-site")).status())
            .as("nginx's own GET says nothing of the browser's method: the cross-site rule runs").isEqualTo(403);
        assertThat(verify("GET", "/auth/verify", with(noMethod, "Origin", "https://evil.example")).status())
            .isEqualTo(403);
        assertThat(verify("GET", "/auth/verify", with(noMethod, "Sec-Fetch-Site", "same-origin")).status())
            .isEqualTo(200);
        assertThat(verify("GET", "/auth/verify", with(noMethod, "X-Original-Method", "GET",
            "Sec-Fetch-Site", "cross-site")).status()).as("a read it names is let through").isEqualTo(200);
        assertThat(verify("GET", "/auth/verify", with(noMethod, "X-Original-Method", "PROPPATCH",
            "Sec-Fetch-Site", "cross-site")).status()).as("a method it does not know is unsafe").isEqualTo(403);
    }

    @Test
    void sameOriginUnsafeRequestsAndCrossSiteReadsPass() {
        String[] sameOrigin = {"Cookie", ada.cookieHeader(), "X-Forwarded-Method", "POST", "X-Forwarded-Proto",
            "https", "X-Forwarded-Host", "app.example.com", "Origin", "https://app.example.com"};
        String[] otherOriginRead = {"Cookie", ada.cookieHeader(), "X-Forwarded-Method", "GET",
            "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"};
        String[] wrongScheme = {"Cookie", ada.cookieHeader(), "X-Forwarded-Method", "POST", "X-Forwarded-Proto",
            "https", "X-Forwarded-Host", "shop.example.com", "Origin", "http://shop.example.com"};

        assertThat(verify("GET", "/auth/verify", sameOrigin).status()).isEqualTo(200);
        assertThat(verify("GET", "/auth/verify", otherOriginRead).status()).isEqualTo(200);
        assertThat(verify("GET", "/auth/verify", wrongScheme).status()).as("scheme counts").isEqualTo(403);
    }

    @Test
    void theSessionIsTouchedRevokedAndTimedOutAsOnEveryOtherEndpoint() {
        String[] check = with(TRAEFIK_GET, "Cookie", ada.cookieHeader());
        CLOCK.advance(Duration.ofMinutes(20));
        assertThat(verify("GET", "/auth/verify", check).status()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(20));
        assertThat(verify("GET", "/auth/verify", check).status())
            .as("checks count as use: 40 minutes after sign-in, 20 after the last check").isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(31));
        assertThat(verify("GET", "/auth/verify", check).status()).as("idle timeout").isEqualTo(401);

        Login again = http.login("ada", TestApp.ADA_PASSWORD);
        assertThat(http.logout(again).status()).isEqualTo(200);
        assertThat(verify("GET", "/auth/verify", "Cookie", again.cookieHeader()).status()).isEqualTo(401);
    }

    @Test
    void afterRotationTheOldCookieIsRefusedAndTheNewOnePasses() {
        Reply rotated = http.as(ada, "POST", "/auth/reauthenticate", "{\"password\":\"" + TestApp.ADA_PASSWORD + "\"}");
        assertThat(rotated.status()).isEqualTo(200);
        Login fresh = Login.from(rotated);

        assertThat(verify("GET", "/auth/verify", "Cookie", ada.cookieHeader()).status()).isEqualTo(401);
        assertThat(verify("GET", "/auth/verify", "Cookie", fresh.cookieHeader()).header("Remote-User")).contains("ada");
    }

    @Test
    void theAbsoluteTimeoutEndsASessionHoweverOftenItIsChecked() {
        String[] check = {"Cookie", ada.cookieHeader()};
        for (int minutes = 20; minutes <= 8 * 60 - 20; minutes += 20) {
            CLOCK.advance(Duration.ofMinutes(20));
            assertThat(verify("GET", "/auth/verify", check).status()).as("%d minutes in", minutes).isEqualTo(200);
        }
        CLOCK.advance(Duration.ofMinutes(21));

        assertThat(verify("GET", "/auth/verify", check).status()).as("past the 8 h absolute timeout").isEqualTo(401);
    }

    @Test
    void aDisabledUserIsRefusedAtOnce() {
        Login grace = http.login("grace", "hopper-1906");
        assertThat(verify("GET", "/auth/verify", "Cookie", grace.cookieHeader()).status()).isEqualTo(200);

        Reply disabled = http.as(ada, "POST", "/admin/users/2/disable", null);
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(verify("GET", "/auth/verify", "Cookie", grace.cookieHeader()).status()).isEqualTo(401);
        assertThat(http.as(ada, "POST", "/admin/users/2/enable", null).status()).isEqualTo(200);
    }

    @Test
    void fromAProxyItDoesNotTrustTheForwardedHeadersDoNotCount() {
        Http untrusted = new Http(UNTRUSTED.getLocalPort());
        Login grace = untrusted.login("grace", "hopper-1906");

        Reply crossSiteClaim = untrusted.send("GET", "/auth/verify", null, null, "Cookie", grace.cookieHeader(),
            "X-Forwarded-Method", "POST", "Origin", "https://evil.example");
        Reply redirect = untrusted.send("GET", "/auth/verify", null, null, with(TRAEFIK_GET, "Accept", BROWSER));

        assertThat(crossSiteClaim.status()).as("the check request itself is a GET").isEqualTo(200);
        assertThat(crossSiteClaim.header("X-User")).as("a configured header name").contains("grace");
        assertThat(crossSiteClaim.header("Remote-User")).isEmpty();
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location"))
            .contains("/login?rd=http%3A%2F%2Flocalhost%3A" + UNTRUSTED.getLocalPort() + "%2F");
    }

    @Test
    void namesAndRolesThatAreNotPlainAsciiTravelPercentEncoded() {
        assertThat(ForwardAuthHandler.encode("ada")).isEqualTo("ada");
        assertThat(ForwardAuthHandler.encode("Zoë")).isEqualTo("Zo%C3%AB");
        assertThat(ForwardAuthHandler.encode("a%C3%AB")).as("a literal % cannot pass for an encoded name")
            .isEqualTo("a%25C3%25AB");
        assertThat(ForwardAuthHandler.encode("ops,admin")).isEqualTo("ops%2Cadmin");
        assertThat(ForwardAuthHandler.encode("ada lovelace")).isEqualTo("ada%20lovelace");
    }
}
