package dev.sessionauth.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sessionauth.bundle.SessionInfo;

/**
 * One session as a user or an administrator sees it: named by its handle, never by its ID, with
 * times as ISO-8601 instants, and its assurance level ({@code aal1}, {@code aal2}) with when a
 * second factor last passed in it (left out at {@code aal1}).
 *
 * @param current whether this is the session of the request that asked; null in admin listings
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionView(String handle, String createdAt, String lastSeenAt, String userAgent, String ipAddress,
                          String assuranceLevel, String secondFactorAt, Boolean current) {

    /** The view of {@code session}; {@code current} null to leave it out. */
    public static SessionView of(SessionInfo session, Boolean current) {
        return new SessionView(session.handle(), session.createdAt().toString(), session.lastSeenAt().toString(),
            session.userAgent(), session.ipAddress(), session.assuranceLevel().label(),
            session.secondFactorAt().map(Object::toString).orElse(null), current);
    }
}
