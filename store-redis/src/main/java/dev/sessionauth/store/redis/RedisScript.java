package dev.sessionauth.store.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1 (EVALSHA), sent in full (EVAL) only when the server does not have
 * it yet: after a restart, a failover, or on a cluster node that has not seen it. Every script of
 * the store touches one key, so it runs on any cluster slot. Immutable and thread-safe.
 */
final class RedisScript {

    private final String source;
    private final String sha;

    RedisScript(String source) {
        this.source = source;
        this.sha = sha1Hex(source);
    }

    /** Runs the script and returns its integer reply. */
    long run(RedisClusterCommands<byte[], byte[]> redis, byte[] key, byte[]... args) {
        byte[][] keys = {key};
        try {
            return redis.<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.<Long>eval(source, ScriptOutputType.INTEGER, keys, args);
        }
    }

    /** Runs the script and returns its array reply. */
    java.util.List<Object> runList(RedisClusterCommands<byte[], byte[]> redis, byte[] key, byte[]... args) {
        return runList(redis, new byte[][] {key}, args);
    }

    /** Runs the script on several keys, which must share a slot in a cluster, and returns its array reply. */
    java.util.List<Object> runList(RedisClusterCommands<byte[], byte[]> redis, byte[][] keys, byte[]... args) {
        try {
            return redis.<java.util.List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.<java.util.List<Object>>eval(source, ScriptOutputType.MULTI, keys, args);
        }
    }

    private static String sha1Hex(String source) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
