package dev.sessionauth.bundle;

import dev.sessionauth.store.Session;
import io.dropwizard.auth.Authenticator;
import java.security.Principal;
import java.util.Optional;

/**
 * Loads the session's principal through the host's {@link PrincipalLoader} on every request, so a
 * role change or a disabled account takes effect at once. Empty for a user the host no longer
 * knows or lets in. Thread-safe if the loader is.
 */
final class SessionAuthenticator<P extends Principal> implements Authenticator<Session, P> {

    private final PrincipalLoader<P> loader;

    SessionAuthenticator(PrincipalLoader<P> loader) {
        this.loader = loader;
    }

    @Override
    public Optional<P> authenticate(Session session) {
        return loader.load(session.userKey());
    }
}
