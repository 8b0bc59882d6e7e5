package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Forms;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.DropwizardTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.sessionauth.store.redis.EmbeddedRedis;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Runs a full login, use and logout with every logger at DEBUG (Lettuce's protocol loggers, which
 * dump Redis replies, at TRACE), the request log on, and a few failures on the way, then reads
 * every line written: no session ID, cookie value, CSRF token or password may appear. Once per store.
 */
class LogHygieneTest {

    private static final Path LOGS = Path.of("target", "log-hygiene");

    @AutoClose
    private static final EmbeddedRedis redis = EmbeddedRedis.start();

    @ParameterizedTest(name = "type: {0}")
    @ValueSource(strings = {"memory", "caffeine", "redis"})
    void noSecretReachesAnyLog(String type) throws Exception {
        deleteLogs();
        MutableClock clock = new MutableClock(Instant.now());
        DropwizardTestSupport<SessionAuthConfiguration> app = TestApp.support(clock, "log-hygiene.yml",
            TestApp.store(type, redis));
        List<String> secrets = new ArrayList<>();
        app.before();
        try {
            Http http = new Http(app.getLocalPort());
            Login login = http.login("ada", TestApp.ADA_PASSWORD);
            String sessionId = login.cookie().substring(2, login.cookie().indexOf('.'));
            secrets.addAll(List.of(login.cookie(), sessionId, login.csrf(), TestApp.ADA_PASSWORD, "wrong-password-123"));

            http.profile(login);
            clock.advance(Duration.ofMinutes(2));
            http.profile(login);
            http.get("/auth/csrf", "Cookie", login.cookieHeader());
            http.loginReply("ada", "wrong-password-123");
            http.send("POST", "/auth/logout", null, null, "Cookie", login.cookieHeader());
            http.get("/auth/profile", "Cookie", "sid=" + login.cookie().replace('.', '!'));
            http.logout(login);
            http.profile(login);

            Reply form = http.get("/login", "Accept", "text/html");
            String nonce = form.cookie("login-csrf").orElseThrow();
            String token = Forms.csrfField(form.body());
            Reply signedIn = http.send("POST", "/login", Forms.FORM,
                Forms.encode("username", "ada", "password", TestApp.ADA_PASSWORD, "_csrf", token),
                "Cookie", "login-csrf=" + nonce);
            String pageCookie = signedIn.cookie("sid").orElseThrow();
            String pageCsrf = Forms.csrfField(http.get("/", "Cookie", "sid=" + pageCookie).body());
            http.send("POST", "/logout", Forms.FORM, Forms.encode("_csrf", pageCsrf), "Cookie", "sid=" + pageCookie);
            secrets.addAll(List.of(nonce, token, pageCookie, pageCookie.substring(2, pageCookie.indexOf('.')), pageCsrf));
        } finally {
            app.after();
        }

        String requestLog = Files.readString(LOGS.resolve("requests.log"), StandardCharsets.UTF_8);
        String appLog = Files.readString(LOGS.resolve("app.log"), StandardCharsets.UTF_8);
        assertThat(requestLog).as("the request log was written").contains("/auth/login").contains("/auth/profile");
        assertThat(appLog).as("the application log was written at DEBUG")
            .contains("Login of user 1").contains("Security event LOGIN_REFUSED: user id:1 from ").contains("DEBUG");
        for (String secret : secrets) {
            assertThat(requestLog).doesNotContain(secret);
            assertThat(appLog).doesNotContain(secret);
        }
    }

    /**
     * The admin port's {@code /tasks/log-level} can set any logger's level at run time; below INFO
     * the wire loggers would write every cookie. Setting them to DEBUG and TRACE there changes
     * nothing that reaches the log.
     */
    @Test
    void theLogLevelTaskCannotTurnTheWireLoggersOn() throws Exception {
        deleteLogs();
        DropwizardTestSupport<SessionAuthConfiguration> app = TestApp.support(new MutableClock(Instant.now()),
            "log-hygiene.yml", TestApp.store("redis", redis));
        List<String> secrets = new ArrayList<>();
        app.before();
        String marker = "wire loggers set below INFO from here on " + UUID.randomUUID();
        try {
            LoggerFactory.getLogger(LogHygieneTest.class).info(marker);
            Http admin = new Http(app.getAdminPort());
            for (String logger : List.of("org.eclipse.jetty", "org.eclipse.jetty.server.HttpChannel",
                "io.lettuce.core.protocol")) {
                Reply set = admin.send("POST", "/tasks/log-level?logger=" + logger + "&level=TRACE", null, null);
                assertThat(set.status()).as(set.body()).isEqualTo(200);
            }
            Http http = new Http(app.getLocalPort());
            Login login = http.login("ada", TestApp.ADA_PASSWORD);
            http.profile(login);
            http.logout(login);
            secrets.addAll(List.of(login.cookie(), login.cookie().substring(2, login.cookie().indexOf('.')),
                login.csrf(), TestApp.ADA_PASSWORD));
        } finally {
            app.after();
        }

        List<String> all = Files.readAllLines(LOGS.resolve("app.log"), StandardCharsets.UTF_8);
        int from = all.indexOf(all.stream().filter(line -> line.contains(marker)).findFirst().orElseThrow());
        List<String> lines = all.subList(from, all.size());
        assertThat(lines).as("other loggers still write at DEBUG")
            .anyMatch(line -> line.startsWith("DEBUG") && line.contains("io.lettuce.core."));
        Pattern belowInfo = Pattern.compile("^(?:DEBUG|TRACE) +\\[[^]]*] (\\S+):");
        assertThat(lines).noneSatisfy(line -> {
            Matcher matcher = belowInfo.matcher(line);
            assertThat(matcher.find() && (matcher.group(1).startsWith("org.eclipse.jetty")
                || matcher.group(1).startsWith("io.lettuce.core.protocol"))).as(line).isTrue();
        });
        for (String secret : secrets) {
            assertThat(lines).noneMatch(line -> line.contains(secret));
        }
    }

    private static void deleteLogs() throws Exception {
        if (Files.isDirectory(LOGS)) {
            try (var files = Files.list(LOGS)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
