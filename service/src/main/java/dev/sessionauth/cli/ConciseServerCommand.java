package dev.sessionauth.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Dropwizard's {@code server} command, reporting an operator's mistake in one line (see
 * {@link StartupFailure}). Those failures all happen before the server is built, so there is
 * nothing for the parent's error handling to stop.
 */
public final class ConciseServerCommand<T extends Configuration> extends ServerCommand<T> {

    public ConciseServerCommand(Application<T> application) {
        super(application);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        StartupFailure.describe(e).ifPresentOrElse(cli.getStdErr()::println, () -> super.onError(cli, namespace, e));
    }
}
