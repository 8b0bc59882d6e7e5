package dev.sessionauth.pages;

import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.SecondFactorEnrolment;
import dev.sessionauth.bundle.SessionEvent.Reason;
import dev.sessionauth.bundle.SessionInfo;
import dev.sessionauth.bundle.Sessions;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.store.AssuranceLevel;
import dev.sessionauth.users.PasswordPolicy;
import dev.sessionauth.users.User;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The pages of a signed-in user: the start page, the list of their sessions with a button to end
 * each or all, and the password change. Every form posts the session's CSRF token as {@code _csrf},
 * which the bundle checks before any of these methods runs; every answer to a form is a 303,
 * so reloading a page never repeats an action. Someone not signed in is sent to {@code /login}.
 */
@Path("/")
@Produces(HtmlPage.TEXT_HTML_UTF8)
@HtmlPage
public final class AccountPagesResource {

    static final URI SESSIONS = URI.create("/account/sessions");
    static final URI PASSWORD = URI.create("/account/password");
    static final String WRONG_PASSWORD = "Your current password is not correct.";
    static final String PASSWORDS_DIFFER = "The new passwords do not match.";
    static final String TOO_SHORT = "Choose a new password of at least " + PasswordPolicy.MIN_LENGTH + " characters.";
    static final String TOO_LONG = "Choose a new password of at most " + PasswordPolicy.MAX_LENGTH + " characters.";
    static final String UNCHANGED = "Choose a new password that differs from the current one.";
    static final String UNPRINTABLE = "Choose a new password without control characters.";
    static final String COMMON = "That password is one of the most common ones, which attackers try first. Choose another.";
    static final String BUSY = "Too many passwords are being checked right now. Please try again in a few seconds.";

    private static final int MAX_PASSWORD = 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneOffset.UTC);

    private final Logins logins;
    private final Sessions sessions;

    public AccountPagesResource(Logins logins, Sessions sessions) {
        this.logins = logins;
        this.sessions = sessions;
    }

    /**
     * The start page: who is signed in, and the way out. A user who must enrol a second factor
     * before anything else is sent to do so.
     */
    @SecondFactorEnrolment
    @GET
    public Response home(@Auth User user, @Context ContainerRequestContext request) {
        if (logins.hasSecondFactors() && logins.secondFactors().mustEnrol(request)) {
            return Response.seeOther(SecondFactorPagesResource.PAGE).build();
        }
        return Response.ok(new HomePage(user.username(), sessions.csrfToken(request), logins.hasSecondFactors(),
            logins.hasPasskeys()))
            .build();
    }

    /** The user's sessions, most recently used first, the caller's marked. */
    @GET
    @Path("account/sessions")
    public Page sessions(@Auth User user, @QueryParam("notice") String notice,
                         @Context ContainerRequestContext request) {
        String current = current(request).handle();
        List<SessionsPage.Row> rows = sessions.list(user.key()).stream()
            .map(session -> new SessionsPage.Row(session.handle(), Devices.describe(session.userAgent()),
                session.userAgent(), session.ipAddress(), format(session.createdAt()), format(session.lastSeenAt()),
                session.handle().equals(current), session.assuranceLevel() == AssuranceLevel.AAL2))
            .toList();
        return new SessionsPage(user.username(), sessions.csrfToken(request), rows,
            sessions.isRecentlyAuthenticated(request)).withNotice(Notices.text(notice));
    }

    /**
     * Confirms the password, which lets this session end others for the re-authentication window:
     * the session moves to a new ID, as every re-authentication does. A wrong password, a throttled
     * attempt or busy hashing shows the sessions page again with the reason.
     */
    @POST
    @Path("account/reauthenticate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reauthenticate(@Auth User user, @FormParam("password") String password,
                                   @Context ContainerRequestContext request) {
        return confirmPassword(logins, sessions, user, password, request,
            LoginPagesResource.withNotice(SESSIONS, Notices.CONFIRMED),
            (status, error) -> sessionsError(status, user, request, error));
    }

    /**
     * Confirms the password from a page's form and answers with a 303 to {@code confirmed}; a wrong
     * password, a throttled attempt or busy hashing shows {@code page} again with the reason, and a
     * password changed meanwhile, which ended the session, the sign-in form.
     */
    static Response confirmPassword(Logins logins, Sessions sessions, User user, String password,
                                    ContainerRequestContext request, URI confirmed,
                                    BiFunction<Response.Status, String, Response> page) {
        boolean verified;
        try {
            verified = password != null && password.length() <= MAX_PASSWORD
                && logins.reauthenticate(request, user.key(), password).isPresent();
        } catch (PasswordHasher.Busy | Logins.Throttled unchecked) {
            return notChecked(unchecked, page);
        }
        if (!verified && sessions.current(request).isEmpty()) {
            // The password changed while it was being confirmed, which ended this session.
            return Response.seeOther(LoginPagesResource.withNotice(LoginPagesResource.LOGIN, Notices.SIGNED_OUT)).build();
        }
        if (!verified) {
            return page.apply(Response.Status.UNAUTHORIZED, WRONG_PASSWORD);
        }
        return Response.seeOther(confirmed).build();
    }

    /**
     * A password that was not checked, hashing being busy or the attempt throttled: {@code page}
     * again with the reason, and {@code Retry-After}.
     */
    static Response notChecked(RuntimeException unchecked,
                                       BiFunction<Response.Status, String, Response> page) {
        if (unchecked instanceof Logins.Throttled throttled) {
            return Response.fromResponse(page.apply(Response.Status.TOO_MANY_REQUESTS,
                LoginPagesResource.throttledMessage("wrong passwords", throttled)))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(throttled.seconds())).build();
        }
        return Response.fromResponse(page.apply(Response.Status.SERVICE_UNAVAILABLE, BUSY))
            .header(HttpHeaders.RETRY_AFTER, "1").build();
    }

    private Response sessionsError(Response.Status status, User user, ContainerRequestContext request, String error) {
        return Response.status(status).entity(sessions(user, null, request).withError(error)).build();
    }

    /**
     * Ends one of the user's sessions, named by handle. Ending the caller's own signs them out;
     * ending another needs the password confirmed lately (ASVS 7.5.2: a stolen cookie must not sign
     * the owner out), else the page asks for it; a handle that names no live session of theirs
     * only says it had already ended.
     */
    @POST
    @Path("account/sessions/{handle}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@Auth User user, @PathParam("handle") String handle,
                           @Context ContainerRequestContext request) {
        if (handle.equals(current(request).handle())) {
            sessions.end(request, Reason.REVOKED);
            return Response.seeOther(LoginPagesResource.withNotice(LoginPagesResource.LOGIN, Notices.SIGNED_OUT)).build();
        }
        if (!sessions.isRecentlyAuthenticated(request)) {
            return Response.seeOther(LoginPagesResource.withNotice(SESSIONS, Notices.CONFIRM_PASSWORD)).build();
        }
        if (!sessions.end(user.key(), handle, Reason.REVOKED)) {
            return Response.seeOther(LoginPagesResource.withNotice(SESSIONS, Notices.SESSION_GONE)).build();
        }
        return Response.seeOther(LoginPagesResource.withNotice(SESSIONS, Notices.SESSION_ENDED)).build();
    }

    /** Ends every session of the user, this one included, once the password was confirmed lately. */
    @POST
    @Path("account/logout-all")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logoutEverywhere(@Auth User user, @Context ContainerRequestContext request) {
        if (!sessions.isRecentlyAuthenticated(request)) {
            return Response.seeOther(LoginPagesResource.withNotice(SESSIONS, Notices.CONFIRM_PASSWORD)).build();
        }
        sessions.endAll(user.key(), Reason.LOGOUT_ALL);
        sessions.end(request);
        return Response.seeOther(LoginPagesResource.withNotice(LoginPagesResource.LOGIN, Notices.SIGNED_OUT_EVERYWHERE))
            .build();
    }

    /** The password form. */
    @GET
    @Path("account/password")
    public Page passwordForm(@Auth User user, @QueryParam("notice") String notice,
                             @Context ContainerRequestContext request) {
        return new PasswordPage(user.username(), sessions.csrfToken(request)).withNotice(Notices.text(notice));
    }

    /**
     * Changes the password. Giving the current password is the re-authentication this needs, so the
     * session need not be recent; every other session is ended and this one moves to a new ID.
     */
    @POST
    @Path("account/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePassword(@Auth User user, @FormParam("currentPassword") String currentPassword,
                                   @FormParam("newPassword") String newPassword,
                                   @FormParam("confirmPassword") String confirmPassword,
                                   @Context ContainerRequestContext request) {
        String problem = problemWith(currentPassword, newPassword, confirmPassword);
        if (problem != null) {
            return passwordError(Response.Status.BAD_REQUEST, user, request, problem);
        }
        Logins.PasswordChange change;
        try {
            change = logins.changePassword(request, user.key(), currentPassword, newPassword);
        } catch (PasswordHasher.Busy | Logins.Throttled unchecked) {
            return notChecked(unchecked, (status, error) -> passwordError(status, user, request, error));
        }
        if (change == Logins.NotChanged.WRONG_PASSWORD) {
            return passwordError(Response.Status.UNAUTHORIZED, user, request, WRONG_PASSWORD);
        }
        if (change == Logins.NotChanged.UNCHANGED) {
            return passwordError(Response.Status.BAD_REQUEST, user, request, UNCHANGED);
        }
        return Response.seeOther(LoginPagesResource.withNotice(PASSWORD, Notices.PASSWORD_CHANGED)).build();
    }

    private static String problemWith(String currentPassword, String newPassword, String confirmPassword) {
        if (currentPassword == null || currentPassword.isEmpty() || currentPassword.length() > MAX_PASSWORD) {
            return WRONG_PASSWORD;
        }
        if (newPassword == null) {
            return TOO_SHORT;
        }
        if (!newPassword.equals(confirmPassword)) {
            return PASSWORDS_DIFFER;
        }
        return PasswordPolicy.check(newPassword).map(problem -> switch (problem) {
            case TOO_SHORT -> TOO_SHORT;
            case TOO_LONG -> TOO_LONG;
            case CONTROL_CHARACTERS -> UNPRINTABLE;
            case COMMON -> COMMON;
        }).orElse(null);
    }

    private Response passwordError(Response.Status status, User user, ContainerRequestContext request, String error) {
        return Response.status(status)
            .entity(new PasswordPage(user.username(), sessions.csrfToken(request)).withError(error))
            .build();
    }

    private SessionInfo current(ContainerRequestContext request) {
        return sessions.current(request).orElseThrow(IllegalStateException::new);
    }

    static String format(Instant instant) {
        return TIME.format(instant);
    }
}
