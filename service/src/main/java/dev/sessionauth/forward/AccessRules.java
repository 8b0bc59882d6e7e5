package dev.sessionauth.forward;

import dev.sessionauth.bundle.TrustedProxies;
import dev.sessionauth.forward.AccessRuleFactory.Policy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code forwardAuth.rules}: which policy decides an original request. The first rule whose every
 * condition holds decides; the default policy decides what no rule matches. Where any rule looks
 * at paths, a path that applications could read in more than one way is denied outright. Immutable and
 * thread-safe; a decision costs a few string comparisons per rule.
 */
final class AccessRules {

    /** One rule, compiled: lower-case hosts and domains, upper-case methods, compiled patterns. */
    record Rule(int index, Set<String> hosts, List<String> domains, List<String> prefixes, List<Pattern> patterns,
                Set<String> methods, TrustedProxies networks, Policy policy, Set<String> roles, Duration within) {

        /** @param within how recent a second factor {@link Policy#SECOND_FACTOR} wants; null for any */
        Rule(int index, List<String> hosts, List<String> paths, List<String> methods, TrustedProxies networks,
             Policy policy, List<String> roles, Duration within) {
            this(index,
                hosts.stream().filter(h -> !h.startsWith("*.")).map(h -> h.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet()),
                hosts.stream().filter(h -> h.startsWith("*.")).map(h -> h.substring(1).toLowerCase(Locale.ROOT)).toList(),
                paths.stream().filter(p -> p.startsWith("/")).toList(),
                paths.stream().filter(p -> p.startsWith("^")).map(Pattern::compile).toList(),
                methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()),
                networks, policy, Set.copyOf(roles), within);
        }

        boolean matches(String host, String path, String method, Supplier<String> client) {
            return matchesHost(host) && matchesPath(path) && (methods.isEmpty() || methods.contains(method))
                && (networks == null || networks.trusts(client.get()));
        }

        private boolean matchesHost(String host) {
            if (hosts.isEmpty() && domains.isEmpty()) {
                return true;
            }
            if (host == null) {
                return false;
            }
            if (hosts.contains(host)) {
                return true;
            }
            for (String domain : domains) {
                if (host.endsWith(domain) && host.length() > domain.length()) {
                    return true;
                }
            }
            return false;
        }

        private boolean matchesPath(String path) {
            if (prefixes.isEmpty() && patterns.isEmpty()) {
                return true;
            }
            for (String prefix : prefixes) {
                if (path.startsWith(prefix)) {
                    return true;
                }
            }
            for (Pattern pattern : patterns) {
                if (pattern.matcher(path).matches()) {
                    return true;
                }
            }
            return false;
        }

        /** How the log names this rule: its place in the list, from 0. */
        String name() {
            return "rules[" + index + "]";
        }
    }

    /** What decided: a rule, or the default policy, or an ambiguous path (rule null). */
    record Decision(Rule rule, Policy policy) {

        String name() {
            return rule == null ? "defaultPolicy or an ambiguous path" : rule.name();
        }
    }

    private final List<Rule> rules;
    private final Policy defaultPolicy;
    /** Whether any rule looks at the path: then a path with more than one reading is denied. */
    private final boolean pathsMatter;

    AccessRules(List<Rule> rules, Policy defaultPolicy) {
        this.rules = List.copyOf(rules);
        this.defaultPolicy = defaultPolicy;
        this.pathsMatter = rules.stream().anyMatch(rule -> !rule.prefixes().isEmpty() || !rule.patterns().isEmpty());
    }

    /**
     * The decision for an original request.
     *
     * @param host   its host without the port, any case; null when unknown
     * @param canonicalPath its path as {@link OriginalRequest#canonicalPath()} gives it, asked for
     *                      only when a rule looks at paths; empty when it has more than one
     *                      reading, which is then refused
     * @param method upper case
     * @param client the client's address, asked for only by a rule with networks
     */
    Decision decide(String host, Supplier<Optional<String>> canonicalPath, String method, Supplier<String> client) {
        if (rules.isEmpty()) {
            return new Decision(null, defaultPolicy);
        }
        String lowerHost = host == null ? null : host.toLowerCase(Locale.ROOT);
        Optional<String> path = pathsMatter ? canonicalPath.get() : Optional.of("/");
        if (path.isEmpty()) {
            return new Decision(null, Policy.DENY);
        }
        for (Rule rule : rules) {
            if (rule.matches(lowerHost, path.orElse("/"), method, client)) {
                return new Decision(rule, rule.policy());
            }
        }
        return new Decision(null, defaultPolicy);
    }
}
