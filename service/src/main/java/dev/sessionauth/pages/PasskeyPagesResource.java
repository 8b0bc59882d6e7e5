package dev.sessionauth.pages;

import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.Passkey;
import dev.sessionauth.bundle.Passkeys;
import dev.sessionauth.bundle.SecondFactorEnrolment;
import dev.sessionauth.bundle.SecondFactors;
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

/**
 * The user's passkeys as a page. Adding one is the script's ({@code /assets/passkeys.js}, over the
 * JSON API), after the password lately; removing one is a form, after a passkey lately.
 */
@Path("/account/passkeys")
@Produces(HtmlPage.TEXT_HTML_UTF8)
@HtmlPage
public final class PasskeyPagesResource {

    static final URI PAGE = URI.create("/account/passkeys");
    private static final int MAX_ID = 1400;

    private final Logins logins;
    private final Passkeys passkeys;
    private final Sessions sessions;

    public PasskeyPagesResource(Logins logins, Sessions sessions) {
        this.logins = logins;
        this.passkeys = logins.passkeys();
        this.sessions = sessions;
    }

    @SecondFactorEnrolment
    @GET
    public PasskeysPage page(@Auth User user, @QueryParam("notice") String notice,
                             @Context ContainerRequestContext request) {
        return (PasskeysPage) page(user, request).withNotice(Notices.text(notice));
    }

    /** Confirms the password, which adding a passkey needs lately. */
    @SecondFactorEnrolment
    @POST
    @Path("reauthenticate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reauthenticate(@Auth User user, @FormParam("password") String password,
                                   @Context ContainerRequestContext request) {
        return AccountPagesResource.confirmPassword(logins, sessions, user, password, request,
            LoginPagesResource.withNotice(PAGE, Notices.PASSKEY_CONFIRMED),
            (status, error) -> Response.status(status).entity(page(user, request).withError(error)).build());
    }

    /** Removes one of the user's passkeys; needs a passkey (or code) within the last minutes. */
    @POST
    @Path("remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response remove(@Auth User user, @FormParam("id") String id, @Context ContainerRequestContext request) {
        if (id == null || id.length() > MAX_ID || !recentSecondFactor(request)) {
            return Response.seeOther(PAGE).build();
        }
        try {
            passkeys.remove(request, user.key(), id);
        } catch (SecondFactors.Refused refused) {
            return Response.seeOther(PAGE).build();
        }
        return Response.seeOther(LoginPagesResource.withNotice(PAGE, Notices.PASSKEY_REMOVED)).build();
    }

    private PasskeysPage page(User user, ContainerRequestContext request) {
        return new PasskeysPage(user.username(), sessions.csrfToken(request),
            passkeys.list(user.key()).stream().map(PasskeyPagesResource::row).toList(),
            sessions.isRecentlyAuthenticated(request), recentSecondFactor(request));
    }

    private boolean recentSecondFactor(ContainerRequestContext request) {
        return sessions.hasSecondFactor(request, SecondFactorPagesResource.RECENT_SECOND_FACTOR);
    }

    private static PasskeysPage.Row row(Passkey passkey) {
        return new PasskeysPage.Row(passkey.credentialId(), passkey.name(), AccountPagesResource.format(passkey.createdAt()),
            passkey.lastUsed().map(AccountPagesResource::format).orElse(""), passkey.backedUp());
    }
}
