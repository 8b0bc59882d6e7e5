package dev.sessionauth.cli;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.users.PasswordPolicy;
import dev.sessionauth.users.UserDao;
import dev.sessionauth.users.UserDatabase;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code add-user config.yml --username NAME [--roles a,b]}: creates a user. The password is never
 * an argument (arguments show in process lists and shell history): it comes from the environment
 * variable {@value #PASSWORD_VARIABLE}, or else from the first line of standard input.
 */
public final class AddUserCommand extends ConfiguredCommand<SessionAuthConfiguration> {

    public static final String PASSWORD_VARIABLE = "SESSIONAUTH_PASSWORD";

    private static final Logger LOG = LoggerFactory.getLogger(AddUserCommand.class);

    private final InputStream stdin;
    private final Map<String, String> environment;

    public AddUserCommand() {
        this(System.in, System.getenv());
    }

    /** For tests: where the password is read from. */
    public AddUserCommand(InputStream stdin, Map<String, String> environment) {
        super("add-user", "Adds a user; the password comes from $" + PASSWORD_VARIABLE + " or standard input");
        this.stdin = stdin;
        this.environment = environment;
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        StartupFailure.describe(e).ifPresentOrElse(cli.getStdErr()::println, () -> super.onError(cli, namespace, e));
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--username").required(true).help("the new user's name");
        subparser.addArgument("--roles").setDefault("").help("comma-separated roles, e.g. admin,user");
    }

    @Override
    protected void run(Bootstrap<SessionAuthConfiguration> bootstrap, Namespace namespace,
                       SessionAuthConfiguration configuration) throws Exception {
        if (!Logins.isPrintable(namespace.getString("username"))) {
            throw new IllegalArgumentException("username must not contain control characters");
        }
        String username = namespace.getString("username").strip();
        if (username.isEmpty() || username.length() > 255) {
            throw new IllegalArgumentException("username must be 1 to 255 characters");
        }
        String password = readPassword();
        if (configuration.isMigrateOnStart()) {
            UserDatabase.migrate(configuration.getDatabase(), bootstrap.getMetricRegistry());
        }
        ManagedDataSource dataSource = configuration.getDatabase().build(bootstrap.getMetricRegistry(), "add-user");
        try {
            UserDao users = UserDatabase.jdbi(dataSource).onDemand(UserDao.class);
            if (users.findByUsername(username).isPresent()) {
                throw new IllegalArgumentException("user '" + username + "' already exists");
            }
            String roles = UserDao.joinRoles(Arrays.asList(namespace.getString("roles").split(",")));
            long id = users.insert(username, new PasswordHasher().hash(password), roles, false,
                Clock.systemUTC().instant());
            LOG.info("Added user '{}' with id {}", username, id);
        } finally {
            dataSource.stop();
        }
    }

    private String readPassword() throws IOException {
        String password = environment.get(PASSWORD_VARIABLE);
        if (password == null) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            password = reader.readLine();
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("no password: set $" + PASSWORD_VARIABLE + " or pipe it to stdin");
        }
        String chosen = password;
        PasswordPolicy.check(chosen).ifPresent(problem -> {
            throw new IllegalArgumentException("password " + problem.message());
        });
        return chosen;
    }
}
