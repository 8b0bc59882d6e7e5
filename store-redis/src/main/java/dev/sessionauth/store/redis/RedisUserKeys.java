package dev.sessionauth.store.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How a user key appears in Redis: in the name of the user's index key, and as the 8-byte user tag
 * in each stored session's header ({@link StoredSession}).
 *
 * <p>A key that is the canonical decimal text of a {@code long} (what a numeric user ID becomes)
 * appears as that number, exactly as the releases that knew only numeric users stored it: index
 * {@code {u:42}}, tag the number itself. So sessions and indexes stored before user keys became
 * strings keep working. Any other key is base64url of its UTF-8 after a {@code ~}, which no
 * number starts with: index {@code {u:~YWRhQGV4YW1wbGUub3Jn}}. No key can then break the
 * cluster hash tag, reach outside the prefix, or name another key's index; its tag is the 64-bit
 * FNV-1a hash of its UTF-8.
 *
 * <p>A tag only confirms that a session belongs to the user whose index listed it, and that a
 * stored header and body agree; two keys sharing a tag can never reach each other's sessions,
 * since a session is only ever looked up through its own user's index or its own random ID.
 */
final class RedisUserKeys {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private RedisUserKeys() {
    }

    /** The user's index key under {@code prefix}. */
    static byte[] indexKey(String prefix, String userKey) {
        String name = isNumber(userKey) ? userKey
            : "~" + Base64.getUrlEncoder().withoutPadding().encodeToString(userKey.getBytes(StandardCharsets.UTF_8));
        return (prefix + "{u:" + name + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The 8 bytes that name the user in a stored session's header. */
    static byte[] tag(String userKey) {
        return ByteBuffer.allocate(Long.BYTES).putLong(tagValue(userKey)).array();
    }

    /** The tag as a number, as the header holds it. */
    static long tagValue(String userKey) {
        if (isNumber(userKey)) {
            return Long.parseLong(userKey);
        }
        long hash = FNV_OFFSET;
        for (byte b : userKey.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * FNV_PRIME;
        }
        return hash;
    }

    /** Whether the key is a {@code long} written as {@link Long#toString(long)} writes it. */
    static boolean isNumber(String userKey) {
        int length = userKey.length();
        if (length == 0 || length > 20) {
            return false;
        }
        int start = userKey.charAt(0) == '-' ? 1 : 0;
        if (start == length || userKey.charAt(start) == '0' && (length > start + 1 || start == 1)) {
            return false;
        }
        for (int i = start; i < length; i++) {
            char c = userKey.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        try {
            Long.parseLong(userKey);
            return true;
        } catch (NumberFormatException outOfRange) {
            return false;
        }
    }
}
