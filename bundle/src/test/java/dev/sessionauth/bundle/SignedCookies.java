package dev.sessionauth.bundle;

import dev.sessionauth.store.SessionId;
import java.util.List;

/**
 * Cookie values signed exactly as the bundle signs them ({@code s:<id>.<signature>}), and the key
 * the bundle stores such a cookie's session under, for tests of hosts that forge, replay or
 * rotate cookies and for benchmarks that put sessions straight into a store. In the bundle's
 * test-jar.
 */
public final class SignedCookies {

    private SignedCookies() {
    }

    /** The cookie value naming {@code id}, signed with {@code secret}. */
    public static String sign(String secret, SessionId id) {
        return new CookieSigner(List.of(secret)).sign(id);
    }

    /**
     * The key the session whose cookie names {@code id} is stored under (a digest of the ID, never
     * the ID): save a session under it, and the cookie {@link #sign} gives finds it.
     */
    public static SessionId storedUnder(SessionId id) {
        return SessionKeys.of(id);
    }
}
