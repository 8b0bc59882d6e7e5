package dev.sessionauth.bundle;

import dev.sessionauth.bundle.SessionEvent.Reason;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a host's resources do with sessions, once the host has checked who the user is: start one,
 * rotate it, end it, end all of a user's, list them. Get it from {@link SessionAuthBundle#sessions()}
 * in {@code run} and hand it to resources at construction; the request-bound methods take the
 * resource's {@code @Context ContainerRequestContext}.
 *
 * <p>A session started or rotated during a request reaches the browser with that request's
 * response: the bundle adds the signed cookie and the new CSRF token (header
 * {@value #CSRF_HEADER}) whatever the resource answers. A session ended through the request clears
 * the cookie the same way.
 *
 * <p>Every method changes the store first and then tells the {@link SessionListener}. A store that
 * cannot be reached throws {@code SessionStoreException}, which the bundle answers with 503.
 * Thread-safe.
 */
public interface Sessions {

    /** The header that carries the CSRF token of unsafe requests, and that answers a new session. */
    String CSRF_HEADER = "X-CSRF-Token";

    /** The form field that may carry the CSRF token instead of the header. */
    String CSRF_FORM_FIELD = "_csrf";

    /**
     * The response header that gives a client authenticated by {@code Authorization: Bearer} its
     * session's new token after a rotation ({@code sessions.bearerTokens}).
     */
    String TOKEN_HEADER = "X-Session-Token";

    /** The request's live session; looked up at most once per request. Empty when there is none. */
    Optional<SessionInfo> current(ContainerRequestContext request);

    /**
     * The client's address as a session started now would record it: the peer, or behind a
     * trusted proxy ({@code sessions.trustedProxies}) the address that proxy saw; empty when
     * unknown. For keying what a host counts per client, such as failed sign-ins.
     */
    String clientAddress(ContainerRequestContext request);

    /** The message of the 401 a rotation answers when the session ended while it was being rotated. */
    String SESSION_ENDED = "Not authenticated";

    /**
     * The CSRF token of the request's live session, for a page's forms or a script's header.
     *
     * @throws IllegalStateException when the request has no live session
     */
    String csrfToken(ContainerRequestContext request);

    /**
     * Whether the request's session proved who its user is (sign-in, {@link #rotate(ContainerRequestContext,
     * Reason, boolean) re-authentication}) within {@code reauthenticationWindow}; false without a session.
     * What sensitive operations (changing a password) should require.
     */
    boolean isRecentlyAuthenticated(ContainerRequestContext request);

    /**
     * Whether the request's session passed a second factor (a code, or a passkey) within
     * {@code within}, any time in the session for a zero window; false without a session. What
     * {@link RequireSecondFactor} checks, for a page that asks for the factor instead of answering 403.
     */
    boolean hasSecondFactor(ContainerRequestContext request, Duration within);

    /**
     * Starts a session for a user the host has just authenticated. Any session the request
     * presented is ended first, so an ID planted before sign-in is worthless after it (no
     * fixation); beyond {@code maxSessionsPerUser}, the user's least recently used sessions end.
     *
     * @param userKey the user, as the {@link PrincipalLoader} will be given it: non-empty, at most
     *                255 bytes of UTF-8; a numeric ID as its decimal text
     * @throws IllegalArgumentException when {@code userKey} is empty, too long or malformed
     */
    SessionInfo start(ContainerRequestContext request, String userKey);

    /**
     * The signed token of the session this request started or rotated to, for a client that is
     * not a browser to send as {@code Authorization: Bearer} instead of the cookie. Put it in a
     * sign-in answer only for such clients: a page's script that can read it can take the session
     * away, which the {@code HttpOnly} cookie prevents.
     *
     * @return empty when {@code sessions.bearerTokens} is off, or the request started no session
     */
    Optional<String> bearerToken(ContainerRequestContext request);

    /** Ends the request's session as a logout. See {@link #end(ContainerRequestContext, Reason)}. */
    default boolean end(ContainerRequestContext request) {
        return end(request, Reason.LOGOUT);
    }

    /**
     * Ends the request's session, if it has one, and expires the cookie in the response either
     * way. Idempotent.
     *
     * @return whether a live session was ended
     */
    boolean end(ContainerRequestContext request, Reason reason);

    /** Rotates the request's session after a change of privilege. See {@link #rotate(ContainerRequestContext, Reason, boolean)}. */
    default SessionInfo rotate(ContainerRequestContext request) {
        return rotate(request, Reason.PRIVILEGE_CHANGE, false);
    }

    /**
     * Moves the request's session to a new ID and CSRF token; the old ID is dead from now on. The
     * session keeps its user, client and absolute expiry: rotation never extends its life.
     *
     * <p>Atomic: the successor is stored only if the session is still live, so a logout, a revoke
     * or "end all sessions" that lands while it runs is never undone.
     *
     * @param reauthenticated whether the user has just proved who they are again, which restarts
     *                        the re-authentication window
     * @throws IllegalStateException   when the request has no live session
     * @throws NotAuthorizedException  (401 JSON, {@value #SESSION_ENDED}) when the session ended while
     *                                 it was being rotated; the response clears the cookie
     */
    SessionInfo rotate(ContainerRequestContext request, Reason reason, boolean reauthenticated);

    /**
     * Rotates the request's session after a re-authentication, as {@link #rotate(ContainerRequestContext,
     * Reason, boolean)} does, dated by the credentials the user proved: {@code reauthenticatedAt} is
     * when they were read, before they were checked. A password change that lands between that
     * read and this rotation then makes the new session stale, as it makes every session signed in
     * before it.
     */
    SessionInfo rotate(ContainerRequestContext request, Reason reason, Instant reauthenticatedAt);

    /**
     * Ends every session of a user, on every node that shares the store. The request's own
     * session is among them if it is the user's; then follow with {@link #end(ContainerRequestContext)}
     * to expire its cookie.
     *
     * @return how many live sessions were ended
     */
    int endAll(String userKey, Reason reason);

    /**
     * Ends every session of the request's user but the request's own (after a password change).
     *
     * @return how many sessions were ended
     * @throws IllegalStateException when the request has no live session
     */
    int endOthers(ContainerRequestContext request, Reason reason);

    /**
     * Ends the user's session that {@code handle} names. To end the request's own session, use
     * {@link #end(ContainerRequestContext, Reason)}, which also expires its cookie.
     *
     * @return false when no live session of this user has that handle, whoever else's it may name
     */
    boolean end(String userKey, String handle, Reason reason);

    /** The user's live sessions, most recently used first; empty when none. */
    List<SessionInfo> list(String userKey);
}
