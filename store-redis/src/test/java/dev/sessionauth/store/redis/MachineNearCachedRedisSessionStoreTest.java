package dev.sessionauth.store.redis;

/**
 * The contract on the Redis that {@code REDIS_URL} names (CI: the machine's) with the near cache
 * on; skipped or required as {@link MachineRedisSessionStoreTest} is.
 */
class MachineNearCachedRedisSessionStoreTest extends MachineRedisSessionStoreTest {

    @Override
    protected RedisSessionStoreFactory factory() {
        RedisSessionStoreFactory factory = super.factory();
        factory.setNearCache(new NearCacheFactory());
        return factory;
    }
}
