package dev.sessionauth.bundle;

import dev.sessionauth.bundle.example.ExampleConfiguration;
import dev.sessionauth.bundle.example.Member;
import dev.sessionauth.bundle.example.MemberFactors;
import dev.sessionauth.bundle.example.Members;
import io.dropwizard.auth.Auth;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A host with passkeys beside passwords and TOTP: the JSON a single-page application would call,
 * over the bundle's {@link Passkeys}, with its passkeys in memory.
 */
public class PasskeyHost extends Application<ExampleConfiguration> {

    static final String RP_ID = "localhost";
    static final String ORIGIN = "http://localhost:5173";

    final Members members;
    final MemoryPasskeys passkeys;
    final SessionAuthBundle<ExampleConfiguration, Member> sessions;
    final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

    public PasskeyHost() {
        this(new Members(), new MemoryPasskeys());
    }

    /** A node of several, sharing its members and passkeys with the others as they share a database. */
    PasskeyHost(Members members, MemoryPasskeys passkeys) {
        this.members = members;
        this.passkeys = passkeys;
        this.sessions = new SessionAuthBundle<>(Member.class, ExampleConfiguration::getSessions, members::find)
            .credentialsChangedAt(members::passwordChangedAt).securityListener(events::add);
    }

    /** The host on {@code passkey-host.yml}, passkeys for {@link #ORIGIN}, on free ports, with {@code more} overrides. */
    static DropwizardAppExtension<ExampleConfiguration> app() {
        // Every test's refusals come from one address: the client's budget is out of their way,
        // each account's (5 from one client) is what the throttling test meets.
        return new DropwizardAppExtension<>(PasskeyHost.class, ResourceHelpers.resourceFilePath("passkey-host.yml"),
            overrides("dw.", "logins.clientFailuresBeforeDelay", "1000"));
    }

    /**
     * The overrides every node runs with, then {@code more} (keys and values in turn), as system
     * properties under {@code prefix}: one prefix per node of a test, so that no node's overrides
     * outlive it in another's.
     */
    static ConfigOverride[] overrides(String prefix, String... more) {
        List<String> pairs = new ArrayList<>(List.of("sessions.secrets[0]", HostContract.SECRET,
            "logins.secondFactors.keys[0]", HostContract.SECOND_FACTOR_KEY, "logging.level", "WARN"));
        pairs.addAll(Arrays.asList(more));
        List<ConfigOverride> overrides = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            overrides.add(ConfigOverride.config(prefix, pairs.get(i), pairs.get(i + 1)));
        }
        return overrides.toArray(ConfigOverride[]::new);
    }

    @Override
    public void initialize(Bootstrap<ExampleConfiguration> bootstrap) {
        bootstrap.addBundle(sessions);
    }

    @Override
    public void run(ExampleConfiguration configuration, Environment environment) {
        Logins logins = sessions.logins(configuration.getLogins(), members, new MemberFactors(members), passkeys);
        environment.jersey().register(new Resource(logins, members));
    }

    /** Passkeys in a map, as a host's table keyed by credential ID keeps them. */
    static final class MemoryPasskeys implements PasskeyStorage {

        private final Map<String, Passkey> byId = new ConcurrentHashMap<>();

        @Override
        public Optional<Passkey> find(String credentialId) {
            return Optional.ofNullable(byId.get(credentialId));
        }

        @Override
        public List<Passkey> list(String userKey) {
            return byId.values().stream().filter(passkey -> passkey.userKey().equals(userKey))
                .sorted(Comparator.comparing(Passkey::createdAt)).toList();
        }

        @Override
        public boolean add(Passkey passkey) {
            return byId.putIfAbsent(passkey.credentialId(), passkey) == null;
        }

        @Override
        public void used(String credentialId, long signCount, boolean backedUp, Instant usedAt) {
            byId.computeIfPresent(credentialId, (id, p) -> new Passkey(id, p.userKey(), p.name(), p.credentialData(),
                signCount, p.uvInitialized(), p.backupEligible(), backedUp, p.transports(), p.createdAt(), usedAt));
        }

        @Override
        public boolean remove(String userKey, String credentialId) {
            Passkey passkey = byId.get(credentialId);
            return passkey != null && passkey.userKey().equals(userKey) && byId.remove(credentialId, passkey);
        }

        @Override
        public int removeAll(String userKey) {
            List<Passkey> theirs = list(userKey);
            theirs.forEach(passkey -> byId.remove(passkey.credentialId(), passkey));
            return theirs.size();
        }
    }

    @Path("/")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Resource {

        public record Credentials(@NotNull String name, @NotNull String password) {
        }

        public record Registration(@NotNull String name, @NotNull Map<String, Object> credential) {
        }

        private final Logins logins;
        private final Members members;
        private final com.fasterxml.jackson.databind.ObjectMapper json =
            new com.fasterxml.jackson.databind.ObjectMapper();

        Resource(Logins logins, Members members) {
            this.logins = logins;
            this.members = members;
        }

        @POST
        @Path("login")
        @Consumes(MediaType.APPLICATION_JSON)
        public Map<String, String> login(@NotNull Credentials credentials, @Context ContainerRequestContext request) {
            Logins.SignedIn signedIn = logins.signIn(request, credentials.name(), credentials.password());
            return Map.of("level", signedIn.session().assuranceLevel().label());
        }

        @GET
        @Path("me")
        public Map<String, String> me(@Auth Member member, @Context ContainerRequestContext request) {
            return Map.of("name", member.name());
        }

        @POST
        @Path("passkeys/options")
        public Map<String, Object> registrationOptions(@Auth Member member, @Context ContainerRequestContext request) {
            return logins.passkeys().registrationOptions(request, member.id(), member.name());
        }

        @POST
        @Path("passkeys")
        @Consumes(MediaType.APPLICATION_JSON)
        public Map<String, Object> register(@Auth Member member, @NotNull Registration registration,
                                            @Context ContainerRequestContext request) throws Exception {
            Passkey passkey = logins.passkeys().register(request, member.id(), registration.name(),
                json.writeValueAsString(registration.credential()));
            return Map.of("id", passkey.credentialId(), "name", passkey.name());
        }

        @GET
        @Path("passkeys")
        public List<Map<String, Object>> list(@Auth Member member) {
            return logins.passkeys().list(member.id()).stream().map(passkey -> Map.<String, Object>of(
                "id", passkey.credentialId(), "name", passkey.name(), "createdAt", passkey.createdAt().toString(),
                "lastUsedAt", passkey.lastUsed().map(Instant::toString).orElse(""),
                "signCount", passkey.signCount(), "backedUp", passkey.backedUp())).toList();
        }

        @DELETE
        @Path("passkeys/{id}")
        public Map<String, Boolean> remove(@Auth Member member, @PathParam("id") String id,
                                           @Context ContainerRequestContext request) {
            return Map.of("removed", logins.passkeys().remove(request, member.id(), id));
        }

        @POST
        @Path("login/passkey/options")
        public Map<String, Object> signInOptions() {
            return logins.passkeys().signInOptions();
        }

        @POST
        @Path("login/passkey")
        @Consumes(MediaType.APPLICATION_JSON)
        public Map<String, String> signInWithPasskey(@NotNull Map<String, Object> credential,
                                                     @Context ContainerRequestContext request) throws Exception {
            Logins.SignedIn signedIn = logins.signInWithPasskey(request, json.writeValueAsString(credential));
            return Map.of("name", signedIn.account().username(), "level", signedIn.session().assuranceLevel().label());
        }

        @POST
        @Path("login/second-factor/passkey/options")
        public Map<String, Object> secondFactorOptions(@Context ContainerRequestContext request) {
            return logins.pendingPasskeyOptions(request);
        }

        @POST
        @Path("login/second-factor/passkey")
        @Consumes(MediaType.APPLICATION_JSON)
        public Map<String, String> secondFactor(@NotNull Map<String, Object> credential,
                                                @Context ContainerRequestContext request) throws Exception {
            Logins.SignedIn signedIn = logins.completeSignInWithPasskey(request, json.writeValueAsString(credential));
            return Map.of("name", signedIn.account().username(), "level", signedIn.session().assuranceLevel().label());
        }
    }
}
