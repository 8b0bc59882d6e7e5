package dev.sessionauth.bundle;

import dev.sessionauth.bundle.example.ExampleConfiguration;
import dev.sessionauth.bundle.example.Member;
import dev.sessionauth.bundle.example.Members;
import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the tests' host applications share: how they start, and how a test signs a new member in. */
final class TestHosts {

    private TestHosts() {
    }

    /**
     * {@code host} on the example's configuration, on free ports, with the tests' secrets, quiet
     * logs, and {@code more} settings.
     */
    static DropwizardAppExtension<ExampleConfiguration> extension(Class<? extends Application<ExampleConfiguration>> host,
                                                                 ConfigOverride... more) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("sessions.secrets[0]", HostContract.SECRET),
            ConfigOverride.config("logins.secondFactors.keys[0]", HostContract.SECOND_FACTOR_KEY),
            ConfigOverride.config("logging.level", "WARN")));
        overrides.addAll(Arrays.asList(more));
        return new DropwizardAppExtension<>(host, ResourceHelpers.resourceFilePath("example.yml"),
            overrides.toArray(ConfigOverride[]::new));
    }

    /**
     * {@code POST /start}: adds a member (with the roles of the {@code role} parameters) and
     * starts a session for it, as a host's sign-in resource does once it has checked a password.
     * Answers the member's {@code id}, the session's {@code handle}, and its bearer {@code token}
     * where {@code sessions.bearerTokens} is on.
     */
    @Path("/")
    @Produces(MediaType.APPLICATION_JSON)
    public static class StartResource {

        private final Members members;
        private final Sessions sessions;

        StartResource(Members members, Sessions sessions) {
            this.members = members;
            this.sessions = sessions;
        }

        @POST
        @Path("start")
        public Map<String, String> start(@Context ContainerRequestContext request, @QueryParam("role") List<String> roles) {
            Member member = members.add("member-" + UUID.randomUUID(), HostContract.PASSWORD_HASH,
                roles.toArray(String[]::new));
            Map<String, String> started = new LinkedHashMap<>();
            started.put("id", member.id());
            started.put("handle", sessions.start(request, member.id()).handle());
            sessions.bearerToken(request).ifPresent(token -> started.put("token", token));
            return started;
        }
    }
}
