package dev.sessionauth.bundle;

import dev.sessionauth.store.SessionId;
import java.util.List;

/**
 * The session cookie value a running node signs for an ID, made with the bundle's own
 * {@link CookieSigner} (package-private, hence this class in the bundle's package), for benchmarks
 * that put sessions into a store and then call a node with them.
 */
public final class BenchCookies {

    private final CookieSigner signer;

    /** @param secret the node's signing secret */
    public BenchCookies(String secret) {
        this.signer = new CookieSigner(List.of(secret));
    }

    /** {@code s:<id>.<signature>}, as the node's cookie carries it. */
    public String value(SessionId id) {
        return signer.sign(id);
    }
}
