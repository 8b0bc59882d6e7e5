package dev.sessionauth.bundle.example;

import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.SessionAuthBundle;
import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.PolymorphicAuthDynamicFeature;
import io.dropwizard.auth.PolymorphicAuthValueFactoryProvider;
import io.dropwizard.auth.UnauthorizedHandler;
import io.dropwizard.auth.basic.BasicCredentialAuthFilter;
import io.dropwizard.auth.basic.BasicCredentials;
import io.dropwizard.auth.chained.ChainedAuthFilter;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

public class ExampleApplication extends Application<ExampleConfiguration> {

    private final Members members = new Members();
    private final MemberFactors factors = new MemberFactors(members);
    private final MemberPasskeys passkeys = new MemberPasskeys();
    private final ApiClients apiClients = new ApiClients();

    private final SessionAuthBundle<ExampleConfiguration, Member> sessions =
        new SessionAuthBundle<>(Member.class, ExampleConfiguration::getSessions, members::find)
            .authorizer((member, role, request) -> member.roles().contains(role))
            .credentialsChangedAt(members::passwordChangedAt)
            .jsonServerErrors()
            .leaveAuthFeaturesToHost();

    public static void main(String[] args) throws Exception {
        new ExampleApplication().run(args);
    }

    @Override
    public void initialize(Bootstrap<ExampleConfiguration> bootstrap) {
        // ${SESSION_SECRET} and ${SECOND_FACTOR_KEY} in the YAML are read from the environment. Left
        // unset, they stay as written, and the bundle refuses to start, naming them in one line.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addBundle(sessions);
    }

    @Override
    public void run(ExampleConfiguration configuration, Environment environment) {
        Logins logins = sessions.logins(configuration.getLogins(), members, factors, passkeys);
        environment.jersey().register(new LoginResource(logins, sessions.sessions()));
        environment.jersey().register(new SecondFactorResource(logins.secondFactors()));
        environment.jersey().register(new PasskeyResource(logins));
        environment.jersey().register(new MemberResource(members, sessions.sessions()));
        environment.jersey().register(new ApiResource());

        // Browsers sign in with a session; programs send an API key with HTTP Basic. @Auth Member
        // takes the session, @Auth ApiClient the key, @Auth Principal either.
        AuthFilter<?, Member> session = sessions.authFilter();
        AuthFilter<BasicCredentials, ApiClient> apiKey = new BasicCredentialAuthFilter.Builder<ApiClient>()
            .setAuthenticator(apiClients)
            .setAuthorizer((client, role, request) -> client.roles().contains(role))
            .setRealm("api")
            .setUnauthorizedHandler(new UnauthorizedHandler() {
                // No "WWW-Authenticate: Basic" challenge: a browser that answered one would keep
                // sending the key by itself, to requests other sites make it send.
                @Override
                public Response buildResponse(String prefix, String realm) {
                    return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new ErrorMessage(401, "Not authenticated")).build();
                }
            })
            .buildAuthFilter();
        environment.jersey().register(new PolymorphicAuthDynamicFeature<>(Map.of(
            Member.class, session,
            ApiClient.class, apiKey,
            Principal.class, new ChainedAuthFilter<>(List.of(session, apiKey)))));
        environment.jersey().register(new PolymorphicAuthValueFactoryProvider.Binder<>(
            Set.of(Member.class, ApiClient.class, Principal.class)));
        environment.jersey().register(RolesAllowedDynamicFeature.class);
    }

    /** For the application's own tests and tools. */
    public Members members() {
        return members;
    }

    /** For the application's own tests and tools. */
    public MemberPasskeys passkeys() {
        return passkeys;
    }

    /** For the application's own tests and tools. */
    public ApiClients apiClients() {
        return apiClients;
    }

    /** For the application's own tests and tools: the bundle's store, sessions, logins and metrics. */
    public SessionAuthBundle<ExampleConfiguration, Member> sessions() {
        return sessions;
    }
}
