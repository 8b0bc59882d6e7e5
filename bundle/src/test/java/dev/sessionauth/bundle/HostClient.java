package dev.sessionauth.bundle;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Real HTTP to a host application under test with the JDK client, which keeps no cookies: each
 * request says which session it presents, if any, and with which CSRF token.
 */
final class HostClient {

    /** The session cookie's name on a configuration that names none: the bundle's secure default. */
    static final String COOKIE = "__Host-sid";

    /** What a browser sends when it navigates to a page. */
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /** A session as the browser holds it: the cookie's value and the CSRF token it was issued. */
    record Browser(String cookie, String csrfToken) {

        String cookieHeader() {
            return COOKIE + "=" + cookie;
        }
    }

    record Reply(int status, String body, HttpHeaders headers) {

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The whole {@code Set-Cookie} header for the session cookie, if the response sets it. */
        Optional<String> sessionCookie() {
            return headers.allValues("Set-Cookie").stream().filter(value -> value.startsWith(COOKIE + "=")).findFirst();
        }

        /** The session the response issued. */
        Browser browser() {
            String setCookie = sessionCookie().orElseThrow(() -> new AssertionError("no session cookie: " + this));
            return new Browser(setCookie.substring(COOKIE.length() + 1, setCookie.indexOf(';')),
                header(Sessions.CSRF_HEADER).orElseThrow(() -> new AssertionError("no CSRF token: " + this)));
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    HostClient(int port) {
        this.base = "http://localhost:" + port;
    }

    /** Signs in; a request that presents a live session carries its token, like any unsafe one. */
    Reply login(String name, String password, Browser presented) {
        String body = "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}";
        return presented == null ? send("POST", "/login", body)
            : send("POST", "/login", body, "Cookie", presented.cookieHeader(), Sessions.CSRF_HEADER,
                presented.csrfToken());
    }

    Reply get(String path, Browser browser) {
        return browser == null ? send("GET", path, null) : send("GET", path, null, "Cookie", browser.cookieHeader());
    }

    /** An unsafe request as a page of the host sends it: cookie and token. */
    Reply post(String path, Browser browser, String... headers) {
        String[] all = new String[headers.length + 4];
        all[0] = "Cookie";
        all[1] = browser.cookieHeader();
        all[2] = Sessions.CSRF_HEADER;
        all[3] = browser.csrfToken();
        System.arraycopy(headers, 0, all, 4, headers.length);
        return send("POST", path, "", all);
    }

    Reply send(String method, String path, String jsonBody, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (!Arrays.asList(headers).contains("Accept")) {
            request.header("Accept", "application/json");
        }
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        request.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(jsonBody));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
