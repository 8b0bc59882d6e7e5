package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasskeysFactoryTest {

    private final Validator validator = Validators.newValidator();

    private static PasskeysFactory passkeys(String rpId, String... origins) {
        PasskeysFactory factory = new PasskeysFactory();
        factory.setRpId(rpId);
        factory.setOrigins(List.of(origins));
        return factory;
    }

    private Set<ConstraintViolation<PasskeysFactory>> violations(PasskeysFactory factory) {
        return validator.validate(factory);
    }

    @Test
    void originsOfTheRelyingPartyAndItsSubdomainsPassAsTheBrowserWritesThem() {
        PasskeysFactory factory = passkeys("example.com", "https://example.com", "https://login.example.com:8443",
            "HTTPS://Example.com:443");

        assertThat(violations(factory)).isEmpty();
        assertThat(factory.browserOrigins()).containsExactly("https://example.com", "https://login.example.com:8443");
        assertThat(violations(passkeys("localhost", "http://localhost:8080"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.org", "https://notexample.com", "http://example.com",
        "https://example.com/path", "https://example.com/", "example.com", "https://user@example.com", ""})
    void anOriginThatIsNotTheRelyingPartysIsRefused(String origin) {
        assertThat(violations(passkeys("example.com", origin))).extracting(ConstraintViolation::getMessage)
            .anyMatch(message -> message.contains("logins.passkeys.origins"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com", "example.com:443", "-example.com", "example..com", ""})
    void aRelyingPartyIdIsADomainName(String rpId) {
        assertThat(violations(passkeys(rpId, "https://example.com"))).isNotEmpty();
    }

    @Test
    void noOriginIsRefused() {
        assertThat(violations(passkeys("example.com"))).isNotEmpty();
    }
}
