package dev.sessionauth.store.ability;

import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreException;

/**
 * An optional ability of a {@link SessionStore} shared by several nodes: telling every node that
 * something outside the store changed (a user's row, say), so that each can drop what it cached
 * of it. A notice reaches every node subscribed at the time, or the node is told it may have
 * missed some ({@link Listener#lost}) and, once notices flow again, {@link Listener#live}. A
 * change must be published after it is durable, so that a node that hears of it reads the new
 * state. Reach it with {@link SessionStore#ability}. Thread-safe.
 */
public interface ChangeNotices {

    /** The longest key, in characters. */
    int MAX_KEY_LENGTH = 256;

    /** Hears notices, on a thread of the store's; must not block. */
    interface Listener {

        /** {@code key} changed somewhere (here too). */
        void changed(String key);

        /** Notices may have been missed since the last {@link #live}: nothing cached can be trusted. */
        void lost();

        /** Notices flow again; every notice published from now on will be heard. */
        void live();
    }

    /**
     * Tells every subscribed node that {@code key} changed.
     *
     * @param key 1 to {@value #MAX_KEY_LENGTH} characters
     * @throws SessionStoreException when the backend fails
     */
    void publish(String key);

    /**
     * Subscribes {@code listener} until the returned handle is closed; {@link Listener#live} is
     * called once notices flow. Closing the store ends every subscription.
     */
    AutoCloseable subscribe(Listener listener);
}
