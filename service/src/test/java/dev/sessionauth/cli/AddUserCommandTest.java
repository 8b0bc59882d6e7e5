package dev.sessionauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthApplication;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.testing.CliRun;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.users.User;
import dev.sessionauth.users.UserDao;
import io.dropwizard.core.setup.Bootstrap;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code add-user} against a file H2 database, as an operator runs it. */
class AddUserCommandTest {

    @TempDir
    Path dir;

    private Path config;
    private String url;

    @BeforeEach
    void writeConfig() throws Exception {
        url = "jdbc:h2:" + dir.resolve("users").toAbsolutePath();
        config = dir.resolve("config.yml");
        Files.writeString(config, """
            sessions:
              secrets: [ "a-valid-secret-of-at-least-32-characters" ]
              store: { type: memory }
            database:
              driverClass: org.h2.Driver
              url: %s
              user: sa
              password: ""
            migrateOnStart: true
            """.formatted(url));
    }

    @Test
    void addsAUserWithThePasswordFromTheEnvironment() {
        CliRun run = addUser("", Map.of(AddUserCommand.PASSWORD_VARIABLE, "from-the-environment"),
            "--username", "margaret", "--roles", "admin,user");

        assertThat(run.failure()).isEmpty();
        User user = users().findByUsername("margaret").orElseThrow();
        assertThat(new PasswordHasher().verify("from-the-environment", Optional.of(user.passwordHash()))).isTrue();
        assertThat(user.roles()).containsExactlyInAnyOrder("admin", "user");
        assertThat(user.disabled()).isFalse();
    }

    @Test
    void readsThePasswordFromStandardInputWhenTheVariableIsUnset() {
        CliRun run = addUser("from-stdin\n", Map.of(), "--username", "katherine");

        assertThat(run.failure()).isEmpty();
        User user = users().findByUsername("katherine").orElseThrow();
        assertThat(new PasswordHasher().verify("from-stdin", Optional.of(user.passwordHash()))).isTrue();
        assertThat(user.roles()).isEmpty();
    }

    @Test
    void refusesAnEmptyPasswordInOneLine() {
        CliRun run = addUser("", Map.of(), "--username", "nopassword");

        assertThat(run.failure()).isPresent();
        assertThat(run.stderr().strip()).doesNotContain("\n").contains("no password");
    }

    @Test
    void refusesAShortOrCommonPasswordInOneLine() {
        CliRun tooShort = addUser("x\n", Map.of(), "--username", "short-password");
        CliRun common = addUser("", Map.of(AddUserCommand.PASSWORD_VARIABLE, "Password1"), "--username", "common");

        assertThat(tooShort.failure()).isPresent();
        assertThat(tooShort.stderr().strip()).doesNotContain("\n").contains("password must be at least 8 characters");
        assertThat(common.failure()).isPresent();
        assertThat(common.stderr().strip()).doesNotContain("\n").contains("password is one of the most common passwords");
    }

    @Test
    void refusesControlCharactersInTheUsernameOrPasswordInOneLine() {
        CliRun name = addUser("a-password\n", Map.of(), "--username", "ada\u0000");
        CliRun password = addUser("", Map.of(AddUserCommand.PASSWORD_VARIABLE, "pass\u001bword"), "--username", "esc");

        assertThat(name.failure()).isPresent();
        assertThat(name.stderr().strip()).doesNotContain("\n").contains("username must not contain control characters");
        assertThat(password.failure()).isPresent();
        assertThat(password.stderr().strip()).doesNotContain("\n").contains("password must not contain control characters");
    }

    @Test
    void refusesATakenUsername() {
        addUser("first-password\n", Map.of(), "--username", "dorothy");

        CliRun second = addUser("second-password\n", Map.of(), "--username", "dorothy");

        assertThat(second.failure()).isPresent();
        assertThat(second.stderr()).contains("user 'dorothy' already exists");
        assertThat(new PasswordHasher().verify("first-password",
            Optional.of(users().findByUsername("dorothy").orElseThrow().passwordHash()))).isTrue();
    }

    @Test
    void hasNoPasswordArgument() {
        CliRun run = addUser("", Map.of(), "--username", "argv", "--password", "visible-in-ps");

        assertThat(run.failure()).isPresent();
        assertThat(run.stderr()).contains("unrecognized arguments");
    }

    private CliRun addUser(String stdin, Map<String, String> environment, String... arguments) {
        Bootstrap<SessionAuthConfiguration> bootstrap = new Bootstrap<>(new SessionAuthApplication());
        bootstrap.addCommand(new AddUserCommand(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), environment));
        String[] args = new String[arguments.length + 2];
        args[0] = "add-user";
        args[1] = config.toString();
        System.arraycopy(arguments, 0, args, 2, arguments.length);
        return CliRun.run(bootstrap, args);
    }

    private UserDao users() {
        return Jdbi.create(url, "sa", "").installPlugin(new SqlObjectPlugin()).onDemand(UserDao.class);
    }
}
