package dev.sessionauth.store.redis;

import io.lettuce.core.api.sync.RedisCommands;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Redis's calls per command ({@code INFO commandstats}), for tests that count what an operation sent. */
final class CommandStats {

    private static final Pattern CALLS = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)");

    private CommandStats() {
    }

    /** Every command's calls since the server started. */
    static Map<String, Long> calls(RedisCommands<String, String> redis) {
        Map<String, Long> calls = new HashMap<>();
        Matcher matcher = CALLS.matcher(redis.info("commandstats"));
        while (matcher.find()) {
            calls.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return calls;
    }

    /** What changed between two readings, leaving out the INFO calls that took them. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((command, calls) -> {
            long change = calls - before.getOrDefault(command, 0L);
            if (change > 0 && !command.equals("info")) {
                delta.put(command, change);
            }
        });
        return delta;
    }
}
