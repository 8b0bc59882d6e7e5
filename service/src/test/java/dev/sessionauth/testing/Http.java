package dev.sessionauth.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real HTTP to the application under test with the JDK client, which holds no cookies unless told:
 * every header a test sends is explicit.
 */
public final class Http {

    private static final String JSON = "application/json";

    private final HttpClient client;
    private final String base;

    public Http(int port) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), port);
    }

    public Http(HttpClient client, int port) {
        this(client, "http://localhost:" + port);
    }

    /** @param base scheme, host and port, e.g. {@code http://127.0.0.1:8000} */
    public Http(HttpClient client, String base) {
        this.client = client;
        this.base = base;
    }

    /** A response: status, body and headers. */
    public record Reply(int status, String body, java.net.http.HttpHeaders headers) {

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The value the response sets for cookie {@code name}, if it sets one. */
        public Optional<String> cookie(String name) {
            Pattern pattern = Pattern.compile("^" + Pattern.quote(name) + "=([^;]*)");
            for (String header : headers.allValues("Set-Cookie")) {
                Matcher matcher = pattern.matcher(header);
                if (matcher.find()) {
                    return Optional.of(matcher.group(1));
                }
            }
            return Optional.empty();
        }

        /** The whole {@code Set-Cookie} header for cookie {@code name}. */
        public Optional<String> setCookie(String name) {
            return headers.allValues("Set-Cookie").stream().filter(h -> h.startsWith(name + "=")).findFirst();
        }
    }

    /** A logged-in client: its cookie value and CSRF token. */
    public record Login(String cookie, String csrf) {

        /** The session a response issued: its cookie and CSRF token header. */
        public static Login from(Reply reply) {
            return new Login(reply.cookie("sid").orElseThrow(), reply.header("X-CSRF-Token").orElseThrow());
        }

        public String cookieHeader() {
            return "sid=" + cookie;
        }
    }

    public Reply get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    public Reply postJson(String path, String body, String... headers) {
        return send("POST", path, JSON, body, headers);
    }

    public Reply send(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply loginReply(String username, String password, String... headers) {
        return postJson("/auth/login",
            "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", headers);
    }

    /** Logs in and returns the session; fails the test when login does not answer 200. */
    public Login login(String username, String password, String... headers) {
        Reply reply = loginReply(username, password, headers);
        if (reply.status() != 200) {
            throw new AssertionError("login of " + username + " answered " + reply.status() + ": " + reply.body());
        }
        return Login.from(reply);
    }

    /**
     * Sends a request as a logged-in client: its cookie, its CSRF token and, when there is a body,
     * JSON.
     */
    public Reply as(Login login, String method, String path, String jsonBody) {
        return send(method, path, jsonBody == null ? null : JSON, jsonBody,
            "Cookie", login.cookieHeader(), "X-CSRF-Token", login.csrf());
    }

    public Reply profile(Login login) {
        return get("/auth/profile", "Cookie", login.cookieHeader());
    }

    public Reply logout(Login login) {
        return send("POST", "/auth/logout", null, null, "Cookie", login.cookieHeader(), "X-CSRF-Token", login.csrf());
    }
}
