package dev.sessionauth.forward;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sessionauth.bundle.IpAddressOrRange;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code forwardAuth} block: forward authentication is off without it.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code trustedProxies}</td><td>(required)</td><td>Addresses and CIDR ranges of the
 *       proxies that ask {@code /auth/verify}: only their {@code X-Forwarded-Method}, {@code -Proto},
 *       {@code -Host}, {@code -Uri}, {@code X-Original-URI} and {@code X-Original-Method} describe
 *       the original request. From anyone else the check request is taken as it came.</td></tr>
 *   <tr><td>{@code allowedHosts}</td><td>none</td><td>The hosts the sign-in page may send a browser
 *       back to, e.g. {@code app.example.com}, or {@code *.example.com} for every subdomain (not
 *       the domain itself); any port. A return URL on any other host goes to {@code /}.</td></tr>
 *   <tr><td>{@code signInUrl}</td><td>{@code /login}</td><td>Where a browser without a session is
 *       sent, with the original URL as {@code rd}: a path, when the proxy passes it to this
 *       service on the application's own host, or an absolute URL such as
 *       {@code https://auth.example.com/login}.</td></tr>
 *   <tr><td>{@code stepUpUrl}</td><td>{@code /login/step-up}</td><td>Where a browser whose session
 *       lacks the second factor a {@code second-factor} rule wants is sent, with the original URL
 *       as {@code rd}; a path or an absolute URL, as {@code signInUrl}.</td></tr>
 *   <tr><td>{@code rules}</td><td>none</td><td>Access rules ({@link AccessRuleFactory}), first
 *       match wins: which requests need no session, a session, a session with one of some roles,
 *       or are refused whatever the session.</td></tr>
 *   <tr><td>{@code defaultPolicy}</td><td>{@code signed-in}</td><td>The policy for what no rule
 *       matches: {@code signed-in} (any live session), {@code second-factor} (a session at
 *       {@code aal2}) or {@code deny}; the shipped examples say {@code deny}.</td></tr>
 *   <tr><td>{@code headers}</td><td>{@code Remote-User}, {@code Remote-User-Id},
 *       {@code Remote-Groups}, {@code Remote-Session}, {@code Remote-Authentication-Level}</td><td>The
 *       names of the identity headers of a 200, as {@code user}, {@code userId}, {@code groups},
 *       {@code session} and {@code level}.</td></tr>
 *   <tr><td>{@code listener}</td><td>none</td><td>A listener of the check's own, a Dropwizard
 *       connector ({@code type: http} or {@code https}, {@code bindHost}, {@code port}), which
 *       answers {@code /auth/verify} and nothing else, without the application's handlers and
 *       threads: at about the cost of a bare Jetty handler with the memory and Caffeine stores.
 *       The application's connectors answer the check too.</td></tr>
 *   <tr><td>{@code listenerThreads}</td><td>32</td><td>The listener's threads at most: those that
 *       accept and read connections, and those that run a check that waits (a user loaded from
 *       the database, any check on Redis).</td></tr>
 * </table>
 */
public class ForwardAuthFactory {

    @NotEmpty(message = "must list the proxies that ask /auth/verify, e.g. [ 127.0.0.1 ]")
    private List<@NotNull @IpAddressOrRange String> trustedProxies = new ArrayList<>();

    @NotNull
    private List<@NotNull @Pattern(regexp = ReturnUrls.HOST_PATTERN,
        message = "must be a host name such as app.example.com or *.example.com") String> allowedHosts =
        new ArrayList<>();

    @NotEmpty
    private String signInUrl = "/login";

    @NotEmpty
    private String stepUpUrl = "/login/step-up";

    @Valid
    @NotNull
    private IdentityHeaders headers = new IdentityHeaders();

    @NotNull
    @ValidAccessRules
    private List<AccessRuleFactory> rules = new ArrayList<>();

    @NotNull
    @Pattern(regexp = "bypass|signed-in|roles|deny", message = "must be signed-in or deny (or bypass)")
    private String defaultPolicy = "signed-in";

    @Valid
    private ConnectorFactory listener;

    @Min(8)
    @Max(1024)
    private int listenerThreads = 32;

    /** The check's own listener; null when the application's connectors alone answer it. */
    @JsonProperty
    public ConnectorFactory getListener() {
        return listener;
    }

    @JsonProperty
    public void setListener(ConnectorFactory listener) {
        this.listener = listener;
    }

    @JsonProperty
    public int getListenerThreads() {
        return listenerThreads;
    }

    @JsonProperty
    public void setListenerThreads(int listenerThreads) {
        this.listenerThreads = listenerThreads;
    }

    @JsonProperty
    public List<AccessRuleFactory> getRules() {
        return rules;
    }

    @JsonProperty
    public void setRules(List<AccessRuleFactory> rules) {
        this.rules = rules;
    }

    @JsonProperty
    public String getDefaultPolicy() {
        return defaultPolicy;
    }

    @JsonProperty
    public void setDefaultPolicy(String defaultPolicy) {
        this.defaultPolicy = defaultPolicy;
    }

    @ValidationMethod(message = "forwardAuth.defaultPolicy cannot be roles: a rule names the roles")
    public boolean isDefaultPolicyNotRoles() {
        return !"roles".equals(defaultPolicy);
    }

    /** The rules these settings describe, first match wins, then the default policy. */
    AccessRules buildRules() {
        List<AccessRules.Rule> built = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            built.add(rules.get(i).build(i));
        }
        return new AccessRules(built, AccessRuleFactory.Policy.named(defaultPolicy).orElseThrow());
    }

    @JsonProperty
    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    @JsonProperty
    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    @JsonProperty
    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    @JsonProperty
    public void setAllowedHosts(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts;
    }

    @JsonProperty
    public String getSignInUrl() {
        return signInUrl;
    }

    @JsonProperty
    public void setSignInUrl(String signInUrl) {
        this.signInUrl = signInUrl;
    }

    @JsonProperty
    public String getStepUpUrl() {
        return stepUpUrl;
    }

    @JsonProperty
    public void setStepUpUrl(String stepUpUrl) {
        this.stepUpUrl = stepUpUrl;
    }

    @JsonProperty
    public IdentityHeaders getHeaders() {
        return headers;
    }

    @JsonProperty
    public void setHeaders(IdentityHeaders headers) {
        this.headers = headers;
    }

    @ValidationMethod(message = "forwardAuth.signInUrl must be a path such as /login or an http(s) URL")
    public boolean isSignInUrlValid() {
        return isPageUrl(signInUrl);
    }

    @ValidationMethod(message = "forwardAuth.stepUpUrl must be a path such as /login/step-up or an http(s) URL")
    public boolean isStepUpUrlValid() {
        return isPageUrl(stepUpUrl);
    }

    /** A path on the application's own host, or an absolute http(s) URL; null is left to {@code @NotNull}. */
    private static boolean isPageUrl(String url) {
        if (url == null) {
            return true;
        }
        if (url.startsWith("/")) {
            return !url.startsWith("//") && ReturnUrls.isPlain(url);
        }
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The names of the headers that carry the identity to the proxy, and from it to the application. */
    public static class IdentityHeaders {

        private static final String TOKEN = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
        private static final String MESSAGE = "must be an HTTP header name";

        @NotNull
        @Pattern(regexp = TOKEN, message = MESSAGE)
        private String user = "Remote-User";

        @NotNull
        @Pattern(regexp = TOKEN, message = MESSAGE)
        private String userId = "Remote-User-Id";

        @NotNull
        @Pattern(regexp = TOKEN, message = MESSAGE)
        private String groups = "Remote-Groups";

        @NotNull
        @Pattern(regexp = TOKEN, message = MESSAGE)
        private String session = "Remote-Session";

        @NotNull
        @Pattern(regexp = TOKEN, message = MESSAGE)
        private String level = "Remote-Authentication-Level";

        @JsonProperty
        public String getUser() {
            return user;
        }

        @JsonProperty
        public void setUser(String user) {
            this.user = user;
        }

        @JsonProperty
        public String getUserId() {
            return userId;
        }

        @JsonProperty
        public void setUserId(String userId) {
            this.userId = userId;
        }

        @JsonProperty
        public String getGroups() {
            return groups;
        }

        @JsonProperty
        public void setGroups(String groups) {
            this.groups = groups;
        }

        @JsonProperty
        public String getSession() {
            return session;
        }

        @JsonProperty
        public void setSession(String session) {
            this.session = session;
        }

        /** The header carrying the session's assurance level: {@code aal1} or {@code aal2}. */
        @JsonProperty
        public String getLevel() {
            return level;
        }

        @JsonProperty
        public void setLevel(String level) {
            this.level = level;
        }
    }
}
