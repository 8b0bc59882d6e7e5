/**
 * The Caffeine session store: bounded, in one process, each session with its own expiry. Select it
 * with {@code sessions.store.type: caffeine}.
 */
package dev.sessionauth.store.caffeine;
