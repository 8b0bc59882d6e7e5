package dev.sessionauth.bundle;

import dev.sessionauth.bundle.example.ExampleConfiguration;
import dev.sessionauth.bundle.example.LoginResource;
import dev.sessionauth.bundle.example.Member;
import dev.sessionauth.bundle.example.MemberFactors;
import dev.sessionauth.bundle.example.MemberPasskeys;
import dev.sessionauth.bundle.example.MemberResource;
import dev.sessionauth.bundle.example.Members;
import dev.sessionauth.bundle.example.PasskeyResource;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The example's resources for signing in and for passkeys, on a host of the tests' own: one that
 * keeps its security events, and whose nodes can share their members and passkeys as nodes share
 * a database.
 */
public class PasskeyHost extends Application<ExampleConfiguration> {

    static final String RP_ID = "localhost";
    static final String ORIGIN = "http://localhost:5173";

    final Members members;
    final MemberPasskeys passkeys;
    final SessionAuthBundle<ExampleConfiguration, Member> sessions;
    final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

    public PasskeyHost() {
        this(new Members(), new MemberPasskeys());
    }

    /** A node of several, sharing its members and passkeys with the others as they share a database. */
    PasskeyHost(Members members, MemberPasskeys passkeys) {
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
        environment.jersey().register(new LoginResource(logins, sessions.sessions()));
        environment.jersey().register(new PasskeyResource(logins));
        environment.jersey().register(new MemberResource(members, sessions.sessions()));
    }
}
