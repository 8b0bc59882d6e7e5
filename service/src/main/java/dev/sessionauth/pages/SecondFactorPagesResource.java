package dev.sessionauth.pages;

import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.SecondFactorEnrolment;
import dev.sessionauth.bundle.SecondFactors;
import dev.sessionauth.bundle.SessionInfo;
import dev.sessionauth.bundle.Sessions;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The account page of the second factor: add an authenticator app (its QR code, then its first
 * code, then the recovery codes, shown once), replace the recovery codes, remove the app. The rules
 * are the bundle's ({@link SecondFactors}); this resource turns each refusal into the form that
 * answers it: the password to confirm when the sign-in is not recent, a code when the last one is
 * more than {@link #RECENT_SECOND_FACTOR} old. Forms post the session's CSRF token, as every page's.
 */
@Path("/account/second-factor")
@Produces(HtmlPage.TEXT_HTML_UTF8)
@HtmlPage
public final class SecondFactorPagesResource {

    /** How recent a code must be to replace the recovery codes or remove the app, as the JSON API asks. */
    static final Duration RECENT_SECOND_FACTOR = Duration.ofMinutes(5);
    static final URI PAGE = URI.create("/account/second-factor");
    static final String WRONG_CODE = "That code is not right. Enter the code your app shows now.";

    private static final int MAX_FIELD = 1024;

    private final Logins logins;
    private final SecondFactors factors;
    private final Sessions sessions;

    public SecondFactorPagesResource(Logins logins, Sessions sessions) {
        this.logins = logins;
        this.factors = logins.secondFactors();
        this.sessions = sessions;
    }

    @SecondFactorEnrolment
    @GET
    public Page page(@Auth User user, @QueryParam("notice") String notice, @Context ContainerRequestContext request) {
        SecondFactors.Status status = factors.status(user.key());
        SessionInfo session = sessions.current(request).orElseThrow(IllegalStateException::new);
        return new SecondFactorPage(user.username(), sessions.csrfToken(request), status.enrolled(),
            status.recoveryCodesLeft(), session.assuranceLevel().label(), sessions.isRecentlyAuthenticated(request),
            factors.hasSecondFactor(request, RECENT_SECOND_FACTOR), factors.mustEnrol(request))
            .withNotice(Notices.text(notice));
    }

    /** Confirms the password, which every change here needs lately. */
    @SecondFactorEnrolment
    @POST
    @Path("reauthenticate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reauthenticate(@Auth User user, @FormParam("password") String password,
                                   @Context ContainerRequestContext request) {
        return AccountPagesResource.confirmPassword(logins, sessions, user, password, request,
            LoginPagesResource.withNotice(PAGE, Notices.FACTOR_CONFIRMED),
            (status, error) -> pageError(status, user, request, error));
    }

    /** A new secret: the page with its QR code. Without a recent sign-in, the page asks for the password. */
    @SecondFactorEnrolment
    @POST
    @Path("totp")
    public Response begin(@Auth User user, @Context ContainerRequestContext request) {
        SecondFactors.TotpEnrolment enrolment;
        try {
            enrolment = factors.beginTotp(request, user.key());
        } catch (SecondFactors.Refused refused) {
            return Response.seeOther(PAGE).build();
        }
        return Response.ok(enrolPage(user, request, enrolment)).build();
    }

    /** The app's first code turns the factor on; the recovery codes are shown this once. */
    @SecondFactorEnrolment
    @POST
    @Path("totp/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirm(@Auth User user, @FormParam("token") String token, @FormParam("code") String code,
                            @Context ContainerRequestContext request) {
        if (token == null || token.length() > MAX_FIELD || code == null || code.length() > MAX_FIELD) {
            return Response.seeOther(PAGE).build();
        }
        List<String> recoveryCodes;
        try {
            recoveryCodes = factors.confirmTotp(request, user.key(), token, code);
        } catch (SecondFactors.CodeRefused | Logins.Throttled refused) {
            return factors.enrolment(user.key(), token)
                .map(enrolment -> enrolError(refused, user, request, enrolment))
                .orElseGet(() -> Response.seeOther(PAGE).build());
        } catch (SecondFactors.Refused refused) {
            return Response.seeOther(PAGE).build();
        }
        return Response.ok(new RecoveryCodesPage(user.username(), sessions.csrfToken(request), recoveryCodes)).build();
    }

    /** A code from the app, which replacing the recovery codes and removing the app need lately. */
    @POST
    @Path("step-up")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response stepUp(@Auth User user, @FormParam("code") String code, @Context ContainerRequestContext request) {
        try {
            factors.stepUp(request, user.key(), code == null || code.length() > MAX_FIELD ? "" : code);
        } catch (SecondFactors.CodeRefused refused) {
            return pageError(Response.Status.UNAUTHORIZED, user, request, WRONG_CODE);
        } catch (Logins.Throttled throttled) {
            return AccountPagesResource.notChecked(throttled, (status, error) -> pageError(status, user, request,
                LoginPagesResource.throttledMessage("wrong codes", throttled)));
        }
        return Response.seeOther(LoginPagesResource.withNotice(PAGE, Notices.CODE_CONFIRMED)).build();
    }

    @POST
    @Path("recovery-codes")
    public Response replaceRecoveryCodes(@Auth User user, @Context ContainerRequestContext request) {
        if (!factors.hasSecondFactor(request, RECENT_SECOND_FACTOR)) {
            return Response.seeOther(PAGE).build();
        }
        try {
            return Response.ok(new RecoveryCodesPage(user.username(), sessions.csrfToken(request),
                factors.replaceRecoveryCodes(request, user.key()))).build();
        } catch (SecondFactors.Refused refused) {
            return Response.seeOther(PAGE).build();
        }
    }

    @POST
    @Path("remove")
    public Response remove(@Auth User user, @Context ContainerRequestContext request) {
        if (!factors.hasSecondFactor(request, RECENT_SECOND_FACTOR)) {
            return Response.seeOther(PAGE).build();
        }
        try {
            factors.remove(request, user.key());
        } catch (SecondFactors.Refused refused) {
            return Response.seeOther(PAGE).build();
        }
        return Response.seeOther(LoginPagesResource.withNotice(PAGE, Notices.FACTOR_REMOVED)).build();
    }

    private Page enrolPage(User user, ContainerRequestContext request, SecondFactors.TotpEnrolment enrolment) {
        return new EnrolPage(user.username(), sessions.csrfToken(request), enrolment.keyUri(), enrolment.secret(),
            enrolment.token());
    }

    private Response enrolError(RuntimeException refused, User user, ContainerRequestContext request,
                                SecondFactors.TotpEnrolment enrolment) {
        if (refused instanceof Logins.Throttled throttled) {
            return AccountPagesResource.notChecked(throttled, (status, error) -> Response.status(status)
                .entity(enrolPage(user, request, enrolment).withError(
                    LoginPagesResource.throttledMessage("wrong codes", throttled))).build());
        }
        return Response.status(Response.Status.UNAUTHORIZED).entity(enrolPage(user, request, enrolment)
            .withError(WRONG_CODE)).build();
    }

    private Response pageError(Response.Status status, User user, ContainerRequestContext request, String error) {
        return Response.status(status).entity(page(user, null, request).withError(error)).build();
    }
}
