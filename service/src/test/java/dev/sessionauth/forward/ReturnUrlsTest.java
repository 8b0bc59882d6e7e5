package dev.sessionauth.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReturnUrlsTest {

    private final ReturnUrls urls = new ReturnUrls(List.of("app.example.com", "*.apps.example.com", "127.0.0.1"));

    @Test
    void pathsHereAndUrlsOnListedHostsMayBeReturnedTo() {
        assertThat(urls.target("/account")).contains(URI.create("/account"));
        assertThat(urls.target("https://APP.example.com/a?b=c")).contains(URI.create("https://APP.example.com/a?b=c"));
        assertThat(urls.target("http://127.0.0.1:8000/app")).contains(URI.create("http://127.0.0.1:8000/app"));
        assertThat(urls.target("https://a.b.apps.example.com/")).isPresent();
    }

    @Test
    void everythingElseIsRefused() {
        for (String rd : new String[] {null, "", "//evil.example", "/\\evil.example", "https://evil.example",
            "https://apps.example.com", "https://xapps.example.com", "https://app.example.com.evil.example",
            "https://user@app.example.com/", "javascript:alert(1)", "data:text/html,x", "ftp://app.example.com/",
            "https://app.example.com/\r\nSet-Cookie:x", "/a b", "https://app.example.com/" + "a".repeat(2100),
            "http:/app.example.com", "https:app.example.com"}) {
            assertThat(urls.target(rd)).as(String.valueOf(rd)).isEmpty();
        }
        assertThat(ReturnUrls.OWN_HOST_ONLY.target("https://app.example.com/")).isEmpty();
        assertThat(ReturnUrls.OWN_HOST_ONLY.target("/account")).isPresent();
    }
}
