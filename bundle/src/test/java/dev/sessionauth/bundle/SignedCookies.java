package dev.sessionauth.bundle;

import dev.sessionauth.store.SessionId;
import java.util.List;

/**
 * Cookie values signed exactly as the bundle signs them ({@code s:<id>.<signature>}), for tests of
 * hosts that forge, replay or rotate cookies. In the bundle's test-jar.
 */
public final class SignedCookies {

    private SignedCookies() {
    }

    /** The cookie value naming {@code id}, signed with {@code secret}. */
    public static String sign(String secret, SessionId id) {
        return new CookieSigner(List.of(secret)).sign(id);
    }
}
