package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.bundle.HostClient.Browser;
import dev.sessionauth.bundle.HostClient.Reply;
import dev.sessionauth.bundle.example.ExampleConfiguration;
import dev.sessionauth.bundle.example.Member;
import dev.sessionauth.bundle.example.MemberPasskeys;
import dev.sessionauth.bundle.example.Members;
import dev.sessionauth.store.redis.EmbeddedRedis;
import io.dropwizard.core.Application;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes of a host behind one Redis, sharing their members and passkeys as they would share a
 * database: a challenge one node issued is answered on the other, once only, and a registration
 * begun on one finishes on the other.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PasskeysOnTwoNodesTest {

    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.start();

    private static final Members MEMBERS = new Members();
    private static final MemberPasskeys PASSKEYS = new MemberPasskeys();

    private static final DropwizardAppExtension<ExampleConfiguration> NODE_A = node("a.");
    private static final DropwizardAppExtension<ExampleConfiguration> NODE_B = node("b.");

    private static DropwizardAppExtension<ExampleConfiguration> node(String prefix) {
        return new DropwizardAppExtension<>(new DropwizardTestSupport<>(PasskeyHost.class,
            ResourceHelpers.resourceFilePath("passkey-host.yml"), prefix, PasskeyHost.overrides(prefix,
                "sessions.store.type", "redis", "sessions.store.uri", REDIS.uri())) {
            @Override
            public Application<ExampleConfiguration> newApplication() {
                return new PasskeyHost(MEMBERS, PASSKEYS);
            }
        });
    }

    private final HostClient a = new HostClient(NODE_A.getLocalPort());
    private final HostClient b = new HostClient(NODE_B.getLocalPort());

    @Test
    void aChallengeFromOneNodeIsAnsweredOnTheOtherOnceOnly() {
        Member member = MEMBERS.add("two-nodes-" + System.nanoTime(), HostContract.PASSWORD_HASH);
        Browser browser = a.login(member.name(), HostContract.PASSWORD, null).browser();
        SoftAuthenticator authenticator = new SoftAuthenticator(PasskeyHost.RP_ID, true, 0);
        Reply options = a.post("/me/passkeys/options", browser);
        Reply registered = b.send("POST", "/me/passkeys", "{\"name\":\"Phone\",\"credential\":"
                + authenticator.register(options.body(), PasskeyHost.ORIGIN) + "}",
            "Cookie", browser.cookieHeader(), Sessions.CSRF_HEADER, browser.csrfToken());
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);

        String assertion = authenticator.sign(a.send("POST", "/login/passkey/options", "").body(), PasskeyHost.ORIGIN);
        Reply onB = b.send("POST", "/login/passkey", "{\"credential\":" + assertion + "}");
        Reply againOnA = a.send("POST", "/login/passkey", "{\"credential\":" + assertion + "}");

        assertThat(onB.status()).as(onB.body()).isEqualTo(200);
        assertThat(againOnA.status()).isEqualTo(401);
        assertThat(a.get("/me", onB.browser()).status()).as("the session is both nodes'").isEqualTo(200);
    }
}
