package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.testing.CliRun;
import io.dropwizard.core.setup.Bootstrap;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad configuration stops {@code server} with one line that names the problem, and no stack trace. */
class StartupValidationTest {

    private static final String VALID = """
        server:
          applicationConnectors: [ { type: http, port: 0 } ]
          adminConnectors: [ { type: http, port: 0 } ]
        sessions:
          secrets: [ "a-valid-secret-of-at-least-32-characters" ]
          cookie: { name: sid, secure: true, sameSite: lax }
          idleTimeout: 30m
          absoluteTimeout: 24h
          store: { type: memory }
        database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" }
        """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        no secret            | secrets: [ "a-valid-secret-of-at-least-32-characters" ] | secrets: []                                    | sessions.secrets must list at least one secret
        short secret         | secrets: [ "a-valid-secret-of-at-least-32-characters" ] | secrets: [ "too-short" ]                        | sessions.secrets[0] must be set and at least 32 characters long
        unset variable       | secrets: [ "a-valid-secret-of-at-least-32-characters" ] | secrets: [ "${SESSIONAUTH_TEST_NEVER_SET:-}" ]  | sessions.secrets[0] must be set and at least 32 characters long
        short second secret  | secrets: [ "a-valid-secret-of-at-least-32-characters" ] | secrets: [ "a-valid-secret-of-at-least-32-characters", "old" ] | sessions.secrets[1] must be set
        sameSite none, http  | secure: true, sameSite: lax                             | secure: false, sameSite: none                   | sameSite none cannot be combined with secure: false
        __Host- over http    | name: sid, secure: true                                 | name: __Host-sid, secure: false                 | a __Host- cookie requires secure: true
        unknown store type   | store: { type: memory }                                 | store: { type: nosuch }                         | Could not resolve type id 'nosuch'
        no store             | store: { type: memory }                                 | store: null                                     | sessions.store must name a store
        redis uri not redis  | store: { type: memory }                                 | store: { type: redis, uri: "http://cache:6379" } | uri must be redis://host[:port] or rediss://host[:port]
        redis unreachable    | store: { type: memory }                                 | store: { type: redis, uri: "redis://:pw-never-shown@127.0.0.1:1", connectTimeout: 500ms } | cannot connect to Redis at 127.0.0.1:1
        sentinel incomplete  | store: { type: memory }                                 | store: { type: redis, mode: sentinel }          | mode sentinel needs masterId
        caffeine size zero   | store: { type: memory }                                 | store: { type: caffeine, maximumSize: 0 }       | sessions.store.maximumSize must be greater than or equal to 1
        idle over absolute   | idleTimeout: 30m                                        | idleTimeout: 48h                                | sessions.idleTimeout must not be longer than absoluteTimeout
        forwarded headers    | applicationConnectors: [ { type: http, port: 0 } ]      | applicationConnectors: [ { type: http, port: 0, useForwardedHeaders: true } ] | server.applicationConnectors[0].useForwardedHeaders lets any client choose the address its session records
        no session limit     | store: { type: memory }                                 | store: { type: memory }\\n  maxSessionsPerUser: 0 | sessions.maxSessionsPerUser must be greater than or equal to 1
        bad trusted proxy    | store: { type: memory }                                 | store: { type: memory }\\n  trustedProxies: [ "10.0.0.0/33" ] | sessions.trustedProxies[0] must be an IP address or a CIDR range whose prefix fits
        forward auth, no proxy | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" } | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" }\\nforwardAuth: { allowedHosts: [ app.example.com ] } | forwardAuth.trustedProxies must list the proxies that ask /auth/verify
        forward auth, bad proxy | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" } | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" }\\nforwardAuth: { trustedProxies: [ 10.0.0.5, proxy.example.com ] } | forwardAuth.trustedProxies[1] must be an IP address or a CIDR range
        forward auth, bad host | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" } | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" }\\nforwardAuth: { trustedProxies: [ 10.0.0.5 ], allowedHosts: [ "https://app.example.com" ] } | forwardAuth.allowedHosts[0] must be a host name such as app.example.com
        forward auth, bad sign-in | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" } | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" }\\nforwardAuth: { trustedProxies: [ 10.0.0.5 ], signInUrl: "//evil.example/login" } | forwardAuth.signInUrl must be a path such as /login or an http(s) URL
        forward auth, rule without roles | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" } | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" }\\nforwardAuth: { trustedProxies: [ 10.0.0.5 ], rules: [ { paths: [ /public/ ], policy: bypass }, { paths: [ /admin/ ], policy: roles } ] } | forwardAuth.rules has a bad rule: rules[1]: policy roles needs a list of roles
        forward auth, unknown policy | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" } | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" }\\nforwardAuth: { trustedProxies: [ 10.0.0.5 ], rules: [ { hosts: [ app.example.com ], policy: allow } ] } | forwardAuth.rules has a bad rule: rules[0]: policy must be one of bypass, signed-in, roles, second-factor, deny
        forward auth, within for roles | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" } | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" }\\nforwardAuth: { trustedProxies: [ 10.0.0.5 ], rules: [ { paths: [ /pay/ ], policy: roles, roles: [ admin ], within: 5m } ] } | forwardAuth.rules has a bad rule: rules[0]: within is only for policy second-factor
        forward auth, bad network | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" } | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" }\\nforwardAuth: { trustedProxies: [ 10.0.0.5 ], rules: [ { networks: [ 10.0.0.0/33 ], policy: bypass } ] } | forwardAuth.rules has a bad rule: rules[0]: network 10.0.0.0/33 is not an IP address or CIDR range
        no hashing at all    | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" } | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" }\\nlogins: { concurrentHashes: 0 } | logins.concurrentHashes must be greater than or equal to 1
        delays out of order | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" } | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" }\\nlogins: { firstDelay: 1h, maxDelay: 15m } | logins.firstDelay must be at most logins.maxDelay
        database unreachable | driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" | driverClass: org.postgresql.Driver, url: "jdbc:postgresql://127.0.0.1:1/none" | the user database cannot be reached: Connection to 127.0.0.1:1 refused
        unreachable at migration | database: { driverClass: org.h2.Driver, url: "jdbc:h2:mem:startup-validation" } | migrateOnStart: true\\ndatabase: { driverClass: org.postgresql.Driver, url: "jdbc:postgresql://127.0.0.1:1/none" } | the user database cannot be reached: Connection to 127.0.0.1:1 refused
        """)
    void refusesToStartWithOneLineNamingTheProblem(String name, String valid, String broken, String expected)
        throws Exception {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, VALID.replace(valid.strip(), broken.strip().replace("\\n", "\n")));

        CliRun run = server(config);

        assertThat(run.failure()).isPresent();
        assertThat(run.stderr().strip()).doesNotContain("\n").startsWith("sessionauth cannot start:").contains(expected);
        assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("pw-never-shown");
    }

    /** The application's port or the check listener's, held by another process. */
    @Test
    void aPortAnotherProcessHoldsStopsItWithOneLineNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = dir.resolve("config.yml");
            Files.writeString(config, VALID + "forwardAuth:\n  trustedProxies: [ 127.0.0.1 ]\n  listener: { type: http, "
                + "bindHost: 127.0.0.1, port: " + taken.getLocalPort() + " }\n");

            CliRun run = server(config);

            assertThat(run.failure()).isPresent();
            assertThat(run.stderr().strip()).doesNotContain("\n").startsWith("sessionauth cannot start:")
                .contains("127.0.0.1:" + taken.getLocalPort()).contains("Address already in use");
            assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    private static CliRun server(Path config) {
        SessionAuthApplication app = new SessionAuthApplication();
        Bootstrap<SessionAuthConfiguration> bootstrap = new Bootstrap<>(app);
        app.addDefaultCommands(bootstrap);
        app.initialize(bootstrap);
        return CliRun.run(bootstrap, "server", config.toString());
    }
}
