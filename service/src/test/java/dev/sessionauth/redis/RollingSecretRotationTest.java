package dev.sessionauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Rotating the signing secret on two nodes that share one Redis, one node at a time, while
 * browsers keep using both: first the new secret is added as verify-only (listed second) on every
 * node, then promoted to signing (listed first) on every node. At no step is anybody logged out,
 * and a session's handle is the same on both nodes throughout, so a revoke by handle works
 * mid-rollout.
 */
class RollingSecretRotationTest {

    private static final String OLD = "rolling-old-secret-0123456789abcdefgh";
    private static final String NEW = "rolling-new-secret-0123456789abcdefgh";
    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.start();
    private static final String PREFIX = "rotation-" + UUID.randomUUID() + ":";

    /** The nodes' ports, as a load balancer sees them: a node being restarted is taken out first. */
    private final List<Integer> live = new CopyOnWriteArrayList<>();
    private final List<Login> browsers = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    private static DropwizardTestSupport<SessionAuthConfiguration> node(String... secrets) throws Exception {
        DropwizardTestSupport<SessionAuthConfiguration> node = TestApp.support(new MutableClock(Instant.now()),
            "test-app.yml",
            ConfigOverride.config("sessions.secrets", String.join(",", secrets)),
            ConfigOverride.config("sessions.store.type", "redis"),
            ConfigOverride.config("sessions.store.uri", REDIS.uri()),
            ConfigOverride.config("sessions.store.prefix", PREFIX));
        node.before();
        return node;
    }

    /** Takes the node out of the balancer, stops it, and brings it back with {@code secrets}. */
    private DropwizardTestSupport<SessionAuthConfiguration> restart(DropwizardTestSupport<SessionAuthConfiguration> node,
                                                                    String... secrets) throws Exception {
        live.remove(Integer.valueOf(node.getLocalPort()));
        node.after();
        DropwizardTestSupport<SessionAuthConfiguration> restarted = node(secrets);
        live.add(restarted.getLocalPort());
        exerciseEveryBrowserOnEveryNode();
        return restarted;
    }

    private void exerciseEveryBrowserOnEveryNode() {
        for (int port : live) {
            for (Login browser : browsers) {
                int status = new Http(port).profile(browser).status();
                statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                if (status != 200) {
                    refused.add(status + " on node " + port + " during a step");
                }
            }
        }
    }

    @Test
    void aTwoPhaseRotationOneNodeAtATimeLogsNobodyOut() throws Exception {
        DropwizardTestSupport<SessionAuthConfiguration> a = node(OLD);
        DropwizardTestSupport<SessionAuthConfiguration> b = node(OLD);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread traffic = null;
        try {
            live.addAll(List.of(a.getLocalPort(), b.getLocalPort()));
            browsers.add(new Http(a.getLocalPort()).login("ada", TestApp.ADA_PASSWORD));
            browsers.add(new Http(b.getLocalPort()).login("grace", "hopper-1906"));
            traffic = new Thread(() -> {
                int turn = 0;
                while (running.get()) {
                    List<Integer> ports = new ArrayList<>(live);
                    Login browser = browsers.get(turn % browsers.size());
                    int port = ports.get(turn++ % ports.size());
                    try {
                        int status = new Http(port).profile(browser).status();
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        if (status == 401 || status == 403) {
                            refused.add(status + " on node " + port + " mid-traffic");
                        }
                    } catch (IllegalStateException nodeStopping) {
                        // the balancer sent it to a node on its way out; a real one retries elsewhere
                    }
                }
            }, "browsers");
            traffic.start();

            // Phase 1: the new secret verifies everywhere before anything is signed with it.
            a = restart(a, OLD, NEW);
            b = restart(b, OLD, NEW);
            // Phase 2: promote it, node by node; a node still on phase 1 verifies what the other signs.
            a = restart(a, NEW, OLD);
            Login signedWithNew = new Http(a.getLocalPort()).login("ada", TestApp.ADA_PASSWORD);
            browsers.add(signedWithNew);
            exerciseEveryBrowserOnEveryNode();
            String handleOnA = currentHandle(a, signedWithNew);
            assertThat(currentHandle(b, signedWithNew)).as("the same handle on the node still on phase 1")
                .isEqualTo(handleOnA);
            b = restart(b, NEW, OLD);
            assertThat(currentHandle(b, signedWithNew)).as("and after its promotion").isEqualTo(handleOnA);

            Login toRevoke = new Http(b.getLocalPort()).login("grace", "hopper-1906");
            String handle = currentHandle(b, toRevoke);
            Login grace = browsers.get(1);
            assertThat(new Http(a.getLocalPort()).as(grace, "DELETE", "/auth/sessions/" + handle, null).status())
                .as("a revoke by a handle listed on the other node").isEqualTo(204);
            assertThat(new Http(b.getLocalPort()).profile(toRevoke).status()).isEqualTo(401);
        } finally {
            running.set(false);
            if (traffic != null) {
                traffic.join();
            }
            a.after();
            b.after();
        }

        assertThat(refused).as("nobody was logged out").isEmpty();
        assertThat(statuses.get(200).get()).as("requests answered during the rollout").isGreaterThan(20);
    }

    private static String currentHandle(DropwizardTestSupport<SessionAuthConfiguration> node, Login login)
        throws Exception {
        JsonNode sessions = JSON.readTree(new Http(node.getLocalPort()).as(login, "GET", "/auth/sessions", null).body())
            .get("sessions");
        for (JsonNode session : sessions) {
            if (session.get("current").asBoolean()) {
                return session.get("handle").asText();
            }
        }
        throw new AssertionError("no current session in " + sessions);
    }
}
