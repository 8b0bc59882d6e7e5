package dev.sessionauth.store.support;

import dev.sessionauth.store.UnreadableSessionException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Shortens user agents for {@link CompactSessionCodec} format 2: the substrings that make up most
 * of the user agents browsers send are written as one control character each ({@code 0x01} to
 * {@code 0x1F}, never tab), which no user agent can contain, since HTTP forbids control characters
 * in header values. A desktop Chrome user agent of 111 characters becomes 10 bytes.
 *
 * <p>The table is part of format 2: stored sessions depend on it, so it must never change. A
 * better table needs a new format number. A user agent that does contain a control character is
 * stored as it is, flagged as such, and never expanded.
 */
final class UserAgentDictionary {

    /** Index {@code i} is written as the character {@code CODES[i]}. */
    private static final String[] TOKENS = {
        "Mozilla/5.0 (",
        "Windows NT 10.0; Win64; x64",
        ") AppleWebKit/537.36 (KHTML, like Gecko) ",
        "Chrome/",
        " Safari/537.36",
        ".0.0.0",
        "Macintosh; Intel Mac OS X 10_15_7",
        "X11; Linux x86_64",
        "iPhone; CPU iPhone OS ",
        " like Mac OS X",
        "Version/",
        " Mobile/15E148 Safari/604.1",
        "Gecko/20100101 Firefox/",
        "; rv:",
        " Edg/",
        "Linux; Android ",
        "; K) AppleWebKit/537.36 (KHTML, like Gecko) ",
        " Mobile Safari/537.36",
        "Windows NT 10.0; Win64; x64; rv:",
        "X11; Ubuntu; Linux x86_64; rv:",
        "Macintosh; Intel Mac OS X 10.15; rv:",
        "iPad; CPU OS ",
        "HeadlessChrome/",
        " OPR/",
        " Safari/605.1.15",
        "AppleWebKit/537.36 (KHTML, like Gecko)",
        "Mobile",
        "curl/",
        "python-requests/",
        ") AppleWebKit/605.1.15 (KHTML, like Gecko) ",
    };

    private static final char[] CODES = new char[TOKENS.length];
    private static final String[] BY_CODE = new String[32];
    /** Per first character (below 128), the token indexes starting with it, longest first. */
    private static final int[][] CANDIDATES = new int[128][];

    static {
        char code = 1;
        for (int i = 0; i < TOKENS.length; i++) {
            if (code == '\t') {
                code++;
            }
            CODES[i] = code;
            BY_CODE[code] = TOKENS[i];
            code++;
        }
        if (code > 32) {
            throw new ExceptionInInitializerError("more tokens than control characters");
        }
        Integer[] longestFirst = new Integer[TOKENS.length];
        Arrays.setAll(longestFirst, i -> i);
        Arrays.sort(longestFirst, Comparator.comparingInt((Integer i) -> TOKENS[i].length()).reversed());
        for (char first = 0; first < CANDIDATES.length; first++) {
            char c = first;
            CANDIDATES[c] = Arrays.stream(longestFirst).filter(i -> TOKENS[i].charAt(0) == c)
                .mapToInt(Integer::intValue).toArray();
        }
    }

    private static final int[] NONE = {};

    private UserAgentDictionary() {
    }

    /** Whether {@code userAgent} can be shortened: it holds no control character. */
    static boolean canShorten(String userAgent) {
        for (int i = 0; i < userAgent.length(); i++) {
            if (userAgent.charAt(i) < 0x20) {
                return false;
            }
        }
        return true;
    }

    /** The shortened form; only for a user agent that {@link #canShorten}. */
    static String shorten(String userAgent) {
        StringBuilder out = new StringBuilder(userAgent.length());
        int at = 0;
        outer:
        while (at < userAgent.length()) {
            char first = userAgent.charAt(at);
            for (int index : first < CANDIDATES.length ? CANDIDATES[first] : NONE) {
                if (userAgent.startsWith(TOKENS[index], at)) {
                    out.append(CODES[index]);
                    at += TOKENS[index].length();
                    continue outer;
                }
            }
            out.append(userAgent.charAt(at++));
        }
        return out.toString();
    }

    /**
     * The user agent a {@link #shorten shortened} form stands for.
     *
     * @throws UnreadableSessionException for a control character that stands for no token
     */
    static String expand(String shortened) {
        StringBuilder out = null;
        for (int i = 0; i < shortened.length(); i++) {
            char c = shortened.charAt(i);
            if (c < 0x20) {
                String token = BY_CODE[c];
                if (token == null) {
                    throw new UnreadableSessionException("unknown user agent token " + (int) c);
                }
                if (out == null) {
                    out = new StringBuilder(shortened.length() * 4).append(shortened, 0, i);
                }
                out.append(token);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? shortened : out.toString();
    }
}
