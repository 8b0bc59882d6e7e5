package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisUserKeysTest {

    private static String index(String userKey) {
        return new String(RedisUserKeys.indexKey("sess:", userKey), StandardCharsets.UTF_8);
    }

    /** The layout the releases with numeric users wrote: their indexes and headers stay valid. */
    @Test
    void aNumericUserKeepsTheIndexAndTagItHadAsANumber() {
        assertThat(index("42")).isEqualTo("sess:{u:42}");
        assertThat(index("-7")).isEqualTo("sess:{u:-7}");
        assertThat(RedisUserKeys.tag("42")).isEqualTo(ByteBuffer.allocate(8).putLong(42).array());
        assertThat(RedisUserKeys.tagValue(Long.toString(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void anyOtherKeyIsBase64urlAfterATilde() {
        assertThat(index("ada@example.org")).isEqualTo("sess:{u:~YWRhQGV4YW1wbGUub3Jn}");
        assertThat(index("{u:7}")).isEqualTo("sess:{u:~e3U6N30}");
        assertThat(index("}")).doesNotContain("}}").endsWith("}");
    }

    @Test
    void onlyTheCanonicalSpellingOfALongCountsAsANumber() {
        for (String number : List.of("0", "7", "-7", "9223372036854775807", "-9223372036854775808")) {
            assertThat(RedisUserKeys.isNumber(number)).as(number).isTrue();
        }
        for (String other : List.of("", "-", "07", "-0", "+7", " 7", "7 ", "1e3", "9223372036854775808",
            "-9223372036854775809", "\u0667", "12345678901234567890123")) {
            assertThat(RedisUserKeys.isNumber(other)).as(other).isFalse();
        }
    }

    @Test
    void keysThatSpellTheSameNumberDifferentlyHaveDifferentIndexes() {
        assertThat(index("7")).isNotEqualTo(index("07"));
        assertThat(RedisUserKeys.tagValue("7")).isNotEqualTo(RedisUserKeys.tagValue("07"));
    }
}
