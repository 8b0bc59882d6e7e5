package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.testing.Forms;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed cookies, headers and bodies: each gets a 4xx with a JSON error, never a 5xx, a stack
 * trace or a hang. Control characters in a username or password, which PostgreSQL refuses to
 * even compare, are bad credentials (401) or a bad new password (422). Each database's subclass
 * only supplies the running service.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MalformedInput {

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String VALID_ID = "A".repeat(43);

    /** Control characters as a fuzzer sends them: NUL, other C0, DEL, C1, escaped in JSON. */
    private static final List<String> CONTROLS = List.of("\\u0000", "\\u0001", "\\u001b", "\\u007f", "\\u0085");

    private Login ada;

    /** The service under test. */
    abstract DropwizardAppExtension<SessionAuthConfiguration> app();

    @BeforeAll
    void logIn() {
        ada = new Http(app().getLocalPort()).login("ada", TestApp.ADA_PASSWORD);
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
            // bodies
            login("empty body", ""),
            login("truncated JSON", "{"),
            login("JSON null", "null"),
            login("JSON array", "[]"),
            login("JSON string", "\"ada\""),
            login("missing password", "{\"username\":\"ada\"}"),
            login("missing username", "{\"password\":\"x\"}"),
            login("null fields", "{\"username\":null,\"password\":null}"),
            login("empty fields", "{\"username\":\"\",\"password\":\"\"}"),
            login("object as username", "{\"username\":{},\"password\":\"x\"}"),
            login("array as username", "{\"username\":[\"ada\"],\"password\":\"x\"}"),
            login("huge username", "{\"username\":\"" + "a".repeat(10_000) + "\",\"password\":\"x\"}"),
            login("huge password", "{\"username\":\"ada\",\"password\":\"" + "p".repeat(5_000) + "\"}"),
            login("deeply nested", "[".repeat(5_000) + "]".repeat(5_000)),
            login("trailing garbage", "{\"username\":\"ada\",\"password\":\"x\"} trailing"),
            login("single quotes", "{'username':'ada','password':'x'}"),
            request("text/plain body", "POST", "/auth/login", "text/plain", "username=ada"),
            request("XML body", "POST", "/auth/login", "application/xml", "<login/>"),
            request("unknown charset", "POST", "/auth/login", "application/json; charset=nonsense", "{}"),
            request("garbage content type", "POST", "/auth/login", "garbage", "{}"),
            account("reauthenticate, empty body", "/auth/reauthenticate", ""),
            account("reauthenticate, null password", "/auth/reauthenticate", "{\"password\":null}"),
            account("reauthenticate, array", "/auth/reauthenticate", "[\"x\"]"),
            account("reauthenticate, huge password", "/auth/reauthenticate",
                "{\"password\":\"" + "p".repeat(5_000) + "\"}"),
            account("password, no new password", "/auth/password", "{\"currentPassword\":\"x\"}"),
            account("password, number as new password", "/auth/password",
                "{\"currentPassword\":\"x\",\"newPassword\":12345678}"),
            account("password, huge new password", "/auth/password",
                "{\"currentPassword\":\"x\",\"newPassword\":\"" + "n".repeat(5_000) + "\"}"),
            request("revoke, oversized handle", "DELETE", "/auth/sessions/" + "h".repeat(4_000), null, null,
                "Cookie", "@session", "X-CSRF-Token", "@csrf"),
            request("revoke, encoded garbage handle", "DELETE", "/auth/sessions/%00%ff%2F..", null, null,
                "Cookie", "@session", "X-CSRF-Token", "@csrf"),
            request("admin, id not a number", "GET", "/admin/users/ada/sessions", null, null, "Cookie", "@session"),
            request("admin, id overflows", "GET", "/admin/users/99999999999999999999999/sessions", null, null,
                "Cookie", "@session"),
            request("admin, negative id", "POST", "/admin/users/-1/disable", null, null,
                "Cookie", "@session", "X-CSRF-Token", "@csrf"),
            // cookies
            profile("empty cookie", "sid="),
            profile("unsigned value", "sid=garbage"),
            profile("prefix only", "sid=s:"),
            profile("dots only", "sid=s:.."),
            profile("unterminated quote", "sid=\"s:unterminated"),
            profile("broken percent escape", "sid=s%ZZ" + VALID_ID),
            profile("oversized cookie", "sid=" + "A".repeat(6_000)),
            profile("no signature", "sid=s:" + VALID_ID + "."),
            profile("forged signature", "sid=s:" + VALID_ID + "." + "B".repeat(43)),
            profile("two forged cookies", "sid=s:a.b; sid=s:c.d"),
            profile("separators only", ";;;;===;;;"),
            profile("nameless value", "=sid"),
            profile("RFC 2965 attributes", "$Version=1; sid=\"s:abc\"; $Path=/"),
            profile("cookie with spaces", "sid=s: " + VALID_ID + " . sig"),
            // headers and methods
            request("oversized CSRF header", "POST", "/auth/logout", null, null,
                "Cookie", "@session", "X-CSRF-Token", "t".repeat(8_000)),
            request("origin not a URL", "POST", "/auth/logout", null, null, "Origin", "not a url"),
            request("origin without host", "POST", "/auth/logout", null, null, "Origin", "https://"),
            request("origin with path", "POST", "/auth/logout", null, null, "Origin", "https://evil.example/x"),
            request("XML only accepted", "GET", "/auth/profile", null, null, "Accept", "application/xml"),
            request("POST to profile", "POST", "/auth/profile", JSON, "{}"),
            request("DELETE login", "DELETE", "/auth/login", null, null),
            request("unknown method", "PROPFIND", "/auth/profile", null, null),
            request("unknown path", "GET", "/auth/nothing-here", null, null),
            request("body not gzip as declared", "POST", "/auth/login", JSON, "{\"username\":\"ada\"}", "Content-Encoding", "gzip"),
            // the pages' forms: well-formed but wrong input gets the form again with a 4xx; these cannot be read at all
            request("login form, unknown charset", "POST", "/login", FORM + "; charset=nonsense", "username=ada"),
            request("login form, broken percent-encoding", "POST", "/login", FORM, "username=%zz&password=%"),
            request("login form as JSON", "POST", "/login", JSON, "{}"),
            request("session form, unknown charset", "POST", "/logout", FORM + "; charset=nonsense", "_csrf=x",
                "Cookie", "@session"),
            request("a handle with an encoded path", "POST", "/account/sessions/..%2F..%2Fx/revoke", FORM, "_csrf=x",
                "Cookie", "@session"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void getsA4xxJsonError(String name, String method, String path, String contentType, String body, String[] headers) {
        for (int i = 1; i < headers.length; i += 2) {
            if ("@session".equals(headers[i])) {
                headers[i] = ada.cookieHeader();
            } else if ("@csrf".equals(headers[i])) {
                headers[i] = ada.csrf();
            }
        }

        Reply reply = new Http(app().getLocalPort()).send(method, path, contentType, body, headers);

        assertThat(reply.status()).as(name).isBetween(400, 499);
        assertThat(reply.header("Content-Type")).as(name).get().asString().startsWith(JSON);
        assertThat(reply.body()).as(name).contains("\"code\":" + reply.status())
            .doesNotContain("Exception").doesNotContain("\tat ");
    }

    static Stream<String> controls() {
        return CONTROLS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controls")
    void aControlCharacterInALoginIsABadCredential(String control) {
        Http http = new Http(app().getLocalPort());
        for (String body : List.of(
            "{\"username\":\"ada" + control + "\",\"password\":\"" + TestApp.ADA_PASSWORD + "\"}",
            "{\"username\":\"" + control + "ada\",\"password\":\"" + TestApp.ADA_PASSWORD + "\"}",
            "{\"username\":\"ada\",\"password\":\"" + TestApp.ADA_PASSWORD + control + "\"}")) {
            Reply reply = http.postJson("/auth/login", body);

            assertThat(reply.status()).as(body).isEqualTo(401);
            assertThat(reply.body()).as(body).isEqualTo("{\"code\":401,\"message\":\"Invalid username or password\"}");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controls")
    void aControlCharacterInTheSignInFormIsABadCredential(String control) {
        Http http = new Http(app().getLocalPort());
        Reply form = http.get("/login", "Accept", "text/html");
        String nonce = "login-csrf=" + form.cookie("login-csrf").orElseThrow();
        String character = Character.toString(Integer.parseInt(control.substring(control.length() - 4), 16));

        Reply reply = http.send("POST", "/login", FORM, Forms.encode("username", "ada" + character,
            "password", TestApp.ADA_PASSWORD, "_csrf", Forms.csrfField(form.body())), "Cookie", nonce);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).contains("Invalid username or password");
        assertThat(reply.cookie("sid")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controls")
    void aControlCharacterInAPasswordOfTheAccountApiIsRefusedAndChangesNothing(String control) {
        Http http = new Http(app().getLocalPort());
        Reply reauthenticate = http.send("POST", "/auth/reauthenticate", JSON,
            "{\"password\":\"" + TestApp.ADA_PASSWORD + control + "\"}",
            "Cookie", ada.cookieHeader(), "X-CSRF-Token", ada.csrf());
        Reply change = http.send("POST", "/auth/password", JSON,
            "{\"currentPassword\":\"" + TestApp.ADA_PASSWORD + "\",\"newPassword\":\"new-pass" + control + "word\"}",
            "Cookie", ada.cookieHeader(), "X-CSRF-Token", ada.csrf());

        assertThat(reauthenticate.status()).isEqualTo(401);
        assertThat(change.status()).isEqualTo(422);
        assertThat(change.body()).contains("control characters");
        assertThat(http.login("ada", TestApp.ADA_PASSWORD).cookie()).as("the password is unchanged").isNotEmpty();
    }

    private static Arguments login(String name, String body) {
        return request(name, "POST", "/auth/login", JSON, body);
    }

    /** An account call by the logged-in ada, with her CSRF token. */
    private static Arguments account(String name, String path, String body) {
        return request(name, "POST", path, JSON, body, "Cookie", "@session", "X-CSRF-Token", "@csrf");
    }

    private static Arguments profile(String name, String cookie) {
        return request(name, "GET", "/auth/profile", null, null, "Cookie", cookie);
    }

    private static Arguments request(String name, String method, String path, String contentType, String body,
                                     String... headers) {
        return Arguments.of(name, method, path, contentType, body, headers);
    }
}
