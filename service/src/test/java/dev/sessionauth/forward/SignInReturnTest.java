package dev.sessionauth.forward;

import static dev.sessionauth.testing.Forms.FORM;
import static dev.sessionauth.testing.Forms.csrfField;
import static dev.sessionauth.testing.Forms.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After signing in, the page sends the browser back where forward authentication sent it from
 * ({@code rd}), but only to a path here or to a host in {@code forwardAuth.allowedHosts}: the sign-in
 * page is never an open redirect.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SignInReturnTest {

    private static final String BROWSER = "text/html,application/xhtml+xml";

    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(new MutableClock(),
        ConfigOverride.config("forwardAuth.trustedProxies", "127.0.0.1,::1"),
        ConfigOverride.config("forwardAuth.allowedHosts", "app.example.com,*.apps.example.com"));

    private Reply signInFrom(String rd) {
        Http http = new Http(APP.getLocalPort());
        Reply form = http.get("/login?rd=" + URLEncoder.encode(rd, StandardCharsets.UTF_8), "Accept", BROWSER);
        assertThat(form.status()).isEqualTo(200);
        String field = form.body().contains("name=\"rd\"") ? rd : null;
        return http.send("POST", "/login", FORM,
            encode("username", "ada", "password", TestApp.ADA_PASSWORD, "_csrf", csrfField(form.body()),
                "rd", field == null ? "" : field),
            "Cookie", "login-csrf=" + form.cookie("login-csrf").orElseThrow(), "Accept", BROWSER);
    }

    @Test
    void aReturnUrlOnAnAllowedHostIsWhereTheBrowserLands() {
        assertThat(signInFrom("https://app.example.com/docs?page=2").header("Location"))
            .contains("https://app.example.com/docs?page=2");
        assertThat(signInFrom("http://wiki.apps.example.com:8443/").header("Location"))
            .contains("http://wiki.apps.example.com:8443/");
        assertThat(signInFrom("/account/sessions").header("Location")).contains("/account/sessions");
    }

    @Test
    void anyOtherReturnUrlGoesToTheStartPage() {
        for (String rd : new String[] {"https://evil.example/", "https://app.example.com.evil.example/",
            "https://app.example.com@evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
            "https://apps.example.com/", "ftp://app.example.com/", "https://evil.example/?next=app.example.com"}) {
            Reply reply = signInFrom(rd);
            assertThat(reply.status()).as(rd).isEqualTo(303);
            assertThat(reply.header("Location")).as(rd).contains("/");
        }
    }

    @Test
    void aForgedReturnFieldIsCheckedAgainOnPost() {
        Http http = new Http(APP.getLocalPort());
        Reply form = http.get("/login", "Accept", BROWSER);
        Reply reply = http.send("POST", "/login", FORM,
            encode("username", "ada", "password", TestApp.ADA_PASSWORD, "_csrf", csrfField(form.body()),
                "rd", "https://evil.example/"),
            "Cookie", "login-csrf=" + form.cookie("login-csrf").orElseThrow(), "Accept", BROWSER);

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.header("Location")).contains("/");
    }

    @Test
    void someoneSignedInAlreadyGoesStraightBack() {
        Http http = new Http(APP.getLocalPort());
        String cookie = http.login("ada", TestApp.ADA_PASSWORD).cookieHeader();

        Reply allowed = http.get("/login?rd=https%3A%2F%2Fapp.example.com%2Fx", "Cookie", cookie, "Accept", BROWSER);
        Reply refused = http.get("/login?rd=https%3A%2F%2Fevil.example%2Fx", "Cookie", cookie, "Accept", BROWSER);

        assertThat(allowed.header("Location")).contains("https://app.example.com/x");
        assertThat(refused.header("Location")).contains("/");
    }

    @Test
    void aFailedSignInKeepsTheReturnUrlForTheNextTry() {
        Http http = new Http(APP.getLocalPort());
        Reply form = http.get("/login?rd=https%3A%2F%2Fapp.example.com%2Fx", "Accept", BROWSER);
        Reply failed = http.send("POST", "/login", FORM,
            encode("username", "ada", "password", "wrong", "_csrf", csrfField(form.body()),
                "rd", "https://app.example.com/x"),
            "Cookie", "login-csrf=" + form.cookie("login-csrf").orElseThrow(), "Accept", BROWSER);

        assertThat(failed.status()).isEqualTo(401);
        assertThat(failed.body()).contains("name=\"rd\" value=\"https://app.example.com/x\"");
    }
}
