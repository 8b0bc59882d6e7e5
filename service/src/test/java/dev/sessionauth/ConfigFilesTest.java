package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.ws.rs.core.NewCookie;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

/** The shipped configuration files parse, validate and say what the README says they say. */
class ConfigFilesTest {

    @Test
    void devConfigUsesTheEmbeddedDefaultsAndTheDemoUsers() throws Exception {
        SessionAuthConfiguration dev = load("../config/dev.yml", Map.of());

        assertThat(dev.getSessions().getStore().getClass().getSimpleName()).isEqualTo("MemorySessionStoreFactory");
        assertThat(dev.getDatabase().getDriverClass()).isEqualTo("org.h2.Driver");
        assertThat(dev.isMigrateOnStart()).isTrue();
        assertThat(dev.getDemoUsers()).extracting(u -> u.getUsername()).containsExactly("ada", "grace");
        assertThat(dev.getForwardAuth().getTrustedProxies()).containsExactly("127.0.0.1", "::1");
        assertThat(dev.getForwardAuth().getAllowedHosts()).containsExactly("127.0.0.1", "localhost");
    }

    @Test
    void productionConfigTakesSecretsAndDatabaseFromTheEnvironment() throws Exception {
        String secret = "s".repeat(48);
        SessionAuthConfiguration production = load("../config/production.yml", Map.of(
            "SESSION_SECRET", secret,
            "SECOND_FACTOR_KEY", "k".repeat(48),
            "DATABASE_URL", "jdbc:postgresql://db.internal:5432/sessionauth",
            "DATABASE_PASSWORD", "from-env",
            "REDIS_URL", "rediss://:from-env@redis.internal:6380"));

        assertThat(production.getSessions().getSecrets()).containsExactly(secret);
        assertThat(production.getLogins().getSecondFactors().getKeys()).containsExactly("k".repeat(48));
        assertThat(production.getSessions().getCookie().isSecure()).isTrue();
        assertThat(production.getSessions().getCookie().getName()).startsWith("__Host-");
        assertThat(production.getSessions().getCookie().getSameSite()).isEqualTo(NewCookie.SameSite.LAX);
        assertThat(production.getDemoUsers()).isEmpty();
        assertThat(production.isMigrateOnStart()).isFalse();
        assertThat(production.getForwardAuth()).as("forward authentication is off unless configured").isNull();
        assertThat(production.getDatabase().getUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/sessionauth");
        assertThat(production.getDatabase().getPassword()).isEqualTo("from-env");
        assertThat(production.getSessions().getStore().type()).isEqualTo("redis");
        assertThat(Jackson.newObjectMapper().valueToTree(production.getSessions().getStore()).get("uri").asText())
            .isEqualTo("rediss://:from-env@redis.internal:6380");
        assertThat(Jackson.newObjectMapper().valueToTree(production.getSessions().getStore()).get("nearCache")
            .get("maximumSize").asLong()).as("the near cache is on in production").isEqualTo(100_000);
    }

    @Test
    void productionConfigRefusesToLoadWithoutASecondFactorKey() {
        assertThatThrownBy(() -> load("../config/production.yml", Map.of("SESSION_SECRET", "s".repeat(48))))
            .isInstanceOf(ConfigurationValidationException.class)
            .hasMessageContaining("logins.secondFactors.keys");
    }

    @Test
    void productionConfigRefusesToLoadWithoutASecret() {
        assertThatThrownBy(() -> load("../config/production.yml", Map.of()))
            .isInstanceOf(ConfigurationValidationException.class)
            .hasMessageContaining("sessions.secrets");
    }

    private static SessionAuthConfiguration load(String path, Map<String, String> environment) throws Exception {
        StringSubstitutor substitutor = new StringSubstitutor(environment::get);
        substitutor.setEnableSubstitutionInVariables(false);
        return new YamlConfigurationFactory<>(SessionAuthConfiguration.class, Validators.newValidator(),
            Jackson.newObjectMapper(), "dw")
            .build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), substitutor), path);
    }
}
