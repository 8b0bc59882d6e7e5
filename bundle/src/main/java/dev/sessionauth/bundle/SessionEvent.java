package dev.sessionauth.bundle;

import java.time.Instant;

/**
 * Something that happened to a session, as {@link SessionListener}s see it. Names sessions by
 * {@linkplain SessionHandles handle}, never by ID, so an event can be logged or shipped anywhere.
 *
 * @param type           created, rotated (a new ID replaced {@code previousHandle}) or ended
 * @param reason         why
 * @param userKey        whose session, as the host named the user
 * @param handle         the session's handle (after rotation: the new one)
 * @param previousHandle the handle before rotation; null for other types
 * @param at             when, by the service's clock
 */
public record SessionEvent(Type type, Reason reason, String userKey, String handle, String previousHandle, Instant at) {

    /** What happened. */
    public enum Type { CREATED, ROTATED, ENDED }

    /** Why it happened. */
    public enum Reason {
        /** Created at login. */
        LOGIN,
        /** Ended because the request that logged in presented it: a session never survives a login. */
        SUPERSEDED,
        /** Rotated after the user proved their password again. */
        REAUTHENTICATION,
        /** Rotated because the user's privileges changed (a role granted, a step-up). */
        PRIVILEGE_CHANGE,
        /** Rotated, or ended as one of the user's other sessions, because the password changed. */
        PASSWORD_CHANGE,
        /** Ended by its own logout. */
        LOGOUT,
        /** Ended by the user's "log out everywhere". */
        LOGOUT_ALL,
        /** Ended by the user from the session list. */
        REVOKED,
        /** Ended by an administrator or operator. */
        ADMIN_REVOKED,
        /** Ended because the user was disabled. */
        USER_DISABLED,
        /** Ended because the user was deleted. */
        USER_DELETED,
        /**
         * Ended on its next request because it was authenticated before its user's credentials
         * last changed ({@link SessionAuthBundle#credentialsChangedAt}): one that the change's own
         * ending of sessions missed.
         */
        CREDENTIALS_CHANGED,
        /** Ended because a timeout passed. */
        EXPIRED,
        /** Ended, least recently used first, to keep the user within maxSessionsPerUser. */
        SESSION_LIMIT,
        /** Rotated to {@code aal2} after a second factor passed in the session (step-up, enrolment). */
        SECOND_FACTOR,
        /** Ended because an administrator removed the user's second factors. */
        SECOND_FACTOR_REMOVED
    }
}
