package dev.sessionauth.store.support;

import dev.sessionauth.store.Session;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Shares the client strings of the sessions an in-process store keeps. Every session's user agent
 * and address arrive as fresh copies from a request, yet most sessions share a handful of user
 * agents (and users behind one network share an address): keeping one copy of each saves a desktop
 * user agent's 150-odd heap bytes per session. (User keys, nearly all distinct, are shared through
 * the {@link UserIndex} instead, which holds one per user anyway.) Held weakly, so a string no session uses any more is
 * collected. Called on saves only, never on lookups. Thread-safe.
 */
public final class ClientStrings {

    private final Map<String, WeakReference<String>> canonical = new WeakHashMap<>();

    /** {@code session} with its user agent and address replaced by shared equal copies. */
    public Session share(Session session) {
        String userAgent = intern(session.userAgent());
        String ipAddress = intern(session.ipAddress());
        if (userAgent == session.userAgent() && ipAddress == session.ipAddress()) {
            return session;
        }
        return session.withSharedStrings(session.userKey(), userAgent, ipAddress);
    }

    /** The shared copy equal to {@code value}; {@code value} itself when it is the first. */
    synchronized String intern(String value) {
        if (value.isEmpty()) {
            return "";
        }
        WeakReference<String> existing = canonical.get(value);
        String shared = existing == null ? null : existing.get();
        if (shared != null) {
            return shared;
        }
        canonical.put(value, new WeakReference<>(value));
        return value;
    }
}
