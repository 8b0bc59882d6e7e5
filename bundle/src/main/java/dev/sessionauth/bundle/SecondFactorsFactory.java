package dev.sessionauth.bundle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code logins.secondFactors} block: present, it turns on second factors ({@link SecondFactors})
 * for a host that gives the bundle a {@link SecondFactorStorage}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code keys}</td><td>(required)</td><td>What the TOTP secrets are encrypted with at
 *       rest (AES-256-GCM, a key derived from each): the first encrypts, all decrypt, and a secret
 *       sealed with an older key is sealed again at its user's next code. At least 32 characters
 *       each; give them from the environment ({@code ${SECOND_FACTOR_KEY}}), never in the file.</td></tr>
 *   <tr><td>{@code issuer}</td><td>sessionauth</td><td>The name an authenticator app shows beside
 *       the account.</td></tr>
 *   <tr><td>{@code pendingLifetime}</td><td>5m</td><td>How long a correct password waits for its
 *       second factor before it must be typed again.</td></tr>
 * </table>
 */
public class SecondFactorsFactory {

    @NotEmpty
    private List<@NotNull @Size(min = 32, message = "must be at least 32 characters") String> keys = List.of();

    @NotEmpty
    @Size(max = 64)
    @Pattern(regexp = "[^:\\p{Cntrl}]+", message = "must have no colon and no control character")
    private String issuer = "sessionauth";

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @MaxDuration(value = 15, unit = TimeUnit.MINUTES)
    private Duration pendingLifetime = Duration.minutes(5);

    @JsonIgnore
    @ValidationMethod(message = "logins.secondFactors.keys must all differ")
    public boolean isKeysDistinct() {
        return keys == null || keys.stream().distinct().count() == keys.size();
    }

    /**
     * A key left as {@code ${SECOND_FACTOR_KEY}} because nothing substituted it would encrypt every
     * TOTP secret under a string anyone who reads the configuration knows.
     */
    @JsonIgnore
    @ValidationMethod(message = "logins.secondFactors.keys holds an unsubstituted ${...}: set the environment "
        + "variable it names, and install Dropwizard's EnvironmentVariableSubstitutor")
    public boolean isEveryKeySubstituted() {
        return keys == null || keys.stream().noneMatch(key -> key != null && key.contains("${"));
    }

    @JsonProperty
    public List<String> getKeys() {
        return keys;
    }

    @JsonProperty
    public void setKeys(List<String> keys) {
        this.keys = keys;
    }

    @JsonProperty
    public String getIssuer() {
        return issuer;
    }

    @JsonProperty
    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    @JsonProperty
    public Duration getPendingLifetime() {
        return pendingLifetime;
    }

    @JsonProperty
    public void setPendingLifetime(Duration pendingLifetime) {
        this.pendingLifetime = pendingLifetime;
    }
}
