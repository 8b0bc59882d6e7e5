package dev.sessionauth.bundle;

import java.time.Instant;

/**
 * What a host may know and show about a session: never its ID, which would let anyone who sees it
 * replay it, nor its CSRF token. Sessions are named by their {@code handle}. Immutable.
 *
 * @param handle                     names the session outside the server: 22 base64url
 *                                   characters, stable for the session's life, not an ID
 * @param userKey                    whose session it is, as {@link Sessions#start} was given it
 * @param createdAt                  when the user signed in
 * @param authenticatedAt            when the user last proved who they are (sign-in,
 *                                   re-authentication)
 * @param lastSeenAt                 the last recorded activity (recorded at most once per
 *                                   {@code touchInterval})
 * @param absoluteExpiresAt          when the session ends however active it is
 * @param recentlyAuthenticatedUntil when {@code authenticatedAt} stops counting as recent
 *                                   ({@code reauthenticationWindow})
 * @param userAgent                  the {@code User-Agent} at sign-in; empty when none was sent
 * @param ipAddress                  the client's address at sign-in; empty when unknown
 */
public record SessionInfo(String handle, String userKey, Instant createdAt, Instant authenticatedAt,
                          Instant lastSeenAt, Instant absoluteExpiresAt, Instant recentlyAuthenticatedUntil,
                          String userAgent, String ipAddress) {
}
