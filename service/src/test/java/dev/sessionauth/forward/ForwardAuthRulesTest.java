package dev.sessionauth.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The access rules of {@code forward-rules.yml}, first match wins, asked about as a trusted proxy
 * asks (Traefik's and Caddy's {@code X-Forwarded-*} headers), with ada (admin) and grace (user):
 * a public path needs no session, an admin area needs the role, an internal path is open to one
 * network, two virtual hosts have rules of their own, and anything else is denied.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ForwardAuthRulesTest {

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final MutableClock CLOCK = new MutableClock();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP =
        TestApp.extension(CLOCK, "forward-rules.yml");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Http http;
    private Login ada;
    private Login grace;

    @BeforeEach
    void signIn() {
        http = new Http(APP.getLocalPort());
        ada = http.login("ada", TestApp.ADA_PASSWORD);
        grace = http.login("grace", "hopper-1906");
    }

    /** The check for {@code method host path}, from {@code client}, with {@code more} headers. */
    private Reply check(String method, String host, String path, String client, Login session, String... more) {
        List<String> headers = new ArrayList<>(List.of("X-Forwarded-Method", method, "X-Forwarded-Proto", "https",
            "X-Forwarded-Host", host, "X-Forwarded-Uri", path, "X-Forwarded-For", client));
        if (session != null) {
            headers.addAll(List.of("Cookie", session.cookieHeader()));
        }
        headers.addAll(Arrays.asList(more));
        return http.send("GET", "/auth/verify", null, null, headers.toArray(String[]::new));
    }

    @Test
    void aBypassPathNeedsNoSession() {
        Reply anonymous = check("GET", "app.example.com", "/public/logo.png", "203.0.113.7", null);
        Reply signedIn = check("GET", "wiki.example.com", "/public/logo.png", "203.0.113.7", grace);

        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.header("Remote-User")).isEmpty();
        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(signedIn.header("Remote-User")).as("a signed-in user is still named").contains("grace");
    }

    @Test
    void theAdminAreaLetsAnAdminInAndRefusesAUserWith403() {
        Reply admin = check("GET", "app.example.com", "/admin/users", "203.0.113.7", ada);
        Reply user = check("GET", "app.example.com", "/admin/users", "203.0.113.7", grace);
        Reply userBrowser = check("GET", "app.example.com", "/admin/users", "203.0.113.7", grace, "Accept", BROWSER);
        Reply pattern = check("POST", "app.example.com", "/reports/42/edit", "203.0.113.7", grace,
            "Origin", "https://app.example.com");
        Reply nobody = check("GET", "app.example.com", "/admin/users", "203.0.113.7", null);

        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.header("Remote-Groups")).contains("admin,user");
        assertThat(user.status()).isEqualTo(403);
        assertThat(user.body()).isEqualTo("{\"code\":403,\"message\":\"Access denied\"}");
        assertThat(user.header("Remote-User")).isEmpty();
        assertThat(userBrowser.status()).isEqualTo(403);
        assertThat(userBrowser.header("Content-Type")).get().asString().startsWith("text/html");
        assertThat(userBrowser.body()).contains("Access denied");
        assertThat(pattern.status()).as("a path pattern").isEqualTo(403);
        assertThat(nobody.status()).as("no session: sign in first").isEqualTo(401);
    }

    /**
     * A second-factor rule: a password session is sent to step up (a browser) or refused (anything
     * else); after a code it passes, until the rule's window is over.
     */
    @Test
    void aSecondFactorRuleSendsAPasswordSessionToStepUpAndLetsARecentCodeIn() throws Exception {
        String name = "payer-" + UUID.randomUUID().toString().substring(0, 8);
        Jdbi.create(APP.getConfiguration().getDatabase().getUrl(), "sa", "").installPlugin(new SqlObjectPlugin())
            .onDemand(UserDao.class).insert(name, new PasswordHasher().hash("a-long-test-password"), "user", false,
                CLOCK.instant());
        Login before = http.login(name, "a-long-test-password");
        JsonNode offer = JSON.readTree(http.as(before, "POST", "/auth/second-factor/totp", null).body());
        String secret = offer.get("secret").asText();
        Login enrolled = Login.from(http.as(before, "POST", "/auth/second-factor/totp/confirm", "{\"token\":\""
            + offer.get("token").asText() + "\",\"code\":\"" + TotpCodes.at(secret, CLOCK.instant()) + "\"}"));

        Reply recent = check("GET", "app.example.com", "/payouts/7", "203.0.113.7", enrolled);
        Reply passwordOnly = check("GET", "app.example.com", "/payouts/7", "203.0.113.7", grace);
        Reply passwordBrowser = check("GET", "app.example.com", "/payouts/7", "203.0.113.7", grace, "Accept", BROWSER);
        Reply elsewhere = check("GET", "app.example.com", "/reports", "203.0.113.7", grace);
        CLOCK.advance(Duration.ofMinutes(6));
        Reply old = check("GET", "app.example.com", "/payouts/7?x=1", "203.0.113.7", enrolled, "Accept", BROWSER);

        assertThat(recent.status()).isEqualTo(200);
        assertThat(recent.header("Remote-Authentication-Level")).contains("aal2");
        assertThat(passwordOnly.status()).isEqualTo(403);
        assertThat(passwordOnly.body()).isEqualTo("{\"code\":403,\"message\":\"Second factor required\"}");
        assertThat(passwordOnly.header("Remote-User")).isEmpty();
        assertThat(passwordBrowser.status()).isEqualTo(302);
        assertThat(passwordBrowser.header("Location")).contains("/login/step-up?rd="
            + URLEncoder.encode("https://app.example.com/payouts/7", StandardCharsets.UTF_8));
        assertThat(elsewhere.status()).as("other paths want a session only").isEqualTo(200);
        assertThat(old.status()).as("the rule's window is over").isEqualTo(302);
        String stepUp = old.header("Location").orElseThrow();
        assertThat(stepUp).startsWith("/login/step-up?rd=");

        Reply form = http.get(stepUp, "Cookie", enrolled.cookieHeader(), "Accept", BROWSER);
        Reply steppedUp = http.send("POST", "/login/step-up", "application/x-www-form-urlencoded",
            "code=" + TotpCodes.at(secret, CLOCK.instant()) + "&_csrf=" + enrolled.csrf()
                + "&rd=" + URLEncoder.encode("https://app.example.com/payouts/7?x=1", StandardCharsets.UTF_8),
            "Cookie", enrolled.cookieHeader(), "Accept", BROWSER);
        Login renewed = Login.from(steppedUp);
        Reply after = check("GET", "app.example.com", "/payouts/7?x=1", "203.0.113.7", renewed, "Accept", BROWSER);

        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("Confirm with your code").contains("name=\"rd\" value=\"https://app.example.com/payouts/7?x=1\"");
        assertThat(steppedUp.status()).isEqualTo(303);
        assertThat(steppedUp.header("Location")).contains("https://app.example.com/payouts/7?x=1");
        assertThat(after.status()).isEqualTo(200);
    }

    @Test
    void aNetworkRuleOpensAPathToOneNetworkOnly() {
        Reply inside = check("GET", "app.example.com", "/internal/status", "198.51.100.7", null);
        Reply outside = check("GET", "app.example.com", "/internal/status", "203.0.113.7", null);

        assertThat(inside.status()).isEqualTo(200);
        assertThat(outside.status()).as("the next rule, signed-in, decides").isEqualTo(401);
    }

    @Test
    void anotherSpellingOfAPathReachesNoMoreThanThePathItself() {
        for (String path : new String[] {"/public/../admin/users", "/%61dmin/users", "/public/%2e%2e/admin/users",
            "/admin;jsessionid=x/users", "/public//admin", "/public/%252e%252e/admin", "/public\\..\\admin"}) {
            Reply reply = check("GET", "app.example.com", path, "203.0.113.7", grace);
            assertThat(reply.status()).as(path).isEqualTo(403);
        }
        assertThat(check("GET", "app.example.com", "/%70ublic/logo.png", "203.0.113.7", null).status())
            .as("an encoded letter is read as the letter").isEqualTo(200);
    }

    @Test
    void whatNoRuleMatchesIsDeniedWhateverTheSession() {
        assertThat(check("GET", "other.example.com", "/", "203.0.113.7", ada).status()).isEqualTo(403);
        assertThat(check("GET", "app.example.com.evil.example", "/", "203.0.113.7", ada).status()).isEqualTo(403);
    }

    @Test
    void eachVirtualHostHasRulesOfItsOwn() {
        Reply appUser = check("GET", "app.example.com:8443", "/dashboard", "203.0.113.7", grace);
        Reply wikiRead = check("GET", "wiki.example.com", "/pages/home", "203.0.113.7", grace);
        Reply wikiWrite = check("POST", "wiki.example.com", "/pages/home", "203.0.113.7", grace,
            "Origin", "https://wiki.example.com");
        Reply wikiAdminWrite = check("POST", "wiki.example.com", "/pages/home", "203.0.113.7", ada,
            "Origin", "https://wiki.example.com");

        assertThat(appUser.status()).as("any port of the host").isEqualTo(200);
        assertThat(wikiRead.status()).isEqualTo(200);
        assertThat(wikiWrite.status()).as("writing the wiki is for admins").isEqualTo(403);
        assertThat(wikiAdminWrite.status()).isEqualTo(200);
    }
}
