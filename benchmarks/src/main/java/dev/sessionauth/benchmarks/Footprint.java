package dev.sessionauth.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import io.dropwizard.jackson.Jackson;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one session costs in memory, per store.
 *
 * <p><b>In-process stores (memory, caffeine): heap bytes per session</b>, measured as heap used
 * after a full GC with {@code count} typical sessions stored, minus heap used after a full GC with
 * the empty store open, divided by {@code count}. Sessions are created one by one and only the
 * store keeps them, as in the service; everything a session drags along counts: its ID, CSRF token,
 * client strings, instants, the map entry and the per-user index. Run in a fresh JVM per store (the
 * report script does), so nothing else lives on the heap.
 *
 * <p><b>Redis: bytes per session</b>, measured twice: {@code used_memory} of {@code INFO memory}
 * after minus before storing {@code count} sessions, divided by {@code count} (key, value, expiry
 * and the per-user index, with Redis's own overhead), and {@code MEMORY USAGE} of one session key
 * and of one user's index.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sessionauth.benchmarks.Footprint memory 1000000 target/footprint-memory.json
 * java -cp benchmarks/target/benchmarks.jar dev.sessionauth.benchmarks.Footprint redis 100000 target/footprint-redis.json
 * </pre>
 */
public final class Footprint {

    private Footprint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Footprint <memory|caffeine|redis> <sessions> <output.json>");
            System.exit(2);
        }
        String type = args[0];
        int count = Integer.parseInt(args[1]);
        Map<String, Object> result = type.equals("redis") ? redis(count) : heap(type, count);
        ObjectMapper mapper = Jackson.newObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path output = Path.of(args[2]);
        if (output.getParent() != null) {
            Files.createDirectories(output.getParent());
        }
        Files.writeString(output, mapper.writeValueAsString(result));
    }

    private static Map<String, Object> heap(String type, int count) throws IOException {
        Instant now = Instant.now();
        Map<String, Object> result = new LinkedHashMap<>();
        try (BenchStore opened = BenchStore.open(type, count, Clock.fixed(now, ZoneOffset.UTC))) {
            SessionStore store = opened.store();
            long before = heapAfterGc();
            Fixtures.IdSequence ids = new Fixtures.IdSequence(1);
            SessionId first = null;
            for (int i = 0; i < count; i++) {
                SessionId id = ids.next();
                first = first == null ? id : first;
                store.save(Fixtures.session(id, 1 + i / Fixtures.SESSIONS_PER_USER, now), Fixtures.IDLE_TIMEOUT);
            }
            long after = heapAfterGc();
            result.put("store", type);
            result.put("sessions", count);
            result.put("method", "heap used after System.gc(), full store minus empty store, / sessions");
            result.put("heapBytesPerSession", (after - before) / (double) count);
            if (store.find(first).isEmpty()) {
                throw new IllegalStateException("the first session is gone: the store evicted sessions");
            }
        }
        return result;
    }

    private static Map<String, Object> redis(int count) {
        Instant now = Instant.now();
        Map<String, Object> result = new LinkedHashMap<>();
        try (BenchStore opened = BenchStore.open("redis", count, Clock.fixed(now, ZoneOffset.UTC))) {
            RedisClient client = RedisClient.create(opened.redisUri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                long before = usedMemory(connection);
                SessionId[] ids = Fixtures.ids(count, 1);
                opened.fill(ids, now);
                long after = usedMemory(connection);
                result.put("store", "redis");
                result.put("sessions", count);
                result.put("method", "INFO memory used_memory after minus before, / sessions; MEMORY USAGE of one key");
                result.put("redisBytesPerSession", (after - before) / (double) count);
                result.put("sessionKeyMemoryUsage", connection.sync().memoryUsage(opened.prefix() + ids[0].value()));
                result.put("userIndexMemoryUsage", connection.sync().memoryUsage(opened.prefix() + "{u:MQ}"));
                result.put("sessionsPerUser", Fixtures.SESSIONS_PER_USER);
            } finally {
                client.shutdown();
            }
        }
        return result;
    }

    private static long usedMemory(StatefulRedisConnection<String, String> connection) {
        for (String line : connection.sync().info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no used_memory");
    }

    /** Heap in use after full collections: the least of a few, as a collection may leave a little floating garbage. */
    private static long heapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
