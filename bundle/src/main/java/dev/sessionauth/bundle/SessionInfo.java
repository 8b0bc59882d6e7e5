package dev.sessionauth.bundle;

import dev.sessionauth.store.AssuranceLevel;
import java.time.Instant;
import java.util.Optional;

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
 * @param assuranceLevel             {@code aal1} after a password alone, {@code aal2} once a
 *                                   second factor passed in this session
 * @param secondFactorAt             when a second factor last passed in this session (sign-in,
 *                                   step-up); empty at {@code aal1}
 */
public record SessionInfo(String handle, String userKey, Instant createdAt, Instant authenticatedAt,
                          Instant lastSeenAt, Instant absoluteExpiresAt, Instant recentlyAuthenticatedUntil,
                          String userAgent, String ipAddress, AssuranceLevel assuranceLevel,
                          Optional<Instant> secondFactorAt) {
}
