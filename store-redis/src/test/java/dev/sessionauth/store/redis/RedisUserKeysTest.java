package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisUserKeysTest {

    private static String index(String userKey) {
        return new String(RedisUserKeys.indexKey("sess:", userKey), StandardCharsets.UTF_8);
    }

    @Test
    void everyKeyIsBase64urlInsideTheHashTag() {
        assertThat(index("ada@example.org")).isEqualTo("sess:{u:YWRhQGV4YW1wbGUub3Jn}");
        assertThat(index("1")).isEqualTo("sess:{u:MQ}");
        assertThat(index("{u:7}")).isEqualTo("sess:{u:e3U6N30}");
        assertThat(index("}")).doesNotContain("}}").endsWith("}");
    }

    @Test
    void keysThatSpellTheSameNumberDifferentlyHaveDifferentIndexesAndTags() {
        assertThat(index("7")).isNotEqualTo(index("07"));
        assertThat(RedisUserKeys.tagValue("7")).isNotEqualTo(RedisUserKeys.tagValue("07"));
    }

    @Test
    void theTagIsTheFnv1aHashOfTheKey() {
        assertThat(RedisUserKeys.tagValue("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(RedisUserKeys.tagValue("a")).isEqualTo(0xaf63dc4c8601ec8cL);
    }
}
