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
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The {@code logins.passkeys} block: present, it turns on passkeys ({@link Passkeys}) for a host
 * that gives the bundle a {@link PasskeyStorage}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code rpId}</td><td>(required)</td><td>The relying party ID: the domain passkeys are
 *       bound to ({@code example.com}), the host of every origin or a parent domain of it. A
 *       passkey made for one ID never works for another: choose it once.</td></tr>
 *   <tr><td>{@code rpName}</td><td>sessionauth</td><td>The name the browser shows when it makes a
 *       passkey.</td></tr>
 *   <tr><td>{@code origins}</td><td>(required)</td><td>The origins the pages that use passkeys are
 *       served from ({@code https://example.com}); an assertion made on any other is refused.
 *       {@code https}, but for {@code http://localhost}.</td></tr>
 *   <tr><td>{@code challengeLifetime}</td><td>5m</td><td>How long a ceremony's challenge can be
 *       answered; each is answered once, on any node.</td></tr>
 * </table>
 */
public class PasskeysFactory {

    @NotEmpty
    @Size(max = 253)
    @Pattern(regexp = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*",
        message = "must be a domain name, without a scheme or a port")
    private String rpId;

    @NotEmpty
    @Size(max = 64)
    @Pattern(regexp = "[^\\p{Cntrl}]+", message = "must have no control character")
    private String rpName = "sessionauth";

    @NotEmpty
    private List<@NotNull String> origins = List.of();

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
    private Duration challengeLifetime = Duration.minutes(5);

    /**
     * Every origin is one a browser makes passkeys on (https, or http on localhost), and its host
     * is the relying party ID or below it.
     */
    @JsonIgnore
    @ValidationMethod(message = "logins.passkeys.origins must each be https://host[:port] (http only for localhost) "
        + "whose host is rpId or a subdomain of it")
    public boolean isEveryOriginOfTheRelyingParty() {
        return origins == null || rpId == null || origins.stream().allMatch(this::isOriginOfTheRelyingParty);
    }

    private boolean isOriginOfTheRelyingParty(String origin) {
        String normalized = origin == null ? null : Origins.normalize(origin);
        if (normalized == null) {
            return false;
        }
        URI uri = URI.create(normalized);
        String host = uri.getHost();
        String id = rpId.toLowerCase(Locale.ROOT);
        boolean secure = uri.getScheme().equals("https") || host.equals("localhost");
        return secure && (host.equals(id) || host.endsWith("." + id));
    }

    /**
     * The origins as a browser writes them in its client data: scheme, host and a port other than
     * the scheme's default. Call after validation.
     */
    @JsonIgnore
    public List<String> browserOrigins() {
        return origins.stream().map(origin -> {
            URI uri = URI.create(Origins.normalize(origin));
            boolean defaultPort = uri.getScheme().equals("https") ? uri.getPort() == 443 : uri.getPort() == 80;
            return uri.getScheme() + "://" + uri.getHost() + (defaultPort ? "" : ":" + uri.getPort());
        }).distinct().toList();
    }

    @JsonProperty
    public String getRpId() {
        return rpId;
    }

    @JsonProperty
    public void setRpId(String rpId) {
        this.rpId = rpId;
    }

    @JsonProperty
    public String getRpName() {
        return rpName;
    }

    @JsonProperty
    public void setRpName(String rpName) {
        this.rpName = rpName;
    }

    @JsonProperty
    public List<String> getOrigins() {
        return origins;
    }

    @JsonProperty
    public void setOrigins(List<String> origins) {
        this.origins = origins;
    }

    @JsonProperty
    public Duration getChallengeLifetime() {
        return challengeLifetime;
    }

    @JsonProperty
    public void setChallengeLifetime(Duration challengeLifetime) {
        this.challengeLifetime = challengeLifetime;
    }
}
