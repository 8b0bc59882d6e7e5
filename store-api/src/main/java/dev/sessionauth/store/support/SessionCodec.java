package dev.sessionauth.store.support;

import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.UnreadableSessionException;

/**
 * Turns a {@link Session} into bytes and back, for stores that keep bytes (Redis).
 *
 * <p>The ID is not part of the bytes: a store keeps it in the key and hands it back to
 * {@link #decode}. An encoding must never be Java serialization, and must stay readable across
 * releases: a session written by the previous release decodes in this one, and one written by this
 * release decodes in the previous one as long as only fields were added. Implementations are
 * stateless and thread-safe.
 */
public interface SessionCodec {

    /** Returns the bytes of a session, without its ID. */
    byte[] encode(Session session);

    /**
     * Reads a session back.
     *
     * @param id the ID the bytes were stored under
     * @throws UnreadableSessionException when the bytes are not a session this codec can read
     */
    Session decode(SessionId id, byte[] bytes);
}
