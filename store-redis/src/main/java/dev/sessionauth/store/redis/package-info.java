/**
 * The Redis session store, on Lettuce: standalone, Sentinel or Cluster, shared by every node of
 * the service. Select it with {@code sessions.store.type: redis}.
 */
package dev.sessionauth.store.redis;
