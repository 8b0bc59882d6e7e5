/**
 * The in-memory session store: a {@code ConcurrentHashMap} swept for expired entries. For
 * development and tests only; select it with {@code sessions.store.type: memory}.
 */
package dev.sessionauth.store.memory;
