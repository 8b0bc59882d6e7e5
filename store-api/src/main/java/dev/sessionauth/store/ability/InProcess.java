package dev.sessionauth.store.ability;

/**
 * A store whose every call is answered in this process's memory: none waits on the network, a
 * disk or another process. A caller that must not block (a non-blocking Jetty handler, which runs
 * on the thread that reads the network) asks such a store directly and hands any other store's
 * calls to a thread that may wait. The memory and Caffeine stores have it; Redis does not.
 */
public interface InProcess {
}
