package dev.sessionauth.forward;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import dev.sessionauth.bundle.TrustedProxies;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One rule of {@code forwardAuth.rules}: what requests it matches, and the policy for them. Every
 * condition given must hold; a condition left out matches everything.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code hosts}</td><td>any</td><td>The original request's host (any port): a name, or
 *       {@code *.example.com} for each subdomain of {@code example.com} (not the domain
 *       itself).</td></tr>
 *   <tr><td>{@code paths}</td><td>any</td><td>Path prefixes, such as {@code /admin/}; or, starting
 *       with {@code ^}, a regular expression the whole path must match. The query is not part of
 *       the path.</td></tr>
 *   <tr><td>{@code methods}</td><td>any</td><td>The original request's methods.</td></tr>
 *   <tr><td>{@code networks}</td><td>any</td><td>Client addresses and CIDR ranges; the client is
 *       the one the trusted proxy's {@code X-Forwarded-For} names.</td></tr>
 *   <tr><td>{@code policy}</td><td>(required)</td><td>{@code bypass} (no session needed),
 *       {@code signed-in}, {@code roles} (a session whose user has one of {@code roles}),
 *       {@code second-factor} (a session at {@code aal2}: one that passed a second factor, within
 *       {@code within} when that is set), or {@code deny}.</td></tr>
 *   <tr><td>{@code roles}</td><td>none</td><td>With {@code policy: roles}: the roles, any of which
 *       lets a user in.</td></tr>
 *   <tr><td>{@code within}</td><td>none</td><td>With {@code policy: second-factor}: how recent the
 *       second factor must be, such as {@code 15m}; older, the browser is sent to step up.</td></tr>
 * </table>
 */
public class AccessRuleFactory {

    /** What a rule decides for the requests it matches. */
    public enum Policy {
        BYPASS, SIGNED_IN, ROLES, SECOND_FACTOR, DENY;

        /**
         * The policy a configuration names: {@code bypass}, {@code signed-in}, {@code roles},
         * {@code second-factor} or {@code deny}.
         */
        static Optional<Policy> named(String name) {
            for (Policy policy : values()) {
                if (policy.configName().equals(name)) {
                    return Optional.of(policy);
                }
            }
            return Optional.empty();
        }

        String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private List<String> hosts = new ArrayList<>();
    private List<String> paths = new ArrayList<>();
    private List<String> methods = new ArrayList<>();
    private List<String> networks = new ArrayList<>();
    private String policy;
    private List<String> roles = new ArrayList<>();
    private Duration within;

    @JsonProperty
    public List<String> getHosts() {
        return hosts;
    }

    @JsonProperty
    public void setHosts(List<String> hosts) {
        this.hosts = hosts == null ? new ArrayList<>() : hosts;
    }

    @JsonProperty
    public List<String> getPaths() {
        return paths;
    }

    @JsonProperty
    public void setPaths(List<String> paths) {
        this.paths = paths == null ? new ArrayList<>() : paths;
    }

    @JsonProperty
    public List<String> getMethods() {
        return methods;
    }

    @JsonProperty
    public void setMethods(List<String> methods) {
        this.methods = methods == null ? new ArrayList<>() : methods;
    }

    @JsonProperty
    public List<String> getNetworks() {
        return networks;
    }

    @JsonProperty
    public void setNetworks(List<String> networks) {
        this.networks = networks == null ? new ArrayList<>() : networks;
    }

    @JsonProperty
    public String getPolicy() {
        return policy;
    }

    @JsonProperty
    public void setPolicy(String policy) {
        this.policy = policy;
    }

    @JsonProperty
    public List<String> getRoles() {
        return roles;
    }

    @JsonProperty
    public void setRoles(List<String> roles) {
        this.roles = roles == null ? new ArrayList<>() : roles;
    }

    @JsonProperty
    public Duration getWithin() {
        return within;
    }

    @JsonProperty
    public void setWithin(Duration within) {
        this.within = within;
    }

    /** What is wrong with this rule, in a few words; empty when nothing is. */
    Optional<String> problem() {
        Optional<Policy> named = Policy.named(policy);
        if (named.isEmpty()) {
            return Optional.of("policy must be one of bypass, signed-in, roles, second-factor, deny");
        }
        if (named.get() == Policy.ROLES && (roles.isEmpty() || roles.stream().anyMatch(r -> r == null || r.isBlank()))) {
            return Optional.of("policy roles needs a list of roles");
        }
        if (named.get() != Policy.ROLES && !roles.isEmpty()) {
            return Optional.of("roles are only for policy roles");
        }
        if (within != null && named.get() != Policy.SECOND_FACTOR) {
            return Optional.of("within is only for policy second-factor");
        }
        if (within != null && within.toSeconds() < 1) {
            return Optional.of("within must be at least 1s");
        }
        for (String host : hosts) {
            if (host == null || !host.matches(ReturnUrls.HOST_PATTERN)) {
                return Optional.of("host " + host + " is not a host name or *.domain");
            }
        }
        for (String path : paths) {
            if (path == null || !path.startsWith("/") && !path.startsWith("^")) {
                return Optional.of("path " + path + " must start with / (a prefix) or ^ (a pattern)");
            }
            if (path.startsWith("^")) {
                try {
                    Pattern.compile(path);
                } catch (PatternSyntaxException e) {
                    return Optional.of("path " + path + " is not a regular expression");
                }
            }
        }
        for (String method : methods) {
            if (method == null || !method.matches("[A-Za-z]+")) {
                return Optional.of("method " + method + " is not an HTTP method");
            }
        }
        for (String network : networks) {
            if (network == null || !TrustedProxies.isValid(network)) {
                return Optional.of("network " + network + " is not an IP address or CIDR range");
            }
        }
        return Optional.empty();
    }

    /** The rule these settings describe; call only once {@link #problem()} is empty. */
    AccessRules.Rule build(int index) {
        return new AccessRules.Rule(index, hosts, paths, methods,
            networks.isEmpty() ? null : new TrustedProxies(networks), Policy.named(policy).orElseThrow(), roles,
            within == null ? null : within.toJavaDuration());
    }
}
