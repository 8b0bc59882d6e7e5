package dev.sessionauth.bundle;

import java.time.Instant;

/**
 * Something an operator watching for attacks wants to know: a password or second-factor check
 * refused or held back, a throttle engaged or released, a second factor enrolled, removed or
 * recovered from. Never carries a password, a code or a secret, and never a username the
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
        THROTTLE_RELEASED,
        /** A wrong second-factor code (TOTP or recovery code), at sign-in or step-up. */
        SECOND_FACTOR_REFUSED,
        /** A second-factor check refused with 429, its own counts being held back. */
        SECOND_FACTOR_THROTTLED,
        /** A key of the second-factor counts reached its threshold. */
        SECOND_FACTOR_THROTTLE_ENGAGED,
        /** A correct code cleared a second-factor count that was being delayed. */
        SECOND_FACTOR_THROTTLE_RELEASED,
        /** A user enrolled a TOTP authenticator (and got recovery codes). */
        SECOND_FACTOR_ENROLLED,
        /** A user's second factors were removed, by the user or an administrator. */
        SECOND_FACTOR_REMOVED,
        /** A user registered a passkey. */
        PASSKEY_REGISTERED,
        /** A user removed a passkey. */
        PASSKEY_REMOVED,
        /**
         * A passkey assertion refused: an unknown or another account's credential, a forged,
         * expired or replayed challenge, another origin, a bad signature, a counter that went back.
         */
        PASSKEY_REFUSED,
        /** A recovery code was used up. */
        RECOVERY_CODE_USED,
        /** A user's recovery codes were replaced with new ones. */
        RECOVERY_CODES_REPLACED
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
