package dev.sessionauth.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import net.sourceforge.argparse4j.inf.Namespace;

/** Dropwizard's {@code check} command, reporting a bad configuration in one line. */
public final class ConciseCheckCommand<T extends Configuration> extends CheckCommand<T> {

    public ConciseCheckCommand(Application<T> application) {
        super(application);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        StartupFailure.describe(e).ifPresentOrElse(cli.getStdErr()::println, () -> super.onError(cli, namespace, e));
    }
}
