package dev.sessionauth.bundle;

import java.security.Principal;
import java.util.Optional;

/**
 * Loads the host's principal for a session's user key, on every authenticated request, so that a
 * disabled account or a changed role counts on the very next request. The one thing a host must
 * write to use {@link SessionAuthBundle}.
 *
 * <p>It is first called on a request, after the host's {@code Application.run} has returned, so
 * it may use what {@code run} builds (a database, a DAO). It must be thread-safe.
 *
 * @param <P> the host's principal type, which {@code @Auth P} injects
 */
@FunctionalInterface
public interface PrincipalLoader<P extends Principal> {

    /**
     * Returns the principal whose session this is.
     *
     * @param userKey the key the host gave {@link Sessions#start} when the session began
     * @return the principal; empty when the user is gone or may no longer sign in, which refuses
     *     the request (401) and ends the session
     * @throws RuntimeException when the user cannot be loaded now (a database outage): the request
     *     fails with whatever the host's exception mappers make of it, and the session is kept
     */
    Optional<P> load(String userKey);
}
