package dev.sessionauth.bundle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.core.NewCookie;

/**
 * The {@code sessions.cookie} block. The cookie is always {@code HttpOnly}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code name}</td><td>{@code __Host-sid} where {@code secure}, {@code path: /} and no
 *       domain allow the prefix, else {@code sid}</td><td>Cookie name. A {@code __Host-} prefix
 *       requires {@code secure: true}, {@code path: /} and no domain; with it a browser refuses the
 *       cookie from plain HTTP, from a sibling subdomain and with any other path, so nothing but
 *       this host can set or shadow the session cookie.</td></tr>
 *   <tr><td>{@code secure}</td><td>true</td><td>Send the cookie over HTTPS only.</td></tr>
 *   <tr><td>{@code sameSite}</td><td>{@code lax}</td><td>{@code strict}, {@code lax} or
 *       {@code none}; {@code none} requires {@code secure: true}.</td></tr>
 *   <tr><td>{@code path}</td><td>{@code /}</td><td>Cookie path.</td></tr>
 *   <tr><td>{@code domain}</td><td>none (host only)</td><td>Cookie domain.</td></tr>
 *   <tr><td>{@code maxAge}</td><td>none (until the browser closes)</td><td>Cookie lifetime
 *       in the browser; the server-side timeouts apply whatever it is.</td></tr>
 * </table>
 */
public class CookieFactory {

    /** The default name, with the {@code __Host-} prefix wherever the other attributes allow it. */
    static final String DEFAULT_NAME = "sid";
    private static final String DEFAULT_HOST_NAME = "__Host-" + DEFAULT_NAME;

    @Pattern(regexp = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+", message = "must be a cookie name (RFC 6265 token)")
    private String name;

    private boolean secure = true;

    @NotNull
    private NewCookie.SameSite sameSite = NewCookie.SameSite.LAX;

    @NotNull
    @Pattern(regexp = "/[\\x21-\\x3a\\x3c-\\x7e]*", message = "must start with / and hold no ; or spaces")
    private String path = "/";

    @Pattern(regexp = "[A-Za-z0-9.-]+", message = "must be a host name")
    private String domain;

    private Duration maxAge;

    /**
     * The configured name; without one, {@code __Host-sid} where {@code secure}, {@code path: /}
     * and no domain allow the prefix, else {@code sid}.
     */
    @JsonProperty
    public String getName() {
        if (name != null) {
            return name;
        }
        return hostPrefixAllowed() ? DEFAULT_HOST_NAME : DEFAULT_NAME;
    }

    @JsonProperty
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty
    public boolean isSecure() {
        return secure;
    }

    @JsonProperty
    public void setSecure(boolean secure) {
        this.secure = secure;
    }

    @JsonProperty
    public NewCookie.SameSite getSameSite() {
        return sameSite;
    }

    @JsonProperty
    public void setSameSite(NewCookie.SameSite sameSite) {
        this.sameSite = sameSite;
    }

    @JsonProperty
    public String getPath() {
        return path;
    }

    @JsonProperty
    public void setPath(String path) {
        this.path = path;
    }

    @JsonProperty
    public String getDomain() {
        return domain;
    }

    @JsonProperty
    public void setDomain(String domain) {
        this.domain = domain;
    }

    @JsonProperty
    public Duration getMaxAge() {
        return maxAge;
    }

    @JsonProperty
    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    @JsonIgnore
    @ValidationMethod(message = "sessions.cookie: sameSite none cannot be combined with secure: false (browsers drop such cookies)")
    public boolean isSameSiteNoneSecure() {
        return sameSite != NewCookie.SameSite.NONE || secure;
    }

    @JsonIgnore
    @ValidationMethod(message = "sessions.cookie: a __Host- cookie requires secure: true, path: / and no domain")
    public boolean isHostPrefixValid() {
        return !getName().startsWith("__Host-") || hostPrefixAllowed();
    }

    private boolean hostPrefixAllowed() {
        return secure && "/".equals(path) && domain == null;
    }

    @JsonIgnore
    @ValidationMethod(message = "sessions.cookie: a __Secure- cookie requires secure: true")
    public boolean isSecurePrefixValid() {
        return !getName().startsWith("__Secure-") || secure;
    }
}
