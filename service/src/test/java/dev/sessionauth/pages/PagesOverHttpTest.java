package dev.sessionauth.pages;

import static dev.sessionauth.testing.Forms.FORM;
import static dev.sessionauth.testing.Forms.csrfField;
import static dev.sessionauth.testing.Forms.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.bundle.LoginForms;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.users.UserDao;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pages over plain HTTP, as a browser without JavaScript would use them: status codes, headers,
 * cookies and the login CSRF token, which a real browser hides. {@code BrowserPagesTest} drives the
 * same pages in Chromium.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PagesOverHttpTest {

    private static final String PASSWORD = "pages-password-1";
    private static final String BROWSER_ACCEPT =
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final MutableClock CLOCK = new MutableClock();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(CLOCK);

    private Http http;
    private String username;

    @BeforeEach
    void newUser() {
        http = new Http(APP.getLocalPort());
        username = "page-user-" + USERS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        users().insert(username, new PasswordHasher().hash(PASSWORD), "user", false, CLOCK.instant());
    }

    /** A login form as a browser holds it: the nonce cookie it came with and the token in it. */
    private record LoginForm(String cookie, String token) {
    }

    private LoginForm openLoginForm() {
        Reply page = http.get("/login", "Accept", BROWSER_ACCEPT);
        assertThat(page.status()).isEqualTo(200);
        return new LoginForm("login-csrf=" + page.cookie("login-csrf").orElseThrow(), csrfField(page.body()));
    }

    private Reply signIn(LoginForm form, String user, String password, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Cookie";
        all[1] = form.cookie();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http.send("POST", "/login", FORM, encode("username", user, "password", password, "_csrf", form.token()),
            all);
    }

    /** Signs in through the form and returns the session cookie header. */
    private String signedIn() {
        Reply reply = signIn(openLoginForm(), username, PASSWORD);
        assertThat(reply.status()).isEqualTo(303);
        return "sid=" + reply.cookie("sid").orElseThrow();
    }

    private Reply page(String sessionCookie, String path) {
        return http.get(path, "Cookie", sessionCookie, "Accept", BROWSER_ACCEPT);
    }

    private Reply post(String sessionCookie, String path, String... fields) {
        String token = csrfField(page(sessionCookie, "/").body());
        String[] all = new String[fields.length + 2];
        System.arraycopy(fields, 0, all, 0, fields.length);
        all[fields.length] = "_csrf";
        all[fields.length + 1] = token;
        return http.send("POST", path, FORM, encode(all), "Cookie", sessionCookie, "Accept", BROWSER_ACCEPT);
    }

    // --- the login form -----------------------------------------------------------------------

    @Test
    void anEmptyOrThrottledFormClaimsNothingSoTheRealSignInStillWorks() {
        LoginForm form = openLoginForm();

        assertThat(signIn(form, "", "").status()).as("an empty form").isEqualTo(400);
        assertThat(signIn(form, username, "").status()).isEqualTo(400);
        Reply real = signIn(form, username, PASSWORD);

        assertThat(real.status()).as("the empty posts did not use the form up").isEqualTo(303);
        assertThat(signIn(form, username, PASSWORD).status()).as("a complete sign-in did").isEqualTo(403);
    }

    @Test
    void theLoginFormIsAnHtmlPageWithASignedTokenAndAStrictHttpOnlyNonceCookie() {
        Reply page = http.get("/login", "Accept", BROWSER_ACCEPT);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).get().asString().isEqualToIgnoringCase("text/html;charset=UTF-8");
        assertThat(page.body()).contains("<form method=\"post\" action=\"/login\"");
        assertThat(csrfField(page.body())).matches("[0-9a-z]+\\.[A-Za-z0-9_-]{43}");
        assertThat(page.setCookie("login-csrf")).get().asString()
            .matches("login-csrf=[A-Za-z0-9_-]{43}; Path=/; Max-Age=1800; Expires=[^;]+ GMT; HttpOnly; SameSite=Strict");
        assertThat(page.cookie("sid")).isEmpty();
    }

    /** The one script a page may run is the site's own passkey script: no inline script, no other origin. */
    @Test
    void everyPageForbidsCachingFramingAndEveryScriptButItsOwn() {
        for (Reply reply : new Reply[] {http.get("/login"), page(signedIn(), "/"), page(signedIn(), "/account/sessions"),
            page(signedIn(), "/account/passkeys")}) {
            assertThat(reply.header("Cache-Control")).hasValue("no-store");
            assertThat(reply.header("Content-Security-Policy")).get().asString()
                .contains("default-src 'none'").contains("form-action 'self'").contains("frame-ancestors 'none'")
                .contains("script-src 'self';").contains("connect-src 'self';")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("http");
            List<String> scripts = List.of(reply.body().split("<script", -1));
            assertThat(scripts.subList(1, scripts.size())).as("every script is the passkey script").isNotEmpty()
                .allMatch(script -> script.startsWith(" src=\"/assets/passkeys.js\" defer></script>"));
            assertThat(reply.header("X-Frame-Options")).hasValue("DENY");
            assertThat(reply.header("X-Content-Type-Options")).hasValue("nosniff");
        }
    }

    @Test
    void aGoodLoginRedirectsHomeWithARelativeLocationAndUsesUpTheNonce() {
        Reply reply = signIn(openLoginForm(), username, PASSWORD);

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.header("Location")).hasValue("/");
        assertThat(reply.setCookie("sid")).get().asString().contains("HttpOnly").contains("SameSite=Lax");
        assertThat(reply.setCookie("login-csrf")).get().asString().contains("Max-Age=0");
        Reply home = page("sid=" + reply.cookie("sid").orElseThrow(), "/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("Hello, " + username);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserShowTheSameErrorAndStartNoSession() {
        Reply wrongPassword = signIn(openLoginForm(), username, "not-the-password");
        Reply unknownUser = signIn(openLoginForm(), "nobody-" + UUID.randomUUID(), "not-the-password");

        for (Reply reply : new Reply[] {wrongPassword, unknownUser}) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.body()).contains("id=\"error\">Invalid username or password<");
            assertThat(reply.cookie("sid")).isEmpty();
        }
    }

    @Test
    void aLoginWithoutTheNonceCookieIsRefusedAndOffersAFreshForm() {
        LoginForm form = openLoginForm();

        Reply reply = http.send("POST", "/login", FORM,
            encode("username", username, "password", PASSWORD, "_csrf", form.token()));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).contains(LoginPagesResource.FORM_EXPIRED);
        assertThat(reply.cookie("sid")).isEmpty();
        assertThat(csrfField(reply.body())).isNotEqualTo(form.token());
        assertThat(reply.cookie("login-csrf")).isPresent();
    }

    @Test
    void aSignInFormIsAcceptedOnceEvenWithTheRightPassword() {
        LoginForm form = openLoginForm();
        Reply wrong = signIn(form, username, "not-the-password");

        Reply replayed = signIn(form, username, PASSWORD);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(replayed.status()).isEqualTo(403);
        assertThat(replayed.body()).contains(LoginPagesResource.FORM_EXPIRED);
        assertThat(replayed.cookie("sid")).isEmpty();
        LoginForm fresh = openLoginForm();
        assertThat(signIn(fresh, username, PASSWORD).status()).isEqualTo(303);
        assertThat(signIn(fresh, username, PASSWORD).status()).as("nor after a success").isEqualTo(403);
    }

    @Test
    void aTokenIssuedForAnotherNonceIsRefused() {
        LoginForm mine = openLoginForm();
        LoginForm attackers = openLoginForm();

        Reply reply = signIn(new LoginForm(mine.cookie(), attackers.token()), username, PASSWORD);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.cookie("sid")).isEmpty();
    }

    @Test
    void aFormOlderThanThirtyMinutesIsRefused() {
        LoginForm form = openLoginForm();
        CLOCK.advance(LoginForms.LIFETIME.plus(Duration.ofSeconds(1)));

        Reply reply = signIn(form, username, PASSWORD);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.cookie("sid")).isEmpty();
    }

    @Test
    void aLoginPostedFromAnotherOriginIsRefusedEvenWithAGoodToken() {
        Reply reply = signIn(openLoginForm(), username, PASSWORD, "Origin", "https://evil.example");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.cookie("sid")).isEmpty();
    }

    @Test
    void signingInOverALiveSessionReplacesItWithoutAskingForItsToken() {
        String first = signedIn();

        Reply second = signIn(openLoginForm(), username, PASSWORD, "Cookie", first);

        assertThat(second.status()).isEqualTo(303);
        assertThat(page(first, "/").status()).isEqualTo(303);
        assertThat(page("sid=" + second.cookie("sid").orElseThrow(), "/").status()).isEqualTo(200);
    }

    @Test
    void whatTheUserTypedIsEscapedAndUnknownNoticesAreNotShown() {
        Reply reply = signIn(openLoginForm(), "<script>alert(1)</script>", "x");
        Reply notice = http.get("/login?notice=%3Cb%3Eowned%3C%2Fb%3E");

        assertThat(reply.body()).contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\"")
            .doesNotContain("<script>");
        assertThat(notice.body()).doesNotContain("owned").doesNotContain("id=\"notice\"");
    }

    @Test
    void missingFieldsAreAskedFor() {
        Reply reply = http.send("POST", "/login", FORM, encode("_csrf", openLoginForm().token()));

        assertThat(reply.status()).isEqualTo(403);
        LoginForm form = openLoginForm();
        Reply empty = signIn(form, "", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains(LoginPagesResource.MISSING_CREDENTIALS);
    }

    @Test
    void someoneSignedInWhoOpensTheLoginPageGoesHome() {
        Reply reply = page(signedIn(), "/login");

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.header("Location")).hasValue("/");
    }

    // --- who gets a redirect and who gets a 401 -----------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/", "/account/sessions", "/account/password"})
    void aBrowserWithoutASessionIsSentToTheLoginPage(String path) {
        Reply reply = http.get(path, "Accept", BROWSER_ACCEPT);

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.header("Location")).hasValue("/login");
        assertThat(reply.header("Cache-Control")).hasValue("no-store");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*/*", "application/json", "application/json, text/html;q=0.9", "text/html;q=0.5, */*"})
    void everyOtherClientStillGetsTheJson401(String accept) {
        Reply reply = accept.isEmpty() ? http.get("/auth/profile") : http.get("/auth/profile", "Accept", accept);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo("{\"code\":401,\"message\":\"Not authenticated\"}");
    }

    @Test
    void aMalformedAcceptHeaderIsAJson4xxNotARedirect() {
        Reply reply = http.get("/account/sessions", "Accept", "text/html;;;q=x");

        assertThat(reply.status()).isBetween(400, 499);
        assertThat(reply.header("Content-Type")).get().asString().startsWith("application/json");
        assertThat(reply.body()).startsWith("{\"code\":" + reply.status());
    }

    @Test
    void aBrowserWithAForgedCookieIsAlsoSentToTheLoginPageAndTheCookieCleared() {
        Reply reply = page("sid=s:" + SessionId.generate().value() + ".forged", "/account/sessions");

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.header("Location")).hasValue("/login");
        assertThat(reply.setCookie("sid")).get().asString().contains("Max-Age=0");
    }

    // --- the pages of a signed-in user --------------------------------------------------------

    @Test
    void formsWithoutTheSessionsTokenAreRefused() {
        String session = signedIn();

        Reply noToken = http.send("POST", "/logout", FORM, "", "Cookie", session);
        Reply wrongToken = http.send("POST", "/account/logout-all", FORM, encode("_csrf", SessionId.randomToken()),
            "Cookie", session);

        assertThat(noToken.status()).isEqualTo(403);
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(page(session, "/").status()).isEqualTo(200);
    }

    @Test
    void logoutEndsTheSessionAndShowsTheLoginPageWithANotice() {
        String session = signedIn();

        Reply reply = post(session, "/logout");

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.header("Location")).hasValue("/login?notice=signed-out");
        assertThat(reply.setCookie("sid")).get().asString().contains("Max-Age=0");
        assertThat(page(session, "/").status()).isEqualTo(303);
        assertThat(http.get("/login?notice=signed-out").body()).contains("You have been signed out.");
    }

    @Test
    void theSessionsPageListsEachSessionByHandleAndEndsOne() {
        String mine = signedIn();
        String other = signedIn();

        Reply list = page(mine, "/account/sessions");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("This browser").doesNotContain(mine.substring(6, 49))
            .doesNotContain(other.substring(6, 49));
        String otherHandle = handleOf(list.body(), false);

        Reply revoke = post(mine, "/account/sessions/" + otherHandle + "/revoke");

        assertThat(revoke.status()).isEqualTo(303);
        assertThat(revoke.header("Location")).hasValue("/account/sessions?notice=session-ended");
        assertThat(page(other, "/").status()).isEqualTo(303);
        assertThat(page(mine, "/").status()).isEqualTo(200);
        assertThat(post(mine, "/account/sessions/" + otherHandle + "/revoke").header("Location"))
            .hasValue("/account/sessions?notice=session-gone");
    }

    @Test
    void endingTheCurrentSessionFromTheListSignsOut() {
        String mine = signedIn();
        String handle = handleOf(page(mine, "/account/sessions").body(), true);

        Reply revoke = post(mine, "/account/sessions/" + handle + "/revoke");

        assertThat(revoke.header("Location")).hasValue("/login?notice=signed-out");
        assertThat(page(mine, "/").status()).isEqualTo(303);
    }

    @Test
    void logOutEverywhereEndsEverySession() {
        String mine = signedIn();
        String other = signedIn();

        Reply reply = post(mine, "/account/logout-all");

        assertThat(reply.header("Location")).hasValue("/login?notice=signed-out-everywhere");
        assertThat(page(mine, "/").status()).isEqualTo(303);
        assertThat(page(other, "/").status()).isEqualTo(303);
    }

    @Test
    void endingOtherSessionsAfterTheReauthenticationWindowAsksForThePasswordFirst() {
        String mine = signedIn();
        String other = signedIn();
        CLOCK.advance(Duration.ofMinutes(6));
        assertThat(page(mine, "/account/sessions").body()).contains("Confirm your password to end other sessions");

        Reply everywhere = post(mine, "/account/logout-all");
        Reply one = post(mine, "/account/sessions/" + handleOf(page(mine, "/account/sessions").body(), false) + "/revoke");

        assertThat(everywhere.header("Location")).hasValue("/account/sessions?notice=confirm-password");
        assertThat(one.header("Location")).hasValue("/account/sessions?notice=confirm-password");
        assertThat(page(other, "/").status()).as("a stolen cookie signs nobody out").isEqualTo(200);

        Reply wrong = post(mine, "/account/reauthenticate", "password", "not-the-password");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("Your current password is not correct.");
        Reply confirmed = post(mine, "/account/reauthenticate", "password", PASSWORD);
        assertThat(confirmed.header("Location")).hasValue("/account/sessions?notice=confirmed");
        String renewed = "sid=" + confirmed.cookie("sid").orElseThrow();
        assertThat(page(renewed, "/account/sessions").body()).doesNotContain("Confirm your password to end");
        assertThat(post(renewed, "/account/logout-all").header("Location"))
            .hasValue("/login?notice=signed-out-everywhere");
        assertThat(page(other, "/").status()).isEqualTo(303);
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndMatchingNewOnes() {
        String mine = signedIn();

        Reply wrong = post(mine, "/account/password", "currentPassword", "wrong-password",
            "newPassword", "a-new-password", "confirmPassword", "a-new-password");
        Reply mismatch = post(mine, "/account/password", "currentPassword", PASSWORD,
            "newPassword", "a-new-password", "confirmPassword", "another-password");
        Reply tooShort = post(mine, "/account/password", "currentPassword", PASSWORD,
            "newPassword", "short", "confirmPassword", "short");
        Reply common = post(mine, "/account/password", "currentPassword", PASSWORD,
            "newPassword", "qwertyuiop", "confirmPassword", "qwertyuiop");
        Reply same = post(mine, "/account/password", "currentPassword", PASSWORD,
            "newPassword", PASSWORD, "confirmPassword", PASSWORD);
        Reply control = post(mine, "/account/password", "currentPassword", PASSWORD,
            "newPassword", "a-new\u0000password", "confirmPassword", "a-new\u0000password");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains(AccountPagesResource.WRONG_PASSWORD);
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.body()).contains(AccountPagesResource.PASSWORDS_DIFFER);
        assertThat(tooShort.body()).contains(AccountPagesResource.TOO_SHORT);
        assertThat(common.status()).isEqualTo(400);
        assertThat(common.body()).contains("That password is one of the most common ones");
        assertThat(same.body()).contains(AccountPagesResource.UNCHANGED);
        assertThat(control.status()).isEqualTo(400);
        assertThat(control.body()).contains(AccountPagesResource.UNPRINTABLE);
        assertThat(signIn(openLoginForm(), username, PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void aPasswordChangeRotatesThisSessionAndEndsTheOthers() {
        String mine = signedIn();
        String other = signedIn();

        Reply reply = post(mine, "/account/password", "currentPassword", PASSWORD,
            "newPassword", "a-brand-new-password", "confirmPassword", "a-brand-new-password");

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.header("Location")).hasValue("/account/password?notice=password-changed");
        String rotated = "sid=" + reply.cookie("sid").orElseThrow();
        assertThat(rotated).isNotEqualTo(mine);
        assertThat(page(mine, "/").status()).isEqualTo(303);
        assertThat(page(other, "/").status()).isEqualTo(303);
        assertThat(page(rotated, "/account/password?notice=password-changed").body())
            .contains("Your password was changed.");
        assertThat(signIn(openLoginForm(), username, PASSWORD).status()).isEqualTo(401);
        assertThat(signIn(openLoginForm(), username, "a-brand-new-password").status()).isEqualTo(303);
    }

    @Test
    void theStylesheetIsServed() {
        Reply css = http.get("/assets/app.css");

        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).get().asString().startsWith("text/css");
    }

    private static String handleOf(String sessionsPage, boolean current) {
        var matcher = java.util.regex.Pattern.compile("<tr class=\"session( current)?\" data-handle=\"([A-Za-z0-9_-]{22})\"")
            .matcher(sessionsPage);
        while (matcher.find()) {
            if ((matcher.group(1) != null) == current) {
                return matcher.group(2);
            }
        }
        throw new AssertionError("no " + (current ? "current" : "other") + " session in\n" + sessionsPage);
    }

    private static UserDao users() {
        return Jdbi.create(APP.getConfiguration().getDatabase().getUrl(), "sa", "")
            .installPlugin(new SqlObjectPlugin()).onDemand(UserDao.class);
    }
}
