package dev.sessionauth.store.redis;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract through a Sentinel this class starts, which names the master the store uses. */
class SentinelRedisSessionStoreTest extends RedisStoreContract {

    private static EmbeddedRedis master;
    private static AutoCloseable sentinel;
    private static int sentinelPort;

    @BeforeAll
    static void startMasterAndSentinel() {
        master = EmbeddedRedis.start();
        int[] port = new int[1];
        sentinel = EmbeddedRedis.startSentinel(master, "sessions", port);
        sentinelPort = port[0];
    }

    @AfterAll
    static void stopMasterAndSentinel() throws Exception {
        sentinel.close();
        master.close();
    }

    @Override
    protected RedisSessionStoreFactory factory() {
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setMode(RedisSessionStoreFactory.Mode.SENTINEL);
        factory.setMasterId("sessions");
        factory.setNodes(List.of("127.0.0.1:" + sentinelPort));
        return factory;
    }
}
