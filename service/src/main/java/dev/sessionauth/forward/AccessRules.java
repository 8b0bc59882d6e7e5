package dev.sessionauth.forward;

import dev.sessionauth.bundle.TrustedProxies;
import dev.sessionauth.forward.AccessRuleFactory.Policy;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code forwardAuth.rules}: which policy decides an original request. The first rule whose every
 * condition holds decides; the default policy decides what no rule matches. Immutable and
 * thread-safe; a decision costs a few string comparisons per rule.
 */
final class AccessRules {

    /** One rule, compiled: lower-case hosts and domains, upper-case methods, compiled patterns. */
    record Rule(int index, Set<String> hosts, List<String> domains, List<String> prefixes, List<Pattern> patterns,
                Set<String> methods, TrustedProxies networks, Policy policy, Set<String> roles) {

        Rule(int index, List<String> hosts, List<String> paths, List<String> methods, TrustedProxies networks,
             Policy policy, List<String> roles) {
            this(index,
                hosts.stream().filter(h -> !h.startsWith("*.")).map(h -> h.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet()),
                hosts.stream().filter(h -> h.startsWith("*.")).map(h -> h.substring(1).toLowerCase(Locale.ROOT)).toList(),
                paths.stream().filter(p -> p.startsWith("/")).toList(),
                paths.stream().filter(p -> p.startsWith("^")).map(Pattern::compile).toList(),
                methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()),
                networks, policy, Set.copyOf(roles));
        }

        boolean matches(String host, String path, String method, String client) {
            return matchesHost(host) && matchesPath(path) && (methods.isEmpty() || methods.contains(method))
                && (networks == null || networks.trusts(client));
        }

        private boolean matchesHost(String host) {
            if (hosts.isEmpty() && domains.isEmpty()) {
                return true;
            }
            if (host == null) {
                return false;
            }
            return hosts.contains(host) || domains.stream().anyMatch(d -> host.endsWith(d) && host.length() > d.length());
        }

        private boolean matchesPath(String path) {
            if (prefixes.isEmpty() && patterns.isEmpty()) {
                return true;
            }
            return prefixes.stream().anyMatch(path::startsWith) || patterns.stream().anyMatch(p -> p.matcher(path).matches());
        }

        /** How the log names this rule: its place in the list, from 0. */
        String name() {
            return "rules[" + index + "]";
        }
    }

    /** What decided: a rule, or the default policy (rule null). */
    record Decision(Rule rule, Policy policy) {

        String name() {
            return rule == null ? "defaultPolicy" : rule.name();
        }
    }

    private final List<Rule> rules;
    private final Policy defaultPolicy;

    AccessRules(List<Rule> rules, Policy defaultPolicy) {
        this.rules = List.copyOf(rules);
        this.defaultPolicy = defaultPolicy;
    }

    /**
     * The decision for an original request.
     *
     * @param host   its host without the port, any case; null when unknown
     * @param path   its path without the query
     * @param method upper case
     * @param client the client's address
     */
    Decision decide(String host, String path, String method, String client) {
        String lowerHost = host == null ? null : host.toLowerCase(Locale.ROOT);
        for (Rule rule : rules) {
            if (rule.matches(lowerHost, path, method, client)) {
                return new Decision(rule, rule.policy());
            }
        }
        return new Decision(null, defaultPolicy);
    }
}
