package dev.sessionauth.bundle.example;

import dev.sessionauth.bundle.SessionAuthBundle;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;

public class ExampleApplication extends Application<ExampleConfiguration> {

    private final Members members = new Members();

    private final SessionAuthBundle<ExampleConfiguration, Member> sessions =
        new SessionAuthBundle<>(Member.class, ExampleConfiguration::getSessions, members::find)
            .authorizer((member, role, request) -> member.roles().contains(role));

    public static void main(String[] args) throws Exception {
        new ExampleApplication().run(args);
    }

    @Override
    public void initialize(Bootstrap<ExampleConfiguration> bootstrap) {
        // ${SESSION_SECRET} in the YAML is read from the environment. Left unset, it stays as written,
        // and the bundle refuses to start: a secret that still reads ${...} is named in one line.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addBundle(sessions);
    }

    @Override
    public void run(ExampleConfiguration configuration, Environment environment) {
        environment.jersey().register(new LoginResource(members, sessions.sessions()));
        environment.jersey().register(new MemberResource(members, sessions.sessions()));
    }

    /** For the application's own tests and tools. */
    public Members members() {
        return members;
    }

    /** For the application's own tests and tools: the bundle's store, sessions and metrics. */
    public SessionAuthBundle<ExampleConfiguration, Member> sessions() {
        return sessions;
    }
}
