package dev.sessionauth.pages;

import com.codahale.metrics.Counter;
import dev.sessionauth.bundle.CookieHeaders;
import dev.sessionauth.bundle.LoginForm;
import dev.sessionauth.bundle.LoginForms;
import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.bundle.SecondFactors;
import dev.sessionauth.bundle.Sessions;
import dev.sessionauth.forward.ReturnUrls;
import dev.sessionauth.users.User;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.Optional;

/**
 * Signing in and out through pages: {@code GET /login} (the form), {@code POST /login}
 * (form-encoded; a 303 to {@code /} on success, or to the page the browser was sent from, {@code rd},
 * where {@link ReturnUrls} allows it), for an account with a second factor the code form
 * ({@code /login/second-factor}) between the two, and {@code POST /logout}. The login form carries a
 * signed double-submit token ({@link LoginForms}), since no session exists yet to carry one; the
 * bundle's cross-site check applies as to every unsafe request. A failed sign-in says
 * only that the username or password is wrong, whichever it was.
 */
@Path("/")
@Produces(HtmlPage.TEXT_HTML_UTF8)
@HtmlPage
public final class LoginPagesResource {

    static final URI LOGIN = URI.create("/login");
    static final URI CODE = URI.create("/login/second-factor");
    static final String WRONG_CODE = "That code is not right. Enter the code your app shows now, or a recovery code.";
    static final URI HOME = URI.create("/");
    /** The parameter that says where to go after signing in, as forward authentication sends it. */
    static final String RETURN_TO = "rd";
    static final String FORM_EXPIRED = "This sign-in form had expired. Please try again.";
    static final String MISSING_CREDENTIALS = "Enter your username and password.";
    static final String TOO_MANY_AT_ONCE = "Too many sign-ins to this account are being checked right now. Please try "
        + "again in a second.";
    static final String TOO_MANY_FORMS = "Too many sign-ins from your network. Please try again in a few seconds.";
    static final String BUSY = "Too many people are signing in right now. Please try again in a few seconds.";

    /** The counter of refused forms, shared with the bundle's other CSRF refusals. */
    public static final String REFUSED_CSRF = "sessionauth.refused.csrf";

    private static final int MAX_USERNAME = 255;
    private static final int MAX_PASSWORD = 1024;
    private static final int MAX_CODE = 64;

    private final Logins logins;
    private final Sessions sessions;
    private final LoginForms loginForms;
    private final ReturnUrls returnUrls;
    private final Counter refusedForms;

    /**
     * @param returnUrls   where a browser may be sent back to after signing in
     * @param refusedForms counts forms refused for a bad login token
     */
    public LoginPagesResource(Logins logins, Sessions sessions, LoginForms loginForms, ReturnUrls returnUrls,
                         Counter refusedForms) {
        this.logins = logins;
        this.sessions = sessions;
        this.loginForms = loginForms;
        this.returnUrls = returnUrls;
        this.refusedForms = refusedForms;
    }

    /**
     * The sign-in form; someone already signed in goes straight on, to {@code rd} if it may be
     * used, else to the start page.
     */
    @GET
    @Path("login")
    public Response form(@QueryParam("notice") String notice, @QueryParam(RETURN_TO) String rd,
                         @Context ContainerRequestContext request) {
        Optional<URI> returnTo = returnUrls.target(rd);
        if (sessions.current(request).isPresent()) {
            return Response.seeOther(returnTo.orElse(HOME)).build();
        }
        return form(Response.Status.OK, null, Notices.text(notice), null, returnTo);
    }

    /**
     * Signs in from the form. The login token must match the nonce cookie the form came with; then
     * the credentials are checked exactly as {@code POST /auth/login} checks them, and, once the
     * throttle has let the attempt through and before the password is hashed, the form is claimed:
     * it must never have been posted before ({@link LoginForms#claim}). An empty, oversized or
     * throttled form claims nothing. A refused form is shown again with a fresh token.
     */
    @POST
    @Path("login")
    @LoginForm
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("username") String username, @FormParam("password") String password,
                           @FormParam(Sessions.CSRF_FORM_FIELD) String token, @FormParam(RETURN_TO) String rd,
                           @Context ContainerRequestContext request) {
        Optional<URI> returnTo = returnUrls.target(rd);
        Optional<String> nonce = CookieHeaders.find(request.getHeaders().get(HttpHeaders.COOKIE),
            loginForms.cookieName());
        if (!loginForms.verify(nonce.orElse(null), token)) {
            refusedForms.inc();
            return form(Response.Status.FORBIDDEN, FORM_EXPIRED, null, username, returnTo);
        }
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            return form(Response.Status.BAD_REQUEST, MISSING_CREDENTIALS, null, username, returnTo);
        }
        if (username.length() > MAX_USERNAME || password.length() > MAX_PASSWORD) {
            return form(Response.Status.UNAUTHORIZED, Logins.LOGIN_FAILED, null, null, returnTo);
        }
        LoginForms.Claim[] claim = new LoginForms.Claim[1];
        try {
            logins.signIn(request, username, password,
                client -> (claim[0] = loginForms.claim(nonce.get(), client)) == LoginForms.Claim.CLAIMED);
        } catch (Logins.NotAdmitted declined) {
            if (claim[0] == LoginForms.Claim.TOO_MANY) {
                return Response.fromResponse(form(Response.Status.TOO_MANY_REQUESTS, TOO_MANY_FORMS, null, username,
                    returnTo)).header(HttpHeaders.RETRY_AFTER, "1").build();
            }
            refusedForms.inc();
            return form(Response.Status.FORBIDDEN, FORM_EXPIRED, null, username, returnTo);
        } catch (PasswordHasher.Busy busy) {
            return Response.fromResponse(form(Response.Status.SERVICE_UNAVAILABLE, BUSY, null, username, returnTo))
                .header(HttpHeaders.RETRY_AFTER, "1").build();
        } catch (Logins.Throttled throttled) {
            return Response.fromResponse(form(Response.Status.TOO_MANY_REQUESTS, throttledMessage("failed sign-ins", throttled), null,
                username, returnTo)).header(HttpHeaders.RETRY_AFTER, Long.toString(throttled.seconds())).build();
        } catch (Logins.Refused refused) {
            return form(Response.Status.UNAUTHORIZED, Logins.LOGIN_FAILED, null, username, returnTo);
        } catch (Logins.SecondFactorPending pending) {
            // The password was right; the pending sign-in's cookie goes with this answer.
            return Response.seeOther(returnTo.map(target -> UriBuilder.fromUri(CODE).queryParam(RETURN_TO, target).build())
                .orElse(CODE)).header(HttpHeaders.SET_COOKIE, loginForms.expire()).build();
        }
        return Response.seeOther(returnTo.orElse(HOME)).header(HttpHeaders.SET_COOKIE, loginForms.expire()).build();
    }

    /** The code form of a sign-in whose password was right; without a pending sign-in, the sign-in form. */
    @GET
    @Path("login/second-factor")
    public Response codeForm(@QueryParam(RETURN_TO) String rd, @Context ContainerRequestContext request) {
        Optional<URI> returnTo = returnUrls.target(rd);
        if (sessions.current(request).isPresent()) {
            return Response.seeOther(returnTo.orElse(HOME)).build();
        }
        return codeForm(Response.Status.OK, null, returnTo, request);
    }

    /**
     * Finishes the sign-in with a code from the authenticator app or a recovery code
     * ({@link Logins#completeSignIn}); the form carries its own token, as the sign-in form does. A
     * wrong code shows the form again; a sign-in that expired, was used or never began starts
     * over at the sign-in form.
     */
    @POST
    @Path("login/second-factor")
    @LoginForm
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response completeSignIn(@FormParam("code") String code, @FormParam(Sessions.CSRF_FORM_FIELD) String token,
                                   @FormParam(RETURN_TO) String rd, @Context ContainerRequestContext request) {
        Optional<URI> returnTo = returnUrls.target(rd);
        Optional<String> nonce = CookieHeaders.find(request.getHeaders().get(HttpHeaders.COOKIE),
            loginForms.cookieName());
        if (!loginForms.verify(nonce.orElse(null), token)) {
            refusedForms.inc();
            return codeForm(Response.Status.FORBIDDEN, FORM_EXPIRED, returnTo, request);
        }
        if (!logins.hasSecondFactors()) {
            return Response.seeOther(LOGIN).build();
        }
        if (code == null || code.isBlank() || code.length() > MAX_CODE) {
            return codeForm(Response.Status.BAD_REQUEST, WRONG_CODE, returnTo, request);
        }
        try {
            logins.completeSignIn(request, code);
        } catch (SecondFactors.CodeRefused refused) {
            return codeForm(Response.Status.UNAUTHORIZED, WRONG_CODE, returnTo, request);
        } catch (Logins.SignInExpired expired) {
            return Response.seeOther(withNotice(LOGIN, Notices.SIGN_IN_EXPIRED)).build();
        } catch (Logins.Throttled throttled) {
            return Response.fromResponse(codeForm(Response.Status.TOO_MANY_REQUESTS,
                throttledMessage("wrong codes", throttled), returnTo, request))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(throttled.seconds())).build();
        }
        return Response.seeOther(returnTo.orElse(HOME)).header(HttpHeaders.SET_COOKIE, loginForms.expire()).build();
    }

    /**
     * The code form of a step-up: a signed-in user whom a {@code second-factor} access rule sent
     * here with the application's URL as {@code rd}. Without second factors configured, straight on.
     */
    @GET
    @Path("login/step-up")
    public Response stepUpForm(@Auth User user, @QueryParam(RETURN_TO) String rd,
                               @Context ContainerRequestContext request) {
        Optional<URI> returnTo = returnUrls.target(rd);
        if (!logins.hasSecondFactors() && !logins.hasPasskeys()) {
            return Response.seeOther(returnTo.orElse(HOME)).build();
        }
        return stepUpForm(Response.Status.OK, user, request, null, returnTo);
    }

    /** Checks the code in the signed-in session (the session's CSRF token, as every form's) and goes back to {@code rd}. */
    @POST
    @Path("login/step-up")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response stepUp(@Auth User user, @FormParam("code") String code, @FormParam(RETURN_TO) String rd,
                           @Context ContainerRequestContext request) {
        Optional<URI> returnTo = returnUrls.target(rd);
        if (!logins.hasSecondFactors()) {
            return Response.seeOther(returnTo.orElse(HOME)).build();
        }
        try {
            logins.secondFactors().stepUp(request, user.key(), code == null || code.length() > MAX_CODE ? "" : code);
        } catch (SecondFactors.CodeRefused refused) {
            return stepUpForm(Response.Status.UNAUTHORIZED, user, request, WRONG_CODE, returnTo);
        } catch (Logins.Throttled throttled) {
            return Response.fromResponse(stepUpForm(Response.Status.TOO_MANY_REQUESTS, user, request,
                throttledMessage("wrong codes", throttled), returnTo))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(throttled.seconds())).build();
        }
        return Response.seeOther(returnTo.orElse(HOME)).build();
    }

    private Response stepUpForm(Response.Status status, User user, ContainerRequestContext request, String error,
                                Optional<URI> returnTo) {
        boolean code = logins.hasSecondFactors() && logins.secondFactors().isEnrolled(user.key());
        boolean passkey = logins.hasPasskeys() && logins.passkeys().hasPasskey(user.key());
        return Response.status(status).entity(new StepUpPage(user.username(), sessions.csrfToken(request),
            returnTo.map(URI::toString).orElse(null), code || !passkey, passkey).withError(error)).build();
    }

    /** Ends the request's session, if any, and shows the sign-in form. */
    @POST
    @Path("logout")
    public Response signOut(@Context ContainerRequestContext request) {
        sessions.end(request);
        return Response.seeOther(withNotice(LOGIN, Notices.SIGNED_OUT)).build();
    }

    /** What a page says when attempts are held back, e.g. "Too many failed sign-ins. Please wait 4 seconds...". */
    static String throttledMessage(String tooMany, Logins.Throttled throttled) {
        if (!throttled.failures()) {
            return TOO_MANY_AT_ONCE;
        }
        long seconds = throttled.seconds();
        String wait = seconds < 120 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes";
        return "Too many " + tooMany + ". Please wait " + wait + " before trying again.";
    }

    /** {@code page} with {@code ?notice=key}. */
    static URI withNotice(URI page, String key) {
        return UriBuilder.fromUri(page).queryParam("notice", key).build();
    }

    private Response codeForm(Response.Status status, String error, Optional<URI> returnTo,
                              ContainerRequestContext request) {
        LoginForms.Issued issued = loginForms.issue();
        Logins.PendingFactors factors = logins.pendingFactors(request).orElse(new Logins.PendingFactors(true, false));
        Page page = new CodePage(issued.formToken(), returnTo.map(URI::toString).orElse(null), factors.code(),
            factors.passkey()).withError(error);
        return Response.status(status).entity(page).header(HttpHeaders.SET_COOKIE, issued.cookie()).build();
    }

    private Response form(Response.Status status, String error, String notice, String enteredUsername,
                          Optional<URI> returnTo) {
        LoginForms.Issued issued = loginForms.issue();
        String shown = enteredUsername == null || enteredUsername.length() > MAX_USERNAME ? null : enteredUsername;
        Page page = new LoginPage(issued.formToken(), shown, returnTo.map(URI::toString).orElse(null),
            logins.hasPasskeys())
            .withError(error).withNotice(notice);
        return Response.status(status).entity(page).header(HttpHeaders.SET_COOKIE, issued.cookie()).build();
    }
}
