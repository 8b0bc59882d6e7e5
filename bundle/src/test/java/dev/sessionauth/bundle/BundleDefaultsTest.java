package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionauth.bundle.HostClient.Browser;
import dev.sessionauth.bundle.example.ExampleConfiguration;
import dev.sessionauth.bundle.example.Member;
import dev.sessionauth.bundle.example.Members;
import io.dropwizard.auth.Auth;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import io.dropwizard.util.Duration;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a host gets without asking, and what it gets only by asking: a {@code __Host-} cookie and a
 * 12-hour absolute timeout where the configuration names neither, {@code @RolesAllowed} refused
 * without an authorizer, a sign-in redirect only where the host names a page, and the facade only
 * once the bundle has run.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BundleDefaultsTest {

    /** A host with a bundle configured as little as possible, plus a sign-in page. */
    public static class MinimalApplication extends Application<ExampleConfiguration> {

        final Members members = new Members();
        final SessionAuthBundle<ExampleConfiguration, Member> sessions =
            new SessionAuthBundle<>(Member.class, ExampleConfiguration::getSessions, members::find)
                .redirectBrowsersTo(URI.create("/sign-in"));

        @Override
        public void initialize(Bootstrap<ExampleConfiguration> bootstrap) {
            bootstrap.addBundle(sessions);
        }

        @Override
        public void run(ExampleConfiguration configuration, Environment environment) {
            environment.jersey().register(new TestHosts.StartResource(members, sessions.sessions()));
            environment.jersey().register(new Resource());
        }
    }

    @Path("/")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Resource {

        @GET
        @Path("admin")
        @RolesAllowed("admin")
        public String admin(@Auth Member member) {
            return "{}";
        }
    }

    private static final DropwizardAppExtension<ExampleConfiguration> APP = TestHosts.extension(MinimalApplication.class,
        ConfigOverride.config("sessions.bearerTokens", "false"));

    @Test
    void withoutAnAuthorizerEveryRolesAllowedResourceIsRefused() {
        HostClient http = new HostClient(APP.getLocalPort());
        Browser admin = http.send("POST", "/start?role=admin", "").browser();

        assertThat(http.get("/admin", admin).status()).isEqualTo(403);
    }

    @Test
    void aBrowserIsSentToTheSignInPageTheHostNamedAndAnApiClientGetsThe401() {
        HostClient http = new HostClient(APP.getLocalPort());

        HostClient.Reply browser = http.send("GET", "/admin", null, "Accept", HostClient.BROWSER_ACCEPT);
        HostClient.Reply api = http.get("/admin", null);

        assertThat(browser.status()).isEqualTo(303);
        assertThat(browser.header("Location").orElseThrow()).endsWith("/sign-in");
        assertThat(api.status()).isEqualTo(401);
    }

    @Test
    void aConfigurationThatNamesNoCookieGetsAHostPrefixedSecureCookieOnPathSlash() {
        HostClient http = new HostClient(APP.getLocalPort());

        String cookie = http.send("POST", "/start?role=admin", "").sessionCookie().orElseThrow();

        assertThat(cookie).startsWith("__Host-sid=s:").contains("; Path=/").contains("; Secure")
            .contains("; HttpOnly").doesNotContain("Domain=");
    }

    @Test
    void theHostPrefixIsLeftOffOnlyWhereTheCookiesOtherAttributesForbidIt() {
        CookieFactory plainHttp = new CookieFactory();
        plainHttp.setSecure(false);
        CookieFactory subPath = new CookieFactory();
        subPath.setPath("/app");
        CookieFactory shared = new CookieFactory();
        shared.setDomain("example.com");
        CookieFactory named = new CookieFactory();
        named.setName("session");

        assertThat(new CookieFactory().getName()).isEqualTo("__Host-sid");
        assertThat(plainHttp.getName()).isEqualTo("sid");
        assertThat(subPath.getName()).isEqualTo("sid");
        assertThat(shared.getName()).isEqualTo("sid");
        assertThat(named.getName()).isEqualTo("session");
        assertThat(List.of(new CookieFactory(), plainHttp, subPath, shared, named))
            .allMatch(CookieFactory::isHostPrefixValid);
    }

    @Test
    void aSessionTokenSentAsBearerIsNoSessionUnlessTheConfigurationSaysSo() {
        HostClient http = new HostClient(APP.getLocalPort());
        HostClient.Reply login = http.send("POST", "/start?role=admin", "");
        String cookie = login.sessionCookie().orElseThrow();
        String token = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));

        assertThat(new SessionsFactory().isBearerTokens()).isFalse();
        assertThat(http.send("GET", "/admin", null, "Authorization", "Bearer " + token).status()).isEqualTo(401);
        assertThat(http.send("GET", "/admin", null, "Cookie", cookie.substring(0, cookie.indexOf(';'))).status())
            .isEqualTo(403);
    }

    @Test
    void aSessionLivesTwelveHoursAtMostWhereTheConfigurationSaysNothing() {
        assertThat(new SessionsFactory().getAbsoluteTimeout()).isEqualTo(Duration.hours(12));
    }

    @Test
    void theFacadeIsThereOnlyOnceTheBundleHasRun() {
        SessionAuthBundle<ExampleConfiguration, Member> unrun = new MinimalApplication().sessions;

        assertThatThrownBy(unrun::sessions).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("Application.run");
    }
}
