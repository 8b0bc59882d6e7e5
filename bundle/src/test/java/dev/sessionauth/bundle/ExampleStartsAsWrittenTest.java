package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.bundle.example.ExampleApplication;
import dev.sessionauth.bundle.example.ExampleConfiguration;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ConstraintViolation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

/**
 * The README's example reads {@code SESSION_SECRET} and {@code SECOND_FACTOR_KEY} from the
 * environment, as written: its application installs the substitution, the example configuration
 * then validates with both in place, and a secret or key left as an unsubstituted {@code ${...}},
 * however long its name, is refused.
 */
class ExampleStartsAsWrittenTest {

    private static final String SECRET = "a-secret-from-the-environment-0123456789";
    private static final String KEY = "a-second-factor-key-from-the-environment";

    @Test
    void theExampleReadsItsSecretFromTheEnvironment() throws Exception {
        Bootstrap<ExampleConfiguration> bootstrap = new Bootstrap<>(new ExampleApplication());
        new ExampleApplication().initialize(bootstrap);
        assertThat(bootstrap.getConfigurationSourceProvider()).isInstanceOf(SubstitutingSourceProvider.class);

        ExampleConfiguration config = new YamlConfigurationFactory<>(ExampleConfiguration.class,
            Validators.newValidator(), Jackson.newObjectMapper(), "dw")
            .build(new SubstitutingSourceProvider(new ResourceConfigurationSourceProvider(),
                new StringSubstitutor(Map.of("SESSION_SECRET", SECRET, "SECOND_FACTOR_KEY", KEY))), "example.yml");

        assertThat(config.getSessions().getSecrets()).containsExactly(SECRET);
        assertThat(config.getLogins().getSecondFactors().getKeys()).containsExactly(KEY);
    }

    @Test
    void aSecretLeftAsAnUnsubstitutedVariableIsRefusedWhateverItsLength() {
        SessionsFactory sessions = new SessionsFactory();
        sessions.setSecrets(List.of("${SESSIONAUTH_EXAMPLE_SECRET_THAT_NOBODY_EVER_SET}"));

        Set<ConstraintViolation<SessionsFactory>> violations = Validators.newValidator().validate(sessions);

        assertThat(violations).extracting(ConstraintViolation::getMessage)
            .anySatisfy(message -> assertThat(message).contains("unsubstituted ${...}"));
    }

    @Test
    void aSecondFactorKeyLeftAsAnUnsubstitutedVariableIsRefusedWhateverItsLength() {
        SecondFactorsFactory factors = new SecondFactorsFactory();
        factors.setKeys(List.of("${SESSIONAUTH_EXAMPLE_SECOND_FACTOR_KEY_THAT_NOBODY_SET}"));

        Set<ConstraintViolation<SecondFactorsFactory>> violations = Validators.newValidator().validate(factors);

        assertThat(violations).extracting(ConstraintViolation::getMessage)
            .anySatisfy(message -> assertThat(message).contains("logins.secondFactors.keys holds an unsubstituted"));
    }
}
