package dev.sessionauth.bundle.example;

import dev.sessionauth.bundle.RequireSecondFactor;
import dev.sessionauth.bundle.SecondFactorEnrolment;
import dev.sessionauth.bundle.SecondFactors;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** A member adds an authenticator app, steps up, and replaces the recovery codes. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class SecondFactorResource {

    public record Confirmation(@NotNull String token, @NotNull String code) {
    }

    public record Code(@NotNull String code) {
    }

    private final SecondFactors factors;

    public SecondFactorResource(SecondFactors factors) {
        this.factors = factors;
    }

    /**
     * A new secret for the app (a QR code of keyUri, or the secret typed in); needs a recent sign-in.
     * An administrator signed in without a second factor may reach this, and confirm, and nothing else.
     */
    @POST
    @SecondFactorEnrolment
    @Path("me/second-factor")
    public SecondFactors.TotpEnrolment begin(@Auth Member member, @Context ContainerRequestContext request) {
        return factors.beginTotp(request, member.id());
    }

    /** The app's first code stores the factor; the ten recovery codes are shown this once. */
    @POST
    @SecondFactorEnrolment
    @Path("me/second-factor/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, List<String>> confirm(@Auth Member member, @NotNull @Valid Confirmation confirmation,
                                             @Context ContainerRequestContext request) {
        return Map.of("recoveryCodes", factors.confirmTotp(request, member.id(), confirmation.token(),
            confirmation.code()));
    }

    /** A code moves the session to aal2, dated now: what @RequireSecondFactor asks for. */
    @POST
    @Path("me/step-up")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> stepUp(@Auth Member member, @NotNull @Valid Code code,
                                      @Context ContainerRequestContext request) {
        return Map.of("assuranceLevel", factors.stepUp(request, member.id(), code.code()).assuranceLevel().label());
    }

    /** Only with a second factor passed in the last five minutes; else 403 "Second factor required". */
    @POST
    @Path("me/recovery-codes")
    @RequireSecondFactor(withinSeconds = 300)
    public Map<String, List<String>> recoveryCodes(@Auth Member member, @Context ContainerRequestContext request) {
        return Map.of("recoveryCodes", factors.replaceRecoveryCodes(request, member.id()));
    }
}
