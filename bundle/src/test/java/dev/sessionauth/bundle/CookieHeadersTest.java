package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading one cookie out of {@code Cookie} headers as browsers and odd clients send them. */
class CookieHeadersTest {

    private static java.util.Optional<String> sid(String... headers) {
        return CookieHeaders.find(Arrays.asList(headers), "sid");
    }

    @Test
    void findsTheCookieAmongOthers() {
        assertThat(sid("theme=dark; sid=s:abc.def; _ga=GA1.1.12345")).contains("s:abc.def");
        assertThat(sid("sid=first")).contains("first");
        assertThat(sid("a=1;sid=tight;b=2")).contains("tight");
        assertThat(sid("a=1, sid=comma-separated")).contains("comma-separated");
    }

    @Test
    void trimsAndUnquotes() {
        assertThat(sid("  sid  =  spaced  ; a=1")).contains("spaced");
        assertThat(sid("sid=\"quoted\"")).contains("quoted");
        assertThat(sid("sid=\"")).as("a lone quote is a value, not a quoted empty one").contains("\"");
    }

    @Test
    void aValueMayHoldEqualsSigns() {
        assertThat(sid("sid=a=b=c")).contains("a=b=c");
    }

    @Test
    void theFirstOfSeveralWins() {
        assertThat(sid("sid=one; sid=two")).contains("one");
        assertThat(sid("a=1", "sid=second-header")).contains("second-header");
    }

    @Test
    void namesMatchWhole() {
        assertThat(sid("xsid=no; sidx=no; SID=no")).isEmpty();
        assertThat(sid("xsid=no; sid=yes")).contains("yes");
    }

    @Test
    void anEmptyOrAbsentValueIsNoCookie() {
        assertThat(sid("sid=")).isEmpty();
        assertThat(sid("sid=\"\"")).isEmpty();
        assertThat(sid("sid")).isEmpty();
        assertThat(sid("=sid; ;;, ,")).isEmpty();
        assertThat(sid("")).isEmpty();
        assertThat(CookieHeaders.find(null, "sid")).isEmpty();
        assertThat(CookieHeaders.find(Arrays.asList((String) null), "sid")).isEmpty();
    }

    @Test
    void anOverlongHeaderIsSkippedUnread() {
        String padding = "a=" + "x".repeat(8200);
        assertThat(sid("sid=long; " + padding)).isEmpty();
        assertThat(CookieHeaders.find(List.of("sid=long; " + padding, "sid=short"), "sid")).contains("short");
    }
}
