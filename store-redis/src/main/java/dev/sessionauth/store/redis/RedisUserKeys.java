package dev.sessionauth.store.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How a user key appears in Redis: in the name of the user's index key, and as the 8-byte user tag
 * in each stored session's header ({@link StoredSession}).
 *
 * <p>The index key holds base64url of the key's UTF-8: user {@code ada@example.org} has the index
 * {@code {u:YWRhQGV4YW1wbGUub3Jn}}, user {@code 1} has {@code {u:MQ}}. No key can then break the
 * cluster hash tag, reach outside the prefix, or name another key's index. The tag is the 64-bit
 * FNV-1a hash of the key's UTF-8.
 *
 * <p>A tag only confirms that a session belongs to the user whose index listed it, and that a
 * stored header and body agree; two keys sharing a tag can never reach each other's sessions,
 * since a session is only ever looked up through its own user's index or its own key.
 */
final class RedisUserKeys {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private RedisUserKeys() {
    }

    /** The user's index key under {@code prefix}. */
    static byte[] indexKey(String prefix, String userKey) {
        String name = Base64.getUrlEncoder().withoutPadding().encodeToString(userKey.getBytes(StandardCharsets.UTF_8));
        return (prefix + "{u:" + name + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The 8 bytes that name the user in a stored session's header. */
    static byte[] tag(String userKey) {
        return ByteBuffer.allocate(Long.BYTES).putLong(tagValue(userKey)).array();
    }

    /** The tag as a number, as the header holds it. */
    static long tagValue(String userKey) {
        long hash = FNV_OFFSET;
        for (byte b : userKey.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * FNV_PRIME;
        }
        return hash;
    }
}
