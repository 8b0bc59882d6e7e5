package dev.sessionauth.bundle;

import io.dropwizard.auth.UnauthorizedHandler;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Answers an unauthenticated request by what it accepts. When the host has a sign-in page, a
 * browser navigating to a page (its {@code Accept} prefers {@code text/html} to JSON) is sent
 * there with a 303; everything
 * else, an API client or {@code fetch} with {@code Accept: *}{@code /*} among them, gets a 401 JSON
 * {@code {"code":401,"message":...}} that never says why: an unknown, expired or forged session all
 * look the same.
 */
final class BrowserAwareUnauthorizedHandler implements UnauthorizedHandler {

    static final String MESSAGE = "Not authenticated";

    private final URI loginPage;

    /** @param loginPage where browsers are sent to sign in; null to answer every client with the JSON 401 */
    BrowserAwareUnauthorizedHandler(URI loginPage) {
        this.loginPage = loginPage;
    }

    /** The JSON answer; used where the request is not known. */
    @Override
    public Response buildResponse(String prefix, String realm) {
        return Response.status(Response.Status.UNAUTHORIZED)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ErrorMessage(Response.Status.UNAUTHORIZED.getStatusCode(), MESSAGE))
            .build();
    }

    /** The answer to {@code request}: a redirect to the login page for a browser, else the JSON 401. */
    public Response buildResponse(ContainerRequestContext request, String prefix, String realm) {
        return loginPage != null && Browsers.prefersHtml(request) ? Response.seeOther(loginPage).build()
            : buildResponse(prefix, realm);
    }
}
