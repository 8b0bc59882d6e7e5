package dev.sessionauth.store.redis;

/** The contract through a Sentinel with the near cache on: tracking follows the master Sentinel names. */
class SentinelNearCachedRedisSessionStoreTest extends SentinelRedisSessionStoreTest {

    @Override
    protected RedisSessionStoreFactory factory() {
        RedisSessionStoreFactory factory = super.factory();
        factory.setNearCache(new NearCacheFactory());
        return factory;
    }
}
