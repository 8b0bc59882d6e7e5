package dev.sessionauth.bundle;

import java.time.Instant;

/**
 * Something an operator watching for attacks wants to know: a password check refused or held
 * back, a throttle engaged or released. Never carries a password, and never a username the
 * client typed: a known user is named by ID, an unknown one by a keyed hash of what was typed
 * ({@link UsernameHashes}), so the same guessed name can be followed across events and nodes
 * without its text reaching the log.
 *
 * @param user   {@code id:<user key>} or {@code unknown:<keyed hash>}
 * @param client the client's address, as sessions record it
 * @param scope  for the throttle events, which key; else null
 */
public record SecurityEvent(Type type, String user, String client, Scope scope, Instant at) {

    /** What happened. */
    public enum Type {
        /** A sign-in with a wrong password, an unknown username or a disabled account. */
        LOGIN_REFUSED,
        /** A wrong current password at re-authentication or a password change. */
        PASSWORD_CHECK_REFUSED,
        /** An attempt refused with 429 before any hash, its key being held back. */
        ATTEMPT_THROTTLED,
        /** A key reached its threshold: its attempts are delayed from now on. */
        THROTTLE_ENGAGED,
        /** A success cleared an (account, client) or a device's count that was being delayed. */
        THROTTLE_RELEASED
    }

    /** Which count a throttle event is about: what one of {@link LoginThrottle}'s keys counts. */
    public enum Scope {
        /** One account, from one client address, in browsers it has not seen. */
        ACCOUNT_FROM_CLIENT,
        /** One client address, whichever accounts, in browsers they have not seen. */
        CLIENT,
        /** One account, from every browser it has not seen, whatever their addresses. */
        ACCOUNT,
        /** One account, from one browser that signed in to it before (a device cookie). */
        DEVICE
    }
}
