package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrowsersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        // What Chromium and Firefox send for a page, and what they send for a script's fetch.
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8 | true",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | true",
        "*/* | false",
        "null | false",
        "'' | false",
        "application/json | false",
        "application/json, text/plain, */* | false",
        // Quality first, then the more specific range, then the first named.
        "text/html;q=0.5, application/json | false",
        "application/json;q=0.5, text/html | true",
        "*/*, text/html | true",
        "text/*, application/json | false",
        "text/*;q=0.9, */*;q=0.8 | true",
        "text/html, application/json | true",
        "application/json, text/html | false",
        "TEXT/HTML | true",
        "text/html;Q=0.4, application/*;q=0.3 | true",
        // Refused outright, or not at all.
        "text/html;q=0, */* | false",
        "image/png | false",
        // Malformed: as JSON.
        "text/html;q=high | false",
        "text/html;q=2 | false",
        "html | false",
        "text/ | false",
        "text/html, nonsense | false",
    })
    void theMostPreferredOfHtmlAndJsonDecides(String accept, boolean html) {
        assertThat(Browsers.prefersHtml(accept)).isEqualTo(html);
    }
}
