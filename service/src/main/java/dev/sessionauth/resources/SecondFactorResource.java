package dev.sessionauth.resources;

import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.SecondFactorEnrolment;
import dev.sessionauth.bundle.RequireSecondFactor;
import dev.sessionauth.bundle.SecondFactors;
import dev.sessionauth.bundle.SessionInfo;
import dev.sessionauth.bundle.Sessions;
import dev.sessionauth.users.User;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Second factors over JSON, per the HTTP contract in DESIGN.md: the second step of a sign-in,
 * enrolment of a TOTP authenticator, recovery codes, step-up and removal. The rules (recent
 * authentication, single-use codes, the code throttle) are the bundle's ({@link SecondFactors});
 * this resource only maps them to the API.
 */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public final class SecondFactorResource {

    /** The answer to {@code GET /auth/second-factor}. */
    public record FactorStatus(boolean totp, int recoveryCodesLeft, String assuranceLevel, String secondFactorAt) {}

    /** What an enrolment offers: the secret for typing in, the URI a QR code carries, and the token to confirm with. */
    public record TotpOffer(String secret, String keyUri, String token) {}

    /** New recovery codes, shown once. */
    public record RecoveryCodes(List<String> recoveryCodes) {}

    /** The session's level after a step-up. */
    public record SteppedUp(String assuranceLevel, String secondFactorAt) {}

    /** How recent a second factor must be to change the factors themselves, in seconds. */
    static final long RECENT_SECOND_FACTOR = 300;

    private final Logins logins;
    private final SecondFactors factors;
    private final Sessions sessions;

    public SecondFactorResource(Logins logins, Sessions sessions) {
        this.logins = logins;
        this.factors = logins.secondFactors();
        this.sessions = sessions;
    }

    /**
     * The second step of a sign-in whose password was right ({@code POST /auth/login} answered
     * 401 {@value SecondFactors#REQUIRED} with a pending cookie): a TOTP or recovery code starts
     * the session at {@code aal2}.
     */
    @POST
    @Path("/login/second-factor")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response completeLogin(@NotNull @Valid CodeRequest body, @Context ContainerRequestContext request) {
        Logins.SignedIn signedIn = logins.completeSignIn(request, body.code());
        return Response.ok(UserResponse.of(signedIn.account())).build();
    }

    /** What second factors the user has, and the request's session's level. */
    @SecondFactorEnrolment
    @GET
    @Path("/second-factor")
    public FactorStatus status(@Auth User user, @Context ContainerRequestContext request) {
        SecondFactors.Status status = factors.status(user.key());
        SessionInfo session = sessions.current(request).orElseThrow(IllegalStateException::new);
        return new FactorStatus(status.totp(), status.recoveryCodesLeft(), session.assuranceLevel().label(),
            session.secondFactorAt().map(Object::toString).orElse(null));
    }

    /** Offers a TOTP secret to enrol; needs a recently authenticated session. Nothing is stored yet. */
    @SecondFactorEnrolment
    @POST
    @Path("/second-factor/totp")
    public TotpOffer beginTotp(@Auth User user, @Context ContainerRequestContext request) {
        SecondFactors.TotpEnrolment offer = factors.beginTotp(request, user.key());
        return new TotpOffer(offer.secret(), offer.keyUri(), offer.token());
    }

    /** Confirms the enrolment with a first code: the factor is stored and the session is at {@code aal2}. */
    @SecondFactorEnrolment
    @POST
    @Path("/second-factor/totp/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    public RecoveryCodes confirmTotp(@Auth User user, @NotNull @Valid TotpConfirmation body,
                                     @Context ContainerRequestContext request) {
        return new RecoveryCodes(factors.confirmTotp(request, user.key(), body.token(), body.code()));
    }

    /**
     * Ten new recovery codes in place of the old; needs a recently authenticated session that
     * passed its second factor within five minutes (403 {@value SecondFactors#REQUIRED}: step up).
     */
    @POST
    @RequireSecondFactor(withinSeconds = RECENT_SECOND_FACTOR)
    @Path("/second-factor/recovery-codes")
    public RecoveryCodes replaceRecoveryCodes(@Auth User user, @Context ContainerRequestContext request) {
        return new RecoveryCodes(factors.replaceRecoveryCodes(request, user.key()));
    }

    /**
     * Removes the user's second factors; needs a recently authenticated session that passed its
     * second factor within five minutes (one who lost the authenticator signs in with a recovery
     * code). 404 when there were none.
     */
    @DELETE
    @RequireSecondFactor(withinSeconds = RECENT_SECOND_FACTOR)
    @Path("/second-factor")
    public Response remove(@Auth User user, @Context ContainerRequestContext request) {
        if (!factors.remove(request, user.key())) {
            throw new WebApplicationException("No second factor is enrolled", 404);
        }
        return Response.noContent().build();
    }

    /** Checks a code in the signed-in session and moves it to {@code aal2}, dated now. */
    @POST
    @Path("/step-up")
    @Consumes(MediaType.APPLICATION_JSON)
    public SteppedUp stepUp(@Auth User user, @NotNull @Valid CodeRequest body,
                            @Context ContainerRequestContext request) {
        SessionInfo session = factors.stepUp(request, user.key(), body.code());
        return new SteppedUp(session.assuranceLevel().label(), session.secondFactorAt().orElseThrow().toString());
    }
}
