package dev.sessionauth.forward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The original path as the access rules compare it: one reading, or none. */
class OriginalRequestTest {

    private static OriginalRequest get(String uri) {
        return new OriginalRequest("GET", "https", "app.example.com", uri, false, true);
    }

    @Test
    void aPathWithOneReadingIsComparedDecoded() {
        assertThat(get("/app/page").canonicalPath()).contains("/app/page");
        assertThat(get("/%70ublic/logo.png?x=%2e%2e").canonicalPath()).contains("/public/logo.png");
        assertThat(get("/.well-known/x").canonicalPath()).as("a dot starting a name").contains("/.well-known/x");
        assertThat(get("/a/..b/c.").canonicalPath()).as("dots within a name").contains("/a/..b/c.");
        assertThat(get("/").canonicalPath()).contains("/");
    }

    @Test
    void aPathWithDotSegmentsOrOtherSpellingsHasNone() {
        for (String uri : new String[] {"/public/../admin", "/public/..", "/public/.", "/./admin", "/..",
            "/public/%2e%2e/admin", "/public/%2E/admin", "/admin;x=y", "/public//admin", "/a\\b", "/a%252e",
            "/a%00b", "/a%0a"}) {
            assertThat(get(uri).canonicalPath()).as(uri).isEmpty();
        }
    }
}
