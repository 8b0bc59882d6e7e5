package dev.sessionauth.cli;

import dev.sessionauth.SessionAuthConfiguration;
import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.bundle.SessionListener;
import dev.sessionauth.bundle.SessionsFactory;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.users.Accounts;
import dev.sessionauth.users.User;
import dev.sessionauth.users.UserDao;
import dev.sessionauth.users.UserDatabase;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import java.time.Clock;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code revoke-sessions config.yml --user <id or username>}: ends every session of one user from a
 * shell, without going through a running node. Only for a shared store (Redis): an in-process
 * store lives inside the server, so the command refuses and points to the admin task.
 */
public final class RevokeSessionsCommand extends ConfiguredCommand<SessionAuthConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(RevokeSessionsCommand.class);

    private final SessionListener listener;

    /** @param listener hears each session ended, as the application's sessions are heard */
    public RevokeSessionsCommand(SessionListener listener) {
        super("revoke-sessions", "Ends every session of one user (shared stores; else POST /tasks/revoke-sessions)");
        this.listener = listener;
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        StartupFailure.describe(e)
            .map(line -> line.replace("sessionauth cannot start: ", "revoke-sessions: "))
            .ifPresentOrElse(cli.getStdErr()::println, () -> super.onError(cli, namespace, e));
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--user").required(true).help("the user's id or username");
    }

    @Override
    protected void run(Bootstrap<SessionAuthConfiguration> bootstrap, Namespace namespace,
                       SessionAuthConfiguration configuration) throws Exception {
        SessionsFactory sessions = configuration.getSessions();
        if (!sessions.getStore().isShared()) {
            throw new IllegalArgumentException("sessions.store.type " + sessions.getStore().type()
                + " keeps sessions inside the server process; use POST /tasks/revoke-sessions?user=... on its admin port");
        }
        MetricRegistry metrics = bootstrap.getMetricRegistry();
        ManagedDataSource dataSource = configuration.getDatabase().build(metrics, "revoke-sessions");
        try (SessionStore store = sessions.getStore().build(metrics, Clock.systemUTC())) {
            UserDao users = UserDatabase.jdbi(dataSource).onDemand(UserDao.class);
            // Revoking sessions changes no user's row: there is nothing for any node's user cache to drop.
            Accounts accounts = new Accounts(users,
                sessions.build(store, metrics, Clock.systemUTC(), listener), id -> { });
            String wanted = namespace.getString("user");
            User user = accounts.find(wanted)
                .orElseThrow(() -> new IllegalArgumentException("no user '" + wanted + "'"));
            int ended = accounts.revokeSessions(user.id());
            LOG.info("Ended {} sessions of user '{}' (id {})", ended, user.username(), user.id());
        } finally {
            dataSource.stop();
        }
    }
}
