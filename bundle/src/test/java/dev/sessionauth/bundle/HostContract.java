package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.bundle.HostClient.Browser;
import dev.sessionauth.bundle.HostClient.Reply;
import dev.sessionauth.bundle.example.ExampleApplication;
import dev.sessionauth.bundle.example.ExampleConfiguration;
import dev.sessionauth.bundle.example.Member;
import dev.sessionauth.bundle.example.Members;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a host application gets from {@link SessionAuthBundle}, over real HTTP, in the style of
 * dropwizard-auth's {@code AuthBaseTest}: the host is the README's example application (its own
 * principal keyed by a UUID, its own password check, its own {@code @Auth} and
 * {@code @RolesAllowed} resources), run on its README configuration. Each store's subclass only
 * says which store; every test lives here.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
abstract class HostContract {

    static final String SECRET = "host-test-signing-secret-0123456789abcdef";
    static final String SECOND_FACTOR_KEY = "host-test-second-factor-key-0123456789abcdef";
    static final String PASSWORD = "a member's own password";
    /** {@link #PASSWORD} as the bundle hashes it, made once: every test member shares it. */
    static final String PASSWORD_HASH = new PasswordHasher().hash(PASSWORD);

    /** The example application on its README configuration, on free ports, with {@code store} overrides. */
    static DropwizardAppExtension<ExampleConfiguration> host(ConfigOverride... store) {
        return TestHosts.extension(ExampleApplication.class, store);
    }

    /** The running host. */
    abstract DropwizardAppExtension<ExampleConfiguration> app();

    HostClient http;
    Member member;

    @BeforeEach
    void addAMember() {
        http = new HostClient(app().getLocalPort());
        member = members().add("member-" + UUID.randomUUID(), PASSWORD_HASH, "user");
    }

    Members members() {
        return app().<ExampleApplication>getApplication().members();
    }

    SessionStore store() {
        return app().<ExampleApplication>getApplication().sessions().store();
    }

    Browser signIn(Member who) {
        Reply reply = http.login(who.name(), PASSWORD, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.browser();
    }

    // --- login and the cookie ---------------------------------------------------------------

    /** Adds a passkey with the README's resource, on the example's origin; 200 with the new session. */
    private Reply addPasskey(Browser browser, SoftAuthenticator authenticator) {
        Reply options = http.post("/me/passkeys/options", browser);
        return http.send("POST", "/me/passkeys", "{\"name\":\"Phone\",\"credential\":"
                + authenticator.register(options.body(), "http://localhost:8080") + "}",
            "Cookie", browser.cookieHeader(), Sessions.CSRF_HEADER, browser.csrfToken());
    }

    /**
     * The README's passkeys, as written: a member adds one (the example's origin), then it signs
     * them in alone at aal2, and after the password a password alone is no longer enough.
     */
    @Test
    void aPasskeyAddedByTheReadmesResourceSignsInAlone() {
        Member owner = members().add("passkey-" + UUID.randomUUID(), PASSWORD_HASH);
        SoftAuthenticator authenticator = new SoftAuthenticator("localhost", true, 0);
        Reply added = addPasskey(signIn(owner), authenticator);
        assertThat(added.status()).as(added.body()).isEqualTo(200);

        Reply signIn = http.send("POST", "/login/passkey", "{\"credential\":" + authenticator.sign(
            http.send("POST", "/login/passkey/options", "").body(), "http://localhost:8080") + "}");

        assertThat(signIn.status()).as(signIn.body()).isEqualTo(200);
        assertThat(signIn.body()).contains("\"level\":\"aal2\"");
        assertThat(http.get("/me", signIn.browser()).status()).isEqualTo(200);
        assertThat(http.login(owner.name(), PASSWORD, null).status()).isEqualTo(401);
    }

    /** As the README says: an administrator who must have a second factor may add a passkey as that factor. */
    @Test
    void anAdministratorWithoutASecondFactorMayAddAPasskeyAsIt() {
        Member admin = members().add("admin-" + UUID.randomUUID(), PASSWORD_HASH, "admin");
        Browser limited = signIn(admin);
        assertThat(http.get("/me", limited).status()).isEqualTo(403);

        Reply added = addPasskey(limited, new SoftAuthenticator("localhost", true, 0));

        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(http.get("/me", added.browser()).status()).as("the enrolment limit is lifted").isEqualTo(200);
        assertThat(http.get("/admin/members/" + admin.id(), added.browser()).status()).isEqualTo(200);
        assertThat(http.login(admin.name(), PASSWORD, null).body()).contains("Second factor required");
    }

    @Test
    void loginIssuesAnHttpOnlySecureSameSiteCookieAndACsrfToken() {
        Reply reply = http.login(member.name(), PASSWORD, null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("\"id\":\"" + member.id() + "\"");
        assertThat(reply.sessionCookie().orElseThrow())
            .matches("__Host-sid=s:[A-Za-z0-9_-]{43}\\.[A-Za-z0-9+/]{43};.*")
            .contains("Path=/").contains("HttpOnly").contains("Secure").contains("SameSite=Lax");
        assertThat(reply.header(Sessions.CSRF_HEADER).orElseThrow()).hasSize(43);
        assertThat(reply.header("Cache-Control")).contains("no-store");
    }

    @Test
    void theSessionIsStoredUnderTheHostsOwnUserKeyAndTheDigestOfItsIdNeverTheId() {
        Browser browser = signIn(member);
        String value = browser.cookie().substring(browser.cookie().indexOf("s:") + 2);
        SessionId id = SessionId.of(value.substring(0, value.indexOf('.')));

        assertThat(store().findByUser(member.id())).singleElement().satisfies(session -> {
            assertThat(session.userKey()).isEqualTo(member.id());
            assertThat(session.id()).as("stored under the digest of the cookie's ID").isEqualTo(SessionKeys.of(id));
            assertThat(browser.cookie()).doesNotContain(session.id().value());
        });
        assertThat(store().find(id)).as("a copy of the store names no cookie").isEmpty();
    }

    @Test
    void aWrongPasswordStartsNoSession() {
        Reply reply = http.login(member.name(), "not " + PASSWORD, null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.sessionCookie()).isEmpty();
        assertThat(store().findByUser(member.id())).isEmpty();
    }

    // --- protected resources ----------------------------------------------------------------

    @Test
    void theProtectedResourceGetsTheHostsPrincipal() {
        Reply me = http.get("/me", signIn(member));

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body()).contains("\"id\":\"" + member.id() + "\"").contains("\"name\":\"" + member.name() + "\"");
    }

    @Test
    void withoutACookieOrWithAForgedOneTheAnswerIsTheJson401() {
        Reply none = http.get("/me", null);
        Reply forged = http.get("/me", new Browser(SignedCookies.sign("not-the-hosts-secret-0123456789abcdef",
            SessionId.generate()), ""));

        for (Reply reply : List.of(none, forged)) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.body()).isEqualTo("{\"code\":401,\"message\":\"Not authenticated\"}");
        }
        assertThat(forged.sessionCookie().orElseThrow()).startsWith("__Host-sid=;").contains("Max-Age=0");
    }

    @Test
    void aBrowserIsNotRedirectedAnywhereTheHostDidNotAskFor() {
        Reply reply = http.send("GET", "/me", null, "Accept", HostClient.BROWSER_ACCEPT);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("Location")).isEmpty();
    }

    // --- CSRF -------------------------------------------------------------------------------

    @Test
    void anUnsafeRequestWithoutTheSessionsTokenIsRefused() {
        Browser browser = signIn(member);

        Reply noToken = http.send("POST", "/logout", "", "Cookie", browser.cookieHeader());
        Reply wrongToken = http.post("/logout", new Browser(browser.cookie(), "x".repeat(43)));

        assertThat(noToken.status()).isEqualTo(403);
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF");
        assertThat(http.get("/me", browser).status()).as("the session lives on").isEqualTo(200);
    }

    @Test
    void aCrossSiteRequestIsRefusedEvenWithTheToken() {
        Browser browser = signIn(member);

        Reply byOrigin = http.post("/logout", browser, "Origin", "https://attacker.example");
        Reply byFetchMetadata = http.post("/logout", browser, "Sec-Fetch-Site", "cross-site");

        assertThat(byOrigin.status()).isEqualTo(403);
        assertThat(byFetchMetadata.status()).isEqualTo(403);
        assertThat(http.get("/me", browser).status()).isEqualTo(200);
    }

    // --- rotation ---------------------------------------------------------------------------

    @Test
    void loginRotatesTheIdAndEndsTheSessionTheRequestPresented() {
        Browser planted = signIn(member);

        Browser fresh = http.login(member.name(), PASSWORD, planted).browser();

        assertThat(fresh.cookie()).isNotEqualTo(planted.cookie());
        assertThat(http.get("/me", planted).status()).isEqualTo(401);
        assertThat(http.get("/me", fresh).status()).isEqualTo(200);
        assertThat(store().findByUser(member.id())).hasSize(1);
    }

    @Test
    void aPrivilegeChangeMovesTheSessionToANewId() {
        Member candidate = members().add("candidate-" + UUID.randomUUID(), PASSWORD_HASH, "admin-candidate");
        Browser before = signIn(candidate);

        Reply elevated = http.post("/me/elevate", before);

        assertThat(elevated.status()).isEqualTo(200);
        Browser after = elevated.browser();
        assertThat(after.cookie()).isNotEqualTo(before.cookie());
        assertThat(after.csrfToken()).isNotEqualTo(before.csrfToken());
        assertThat(http.get("/me", before).status()).isEqualTo(401);
        assertThat(http.get("/admin/members/" + member.id(), after).status()).isEqualTo(200);
    }

    // --- ending sessions --------------------------------------------------------------------

    @Test
    void logoutDeletesTheSessionAndExpiresTheCookie() {
        Browser browser = signIn(member);

        Reply logout = http.post("/logout", browser);

        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.body()).isEqualTo("{\"loggedOut\":true}");
        assertThat(logout.sessionCookie().orElseThrow()).startsWith("__Host-sid=;").contains("Max-Age=0");
        assertThat(store().findByUser(member.id())).isEmpty();
        assertThat(http.get("/me", browser).status()).isEqualTo(401);
    }

    @Test
    void endingEverySessionOfAUserLeavesOtherUsersAlone() {
        Browser laptop = signIn(member);
        Browser phone = signIn(member);
        Member other = members().add("other-" + UUID.randomUUID(), PASSWORD_HASH, "user");
        Browser someoneElse = signIn(other);

        Reply everywhere = http.post("/logout-everywhere", phone);

        assertThat(everywhere.status()).isEqualTo(200);
        assertThat(everywhere.body()).isEqualTo("{\"sessionsEnded\":2}");
        assertThat(everywhere.sessionCookie().orElseThrow()).startsWith("__Host-sid=;");
        assertThat(http.get("/me", laptop).status()).isEqualTo(401);
        assertThat(http.get("/me", phone).status()).isEqualTo(401);
        assertThat(http.get("/me", someoneElse).status()).isEqualTo(200);
    }

    @Test
    void listsTheUsersSessionsByHandleNeverById() {
        Browser first = signIn(member);
        signIn(member);

        Reply list = http.get("/me/sessions", first);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).matches("\\[\"[A-Za-z0-9_-]{22}\",\"[A-Za-z0-9_-]{22}\"]");
        store().findByUser(member.id()).forEach(session -> assertThat(list.body()).doesNotContain(session.id().value()));
    }

    @Test
    void byDefaultAUserKeepsAtMost32SessionsAndTheLeastRecentlyUsedEnds() {
        Browser first = signIn(member);
        for (int i = 0; i < 32; i++) {
            signIn(member);
        }

        assertThat(store().findByUser(member.id())).hasSize(32);
        assertThat(http.get("/me", first).status()).isEqualTo(401);
    }

    // --- the principal, fresh on every request ----------------------------------------------

    @Test
    void aRoleChangeCountsOnTheNextRequest() {
        Browser browser = signIn(member);
        String admin = "/admin/members/" + member.id();
        assertThat(http.get(admin, browser).status()).isEqualTo(403);

        members().grant(member.id(), "admin");
        assertThat(http.get(admin, browser).status()).isEqualTo(200);

        members().revoke(member.id(), "admin");
        assertThat(http.get(admin, browser).status()).isEqualTo(403);
    }

    @Test
    void aUserTheLoaderNoLongerFindsIsRefusedAndTheSessionEnds() {
        Browser browser = signIn(member);

        members().disable(member.id());

        assertThat(http.get("/me", browser).status()).isEqualTo(401);
        assertThat(store().findByUser(member.id())).isEmpty();
    }

    // --- operations -------------------------------------------------------------------------

    @Test
    void theStoreHasAHealthCheckAndTimers() {
        signIn(member);

        assertThat(app().getEnvironment().healthChecks().runHealthCheck("session-store").isHealthy()).isTrue();
        String type = app().getConfiguration().getSessions().getStore().type();
        assertThat(app().getEnvironment().metrics().timer("sessionauth.store." + type + ".save").getCount())
            .isPositive();
    }

    // --- the bundle's sign-in ---------------------------------------------------------------

    /** Written by Node's bcrypt 5.1.1 ({@code bcrypt.hashSync(password, 10)}) on Node 20. */
    static final String NODE_BCRYPT_PASSWORD = "correct horse battery staple";
    static final String NODE_BCRYPT_HASH = "$2b$10$o8R.sBtPboJW0zf/BiMHdO5E2OLqIkzTQvYSj1VLOT.TwPBr5QHOu";
    /** Node's bcrypt on "x" * 80: it hashes the first 72 bytes, so "x" * 72 is the same password. */
    static final String NODE_BCRYPT_LONG_HASH = "$2b$10$8OBa39YsPG6TaWTkKXG2pODnrFInbu79pX81DzsWo1vt3fylLAgXW";

    @Test
    void aSignInGetsTheBrowserADeviceCookieBesideTheSession() {
        Reply reply = http.login(member.name(), PASSWORD, null);

        assertThat(reply.headers().allValues("Set-Cookie"))
            .anySatisfy(cookie -> assertThat(cookie).startsWith("__Host-sessionauth-device=")
                .contains("HttpOnly").contains("SameSite=Strict"));
    }

    @Test
    void anUnknownNameAndAWrongPasswordGetTheSameAnswer() {
        Reply wrong = http.login(member.name(), "not " + PASSWORD, null);
        Reply unknown = http.login("nobody-" + UUID.randomUUID(), PASSWORD, null);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body())
            .isEqualTo("{\"code\":401,\"message\":\"Invalid username or password\"}");
    }

    @Test
    void aGuesserIsHeldBackWith429AndRetryAfterAndTheOwnersBrowserIsNot() {
        Reply ownersSignIn = http.login(member.name(), PASSWORD, null);
        Browser owner = ownersSignIn.browser();
        String device = ownersSignIn.headers().allValues("Set-Cookie").stream()
            .filter(cookie -> cookie.startsWith("__Host-sessionauth-device=")).findFirst().orElseThrow();
        for (int i = 0; i < 5; i++) {
            assertThat(http.login(member.name(), "guess " + i, null).status()).isEqualTo(401);
        }

        Reply held = http.login(member.name(), PASSWORD, null);
        Reply ownersBrowser = http.send("POST", "/login",
            "{\"name\":\"" + member.name() + "\",\"password\":\"" + PASSWORD + "\"}",
            "Cookie", owner.cookieHeader() + "; " + device.substring(0, device.indexOf(';')),
            Sessions.CSRF_HEADER, owner.csrfToken());

        assertThat(held.status()).isEqualTo(429);
        assertThat(held.header("Retry-After")).isPresent();
        assertThat(held.body()).startsWith("{\"code\":429,\"message\":\"Too many failed attempts");
        assertThat(ownersBrowser.status()).as(ownersBrowser.body()).isEqualTo(200);
    }

    @Test
    void aBcryptHashFromNodeSignsInAndIsReplacedWithArgon2id() {
        Member imported = members().add("imported-" + UUID.randomUUID(), NODE_BCRYPT_HASH, "user");

        Reply first = http.login(imported.name(), NODE_BCRYPT_PASSWORD, null);
        String upgraded = members().passwordHash(imported.id());
        Reply second = http.login(imported.name(), NODE_BCRYPT_PASSWORD, null);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(upgraded).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(second.status()).isEqualTo(200);
        assertThat(http.login(imported.name(), "not " + NODE_BCRYPT_PASSWORD, null).status()).isEqualTo(401);
    }

    @Test
    void aLongPasswordCountsByItsFirst72BytesAsNodesBcryptDid() {
        Member imported = members().add("long-" + UUID.randomUUID(), NODE_BCRYPT_LONG_HASH, "user");

        assertThat(http.login(imported.name(), "x".repeat(71), null).status()).isEqualTo(401);
        assertThat(http.login(imported.name(), "x".repeat(80), null).status()).isEqualTo(200);
    }

    @Test
    void aBcryptHashFromSpringsEncoderSignsInAndIsReplacedWithArgon2id() {
        String password = "spring's own pässword";
        Member imported = members().add("spring-" + UUID.randomUUID(),
            new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder().encode(password), "user");

        assertThat(members().passwordHash(imported.id())).startsWith("$2a$10$");
        assertThat(http.login(imported.name(), password, null).status()).isEqualTo(200);
        assertThat(members().passwordHash(imported.id())).startsWith("$argon2id$");
        assertThat(http.login(imported.name(), password, null).status()).isEqualTo(200);
    }

    // --- an API client beside the browser ---------------------------------------------------

    @Test
    void anApiClientWithBasicAndABrowserWithItsSessionReachTheSameResource() {
        String client = apiKey("reporting");
        Browser browser = signIn(member);

        Reply asClient = http.send("GET", "/api/whoami", null, "Authorization", client);
        Reply asMember = http.get("/api/whoami", browser);

        assertThat(asClient.status()).isEqualTo(200);
        assertThat(asClient.body()).contains("\"kind\":\"client\"");
        assertThat(asMember.status()).isEqualTo(200);
        assertThat(asMember.body()).contains("\"kind\":\"member\"").contains(member.name());
        assertThat(http.get("/api/whoami", null).status()).isEqualTo(401);
    }

    @Test
    void eachResourceTakesItsOwnCredentialAndRolesCountForBoth() {
        String reporter = apiKey("reporting");
        String writer = apiKey("writer");
        Browser browser = signIn(member);

        assertThat(http.send("GET", "/api/usage", null, "Authorization", reporter).status()).isEqualTo(200);
        assertThat(http.send("GET", "/api/usage", null, "Authorization", writer).status()).isEqualTo(403);
        assertThat(http.get("/api/usage", browser).status()).isEqualTo(401);
        assertThat(http.send("GET", "/me", null, "Authorization", reporter).status()).isEqualTo(401);
        Reply wrongKey = http.send("GET", "/api/usage", null, "Authorization", "Basic "
            + Base64.getEncoder().encodeToString("reporter:wrong".getBytes(StandardCharsets.UTF_8)));
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.header("WWW-Authenticate")).as("no challenge a browser would answer").isEmpty();
        assertThat(http.get("/api/usage", null).header("WWW-Authenticate")).isEmpty();
        assertThat(http.post("/api/notes", browser).status()).isEqualTo(403);
        members().grant(member.id(), "writer");
        assertThat(http.post("/api/notes", browser).status()).isEqualTo(200);
    }

    @Test
    void aBasicPostFromAnotherOriginIsJudgedByItsKeyAndACookiePostIsRefused() {
        String writer = apiKey("writer");
        members().grant(member.id(), "writer");
        Browser browser = signIn(member);

        Reply byKey = http.send("POST", "/api/notes", "", "Authorization", writer,
            "Origin", "https://elsewhere.example");
        Reply byCookie = http.post("/api/notes", browser, "Origin", "https://elsewhere.example");
        Reply byKeyWithCookie = http.send("POST", "/api/notes", "", "Authorization", writer,
            "Cookie", browser.cookieHeader(), "Origin", "https://elsewhere.example");
        Reply formWithCachedBasic = http.send("POST", "/api/notes", "", "Authorization", writer,
            "Origin", "https://elsewhere.example", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Site", "cross-site");

        assertThat(byKey.status()).as(byKey.body()).isEqualTo(200);
        assertThat(byCookie.status()).isEqualTo(403);
        assertThat(byKeyWithCookie.status()).isEqualTo(403);
        assertThat(formWithCachedBasic.status()).isEqualTo(403);
        assertThat(http.send("POST", "/api/notes", "", "Authorization", writer).status()).isEqualTo(200);
    }

    /** A new API client's {@code Authorization} header: its name and key, by HTTP Basic. */
    String apiKey(String... roles) {
        String name = "client-" + UUID.randomUUID();
        String key = app().<ExampleApplication>getApplication().apiClients().add(name, roles);
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    // --- errors before any resource ---------------------------------------------------------

    @Test
    void aHeaderBlockTooLargeIsAnsweredInJsonNotJettysPage() {
        Reply reply = http.send("GET", "/me", null, "Cookie", "big=" + "x".repeat(20 * 1024));

        assertThat(reply.status()).isEqualTo(431);
        assertThat(reply.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(reply.body()).isEqualTo("{\"code\":431,\"message\":\"Request Header Fields Too Large\"}");
    }

    @Test
    void aControlCharacterInAHeaderIsAnsweredInJson() throws IOException {
        String response = raw("GET /me HTTP/1.1\r\nHost: localhost\r\nX-Evil: a\u0001b\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("application/json")
            .contains("{\"code\":400,\"message\":\"Bad Request\"}").doesNotContain("<html");
    }

    /** What the server answers to {@code request}, written as is: no client refuses to send it. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", app().getLocalPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    // --- the same session for programs: a bearer token --------------------------------------

    /** Signs {@code who} in for a token, as a program does. */
    String tokenOf(Member who) {
        Reply reply = http.send("POST", "/login/token", "{\"name\":\"" + who.name() + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Matcher token = Pattern.compile("\"token\":\"(s:[^\"]+)\"").matcher(reply.body());
        assertThat(token.find()).as(reply.body()).isTrue();
        return token.group(1);
    }

    @Test
    void aProgramSendsItsSessionAsABearerTokenListedBesideTheBrowsersAndNeedsNoCsrfToken() {
        String token = tokenOf(member);
        signIn(member);

        Reply me = http.send("GET", "/me", null, "Authorization", "Bearer " + token);
        Reply listed = http.send("GET", "/me/sessions", null, "Authorization", "Bearer " + token);
        Reply everywhere = http.send("POST", "/logout-everywhere", "", "Authorization", "Bearer " + token);
        Reply after = http.send("GET", "/me", null, "Authorization", "Bearer " + token);

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body()).contains(member.name());
        assertThat(listed.body().split(",")).hasSize(2);
        assertThat(everywhere.status()).as(everywhere.body()).isEqualTo(200);
        assertThat(everywhere.body()).isEqualTo("{\"sessionsEnded\":2}");
        assertThat(everywhere.sessionCookie()).isEmpty();
        assertThat(after.status()).isEqualTo(401);
        assertThat(store().findByUser(member.id())).isEmpty();
    }

    @Test
    void aBearerSessionRotatesAndTheProgramGetsItsNewTokenInAHeader() {
        Member candidate = members().add("candidate-" + UUID.randomUUID(), PASSWORD_HASH, "admin-candidate");
        String token = tokenOf(candidate);

        Reply elevated = http.send("POST", "/me/elevate", "", "Authorization", "Bearer " + token);
        String rotated = elevated.header(Sessions.TOKEN_HEADER).orElseThrow(() -> new AssertionError(elevated));

        assertThat(elevated.status()).isEqualTo(200);
        assertThat(elevated.sessionCookie()).isEmpty();
        assertThat(rotated).startsWith("s:").isNotEqualTo(token);
        assertThat(http.send("GET", "/me", null, "Authorization", "Bearer " + token).status()).isEqualTo(401);
        assertThat(http.send("GET", "/admin/members/" + candidate.id(), null, "Authorization", "Bearer " + rotated)
            .status()).isEqualTo(200);
    }

    @Test
    void aForgedOrForeignBearerTokenIsNoSession() {
        String token = tokenOf(member);
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");

        assertThat(http.send("GET", "/me", null, "Authorization", "Bearer " + forged).status()).isEqualTo(401);
        assertThat(http.send("GET", "/me", null, "Authorization", "Bearer some-other-token").status()).isEqualTo(401);
        assertThat(http.send("GET", "/api/whoami", null, "Authorization", "Bearer " + token).status()).isEqualTo(200);
    }

    // --- second factors ---------------------------------------------------------------------

    /** The pending sign-in's cookie on the example's secure configuration. */
    static final String PENDING = "__Host-sessionauth-pending";

    /** A member who added an authenticator app: its base32 secret, and the session that enrolled. */
    record Enrolled(String secret, List<String> recoveryCodes, Browser browser) {
    }

    Enrolled enrol(Member who, Browser browser) {
        Reply offer = http.post("/me/second-factor", browser);
        assertThat(offer.status()).as(offer.body()).isEqualTo(200);
        String secret = field(offer, "secret");
        assertThat(field(offer, "keyUri")).startsWith("otpauth://totp/sessionauth:" + who.name() + "?secret=" + secret);
        Reply confirmed = http.send("POST", "/me/second-factor/confirm", "{\"token\":\"" + field(offer, "token")
            + "\",\"code\":\"" + code(secret, 0) + "\"}", "Cookie", browser.cookieHeader(), Sessions.CSRF_HEADER,
            browser.csrfToken());
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        Matcher matcher = Pattern.compile("\"([a-z2-9]{4}(?:-[a-z2-9]{4}){3})\"").matcher(confirmed.body());
        while (matcher.find()) {
            codes.add(matcher.group(1));
        }
        return new Enrolled(secret, codes, confirmed.browser());
    }

    /**
     * The authenticator's code, {@code stepsAhead} 30-second steps from now: the bundle takes the
     * current step and one either side, and each once, so a test uses now and the next step.
     */
    static String code(String base32Secret, int stepsAhead) {
        return TotpCodes.at(base32Secret, Instant.now(), stepsAhead);
    }

    private static String field(Reply reply, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(reply.body());
        assertThat(matcher.find()).as(name + " in " + reply.body()).isTrue();
        return matcher.group(1);
    }

    @Test
    void aMemberWithAnAuthenticatorIsSignedInOnlyAfterACode() {
        Enrolled enrolled = enrol(member, signIn(member));

        Reply password = http.login(member.name(), PASSWORD, null);
        String pending = password.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(PENDING + "="))
            .findFirst().orElseThrow();
        String pendingCookie = pending.substring(0, pending.indexOf(';'));
        Reply pendingIsNoSession = http.send("GET", "/me", null, "Cookie", pendingCookie);
        // One code, sent twice: computed twice, a step boundary between the two would make the second
        // another step's code, which the bundle rightly accepts.
        String code = code(enrolled.secret(), 1);
        Reply signedIn = http.send("POST", "/login/second-factor", "{\"code\":\"" + code + "\"}",
            "Cookie", pendingCookie);
        Reply replayed = http.send("POST", "/login/second-factor", "{\"code\":\"" + code + "\"}",
            "Cookie", pendingCookie);

        assertThat(password.status()).isEqualTo(401);
        assertThat(password.body()).isEqualTo("{\"code\":401,\"message\":\"Second factor required\"}");
        assertThat(password.sessionCookie()).isEmpty();
        assertThat(pending).contains("HttpOnly").contains("Secure").contains("SameSite=Strict");
        assertThat(pendingIsNoSession.status()).isEqualTo(401);
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        assertThat(http.get("/me", signedIn.browser()).status()).isEqualTo(200);
        assertThat(store().find(SessionKeys.of(SessionId.of(signedIn.browser().cookie().substring(2,
            signedIn.browser().cookie().indexOf('.')))))).get()
            .satisfies(session -> assertThat(session.assuranceLevel().label()).isEqualTo("aal2"));
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.body()).as("the code's step is claimed").contains("Invalid code");
    }

    @Test
    void aProgramFinishesItsSignInWithThePendingTokenAndGetsItsBearerToken() {
        Enrolled enrolled = enrol(member, signIn(member));
        String body = "{\"name\":\"" + member.name() + "\",\"password\":\"" + PASSWORD + "\"}";

        Reply password = http.send("POST", "/login/token", body);
        String pendingToken = field(password, "pendingToken");
        Reply wrong = http.send("POST", "/login/token/second-factor", "{\"pendingToken\":\"" + pendingToken
            + "\",\"code\":\"" + wrongCode(enrolled.secret()) + "\"}");
        Reply done = http.send("POST", "/login/token/second-factor", "{\"pendingToken\":\"" + pendingToken
            + "\",\"code\":\"" + enrolled.recoveryCodes().get(0) + "\"}");
        Reply again = http.send("POST", "/login/token/second-factor", "{\"pendingToken\":\"" + pendingToken
            + "\",\"code\":\"" + code(enrolled.secret(), 1) + "\"}");
        Reply forged = http.send("POST", "/login/token/second-factor", "{\"pendingToken\":\"" + pendingToken
            .substring(0, pendingToken.length() - 2) + "xx\",\"code\":\"" + enrolled.recoveryCodes().get(2) + "\"}");

        assertThat(password.status()).isEqualTo(401);
        assertThat(password.body()).contains("Second factor required");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("Invalid code");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(http.send("GET", "/me", null, "Authorization", "Bearer " + field(done, "token")).status())
            .isEqualTo(200);
        assertThat(again.status()).as("a pending sign-in is used once").isEqualTo(401);
        assertThat(again.body()).contains("Sign-in expired");
        assertThat(forged.status()).isEqualTo(401);
    }

    @Test
    void aResourceThatRequiresASecondFactorRefusesAPasswordSessionUntilItStepsUp() {
        Browser passwordOnly = signIn(member);
        Enrolled enrolled = enrol(member, signIn(member));

        Reply refused = http.post("/me/recovery-codes", passwordOnly);
        Reply wrongStep = http.send("POST", "/me/step-up", "{\"code\":\"" + wrongCode(enrolled.secret()) + "\"}",
            "Cookie", passwordOnly.cookieHeader(), Sessions.CSRF_HEADER, passwordOnly.csrfToken());
        Reply stepUp = http.send("POST", "/me/step-up", "{\"code\":\"" + code(enrolled.secret(), 1) + "\"}",
            "Cookie", passwordOnly.cookieHeader(), Sessions.CSRF_HEADER, passwordOnly.csrfToken());
        Reply allowed = http.post("/me/recovery-codes", stepUp.browser());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"code\":403,\"message\":\"Second factor required\"}");
        assertThat(wrongStep.status()).isEqualTo(401);
        assertThat(stepUp.status()).as(stepUp.body()).isEqualTo(200);
        assertThat(stepUp.body()).isEqualTo("{\"assuranceLevel\":\"aal2\"}");
        assertThat(http.get("/me", passwordOnly).status()).as("step-up moves the session to a new ID").isEqualTo(401);
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        assertThat(http.post("/me/recovery-codes", enrolled.browser()).status()).as("enrolment counts as a second factor")
            .isEqualTo(200);
    }

    @Test
    void anAdministratorWithoutASecondFactorIsSignedInOnlyToAddOne() {
        Member admin = members().add("admin-" + UUID.randomUUID(), PASSWORD_HASH, "admin");
        Browser limited = signIn(admin);

        Reply me = http.get("/me", limited);
        Reply adminPage = http.get("/admin/members/" + admin.id(), limited);

        assertThat(me.status()).isEqualTo(403);
        assertThat(me.body()).isEqualTo("{\"code\":403,\"message\":\"Second factor enrolment required\"}");
        assertThat(adminPage.status()).isEqualTo(403);
        Enrolled enrolled = enrol(admin, limited);
        assertThat(http.get("/me", enrolled.browser()).status()).isEqualTo(200);
        assertThat(http.get("/admin/members/" + admin.id(), enrolled.browser()).status()).isEqualTo(200);
        assertThat(http.login(admin.name(), PASSWORD, null).body()).contains("Second factor required");
    }

    /** A six-digit code of no step near now. */
    static String wrongCode(String secret) {
        return TotpCodes.wrong(secret, Instant.now());
    }
}
