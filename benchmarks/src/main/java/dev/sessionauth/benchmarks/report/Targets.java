package dev.sessionauth.benchmarks.report;

import static dev.sessionauth.benchmarks.report.Report.count;
import static dev.sessionauth.benchmarks.report.Report.micros;
import static dev.sessionauth.benchmarks.report.Report.nanos;
import static dev.sessionauth.benchmarks.report.Report.number;
import static dev.sessionauth.benchmarks.report.Report.ratio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionauth.benchmarks.report.Report.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.Function;

/**
 * Every target the benchmarks are held to, in one table: the table of {@code RESULTS.md} that lists
 * it, its name, how a run's figures are read for it, and its limit. {@link Report} prints each of
 * its tables of targets from this one, so a target is defined once, however many figures it reads.
 * A target the run did not measure prints no row.
 */
final class Targets {

    /** The tables of {@code RESULTS.md} that list targets. */
    enum Table {
        /** "Targets", at the top. */
        MAIN,
        /** "Near cache and user cache". */
        NEAR_CACHE,
        /** "Forward authentication through nginx". */
        FORWARD_AUTH,
        /** "Login flood". */
        LOGIN_FLOOD
    }

    /**
     * What a run measured for a target: the figure as printed and the value the limit checks; a
     * name of its own where the row names what the run did (its heap, its count of logins).
     */
    record Reading(String name, String figure, double value) {

        static Reading of(String figure, double value) {
            return new Reading(null, figure, value);
        }
    }

    /** A limit as printed and as checked; a row for comparison only has none, and prints {@code -} as met. */
    record Limit(String text, DoublePredicate met) {

        static Limit atMost(double limit, String text) {
            return new Limit(text, value -> value <= limit);
        }

        static Limit atLeast(double limit, String text) {
            return new Limit(text, value -> value >= limit);
        }

        static Limit below(double limit, String text) {
            return new Limit(text, value -> value < limit);
        }

        /** No limit: a figure printed beside the targets for comparison. */
        static Limit none(String text) {
            return new Limit(text, null);
        }
    }

    /** One target. */
    record Target(Table table, String name, Function<Report, List<Reading>> read, Limit limit) {
    }

    private static final List<Target> ALL = all();

    private Targets() {
    }

    /** The rows of {@code table}, for what {@code report}'s run measured; empty when it measured none. */
    static String rows(Report report, Table table) {
        StringBuilder md = new StringBuilder();
        for (Target target : ALL) {
            if (target.table() != table) {
                continue;
            }
            for (Reading reading : target.read().apply(report)) {
                Limit limit = target.limit();
                String met = limit.met() == null ? "-" : limit.met().test(reading.value()) ? "yes" : "**no**";
                md.append("| ").append(reading.name() == null ? target.name() : reading.name()).append(" | ")
                    .append(reading.figure()).append(" | ").append(limit.text()).append(" | ").append(met).append(" |\n");
            }
        }
        return md.toString();
    }

    private static List<Target> all() {
        List<Target> all = new ArrayList<>();
        all.add(new Target(Table.MAIN, "Redis `find` / raw Lettuce GET of the same bytes", report -> {
            Optional<Result> find = report.result("RedisFloorBenchmark.storeFind", r -> true);
            Optional<Result> get = report.result("RedisFloorBenchmark.rawGet", r -> true);
            if (find.isEmpty() || get.isEmpty()) {
                return List.of();
            }
            double ratio = find.get().nanos() / get.get().nanos();
            return List.of(Reading.of(ratio(ratio) + " (" + micros(find.get().nanos()) + " / "
                + micros(get.get().nanos()) + ")", ratio));
        }, Limit.atMost(1.15, "<= 1.15x")));
        for (String store : new String[] {"memory", "caffeine"}) {
            all.add(new Target(Table.MAIN, store + " `find` at 1M sessions", report ->
                report.storeFind(store, "1000000", "hit", 1).map(r -> Reading.of(nanos(r.nanos()), r.nanos())).stream()
                    .toList(), Limit.atMost(250, "<= 250 ns")));
            all.add(new Target(Table.MAIN, store + " `find` at 1M / at 1k", report ->
                report.storeFind(store, "1000000", "hit", 1).flatMap(large -> report.storeFind(store, "1000", "hit", 1)
                    .map(small -> Reading.of(ratio(large.nanos() / small.nanos()), large.nanos() / small.nanos())))
                    .stream().toList(), Limit.atMost(1.3, "<= 1.3x")));
        }
        for (String store : new String[] {"memory", "caffeine"}) {
            all.add(new Target(Table.MAIN, "auth path without the user load, " + store, report ->
                authPath(report, store, "stubbed").map(r -> Reading.of(micros(r.nanos()), r.nanos())).stream().toList(),
                Limit.atMost(2_000, "<= 2 us")));
        }
        for (String store : new String[] {"caffeine", "redis"}) {
            double limit = store.equals("caffeine") ? 0.9 : 0.7;
            all.add(new Target(Table.MAIN, "HTTP authenticated / unauthenticated req/s, " + store, report ->
                report.httpOf(store, true).map(n -> n.get("ratioToUnauthenticated").asDouble())
                    .map(ratio -> Reading.of(ratio(ratio), ratio)).stream().toList(),
                Limit.atLeast(limit, ">= " + limit)));
        }
        for (String store : new String[] {"memory", "caffeine"}) {
            all.add(new Target(Table.MAIN, "heap bytes per session, " + store, report ->
                Optional.ofNullable(report.footprint(store)).map(f -> new Reading("heap bytes per session, " + store
                    + " (" + count(f.get("sessions").asInt()) + " sessions)",
                    number(f.get("heapBytesPerSession").asDouble()) + " B", f.get("heapBytesPerSession").asDouble()))
                    .stream().toList(), Limit.atMost(350, "<= 350 B")));
        }
        all.add(new Target(Table.MAIN, "Redis bytes per session", report ->
            Optional.ofNullable(report.footprint("redis")).map(f -> new Reading("Redis bytes per session ("
                + count(f.get("sessions").asInt()) + " sessions, index included)",
                number(f.get("redisBytesPerSession").asDouble()) + " B", f.get("redisBytesPerSession").asDouble()))
                .stream().toList(), Limit.atMost(200, "<= 200 B")));

        for (String store : new String[] {"redis-near", "redis-near-pg"}) {
            double limit = store.equals("redis-near") ? 0.85 : 0.8;
            all.add(new Target(Table.NEAR_CACHE, "HTTP `/auth/profile` / `/ping` req/s, " + store, report ->
                report.httpOf(store, true).map(n -> {
                    double ratio = n.get("ratioToUnauthenticated").asDouble();
                    double ping = report.httpOf(store, false).map(o -> o.get("requestsPerSecond").asDouble()).orElse(0.0);
                    return Reading.of(ratio(ratio) + " (" + number(n.get("requestsPerSecond").asDouble()) + " / "
                        + number(ping) + ")", ratio);
                }).stream().toList(), Limit.atLeast(limit, ">= " + limit)));
        }
        all.add(new Target(Table.NEAR_CACHE, "HTTP `/auth/profile` req/s, redis-near / the better peer's", report -> {
            List<JsonNode> peers = report.peersMeasured();
            Optional<JsonNode> better = peers.stream()
                .max(Comparator.comparingDouble(n -> n.get("requestsPerSecond").asDouble()));
            return report.httpOf("redis-near", true).flatMap(near -> better.map(peer -> {
                double ratio = near.get("requestsPerSecond").asDouble() / peer.get("requestsPerSecond").asDouble();
                return Reading.of(ratio(ratio) + " (" + number(near.get("requestsPerSecond").asDouble()) + " / "
                    + String.join(", ", peers.stream().map(n -> number(n.get("requestsPerSecond").asDouble()) + " "
                        + n.get("store").asText()).toList()) + ")", ratio);
            })).stream().toList();
        }, Limit.atLeast(4, ">= 4x")));
        all.add(new Target(Table.NEAR_CACHE, "Redis commands per authenticated request, near cache (heartbeats included)",
            report -> report.httpOf("redis-near", true).filter(n -> n.get("redisCommandsPerRequest").isNumber())
                .map(n -> Reading.of(String.format(Locale.ROOT, "%.3f", n.get("redisCommandsPerRequest").asDouble()),
                    n.get("redisCommandsPerRequest").asDouble())).stream().toList(),
            Limit.atMost(0.01, "<= 0.01")));
        for (String sessions : new String[] {"1000", "100000", "1000000"}) {
            all.add(new Target(Table.NEAR_CACHE, "near-cache `find` hit / caffeine hit, "
                + count(Integer.parseInt(sessions)) + " sessions", report ->
                report.storeFind("redis-near", sessions, "hit", 1).flatMap(near ->
                    report.storeFind("caffeine", sessions, "hit", 1).map(caffeine -> Reading.of(
                        ratio(near.nanos() / caffeine.nanos()) + " (" + nanos(near.nanos()) + " / "
                            + nanos(caffeine.nanos()) + ")", near.nanos() / caffeine.nanos()))).stream().toList(),
                Limit.atMost(1.2, "<= 1.2x")));
        }
        all.add(new Target(Table.NEAR_CACHE, "auth path on a cache hit (near cache, user cache), users from H2",
            report -> authPath(report, "redis-near", "h2-cache-hit").map(r -> Reading.of(Report.timed(r), r.nanos()))
                .stream().toList(), Limit.atMost(2_000, "<= 2 us")));
        all.add(new Target(Table.NEAR_CACHE, "the same with the default `cacheMaxAge` (2 s), each user reloaded from "
            + "H2 every 2 s by a request: not a target, for comparison",
            report -> authPath(report, "redis-near", "h2-cached").map(r -> Reading.of(Report.timed(r), r.nanos()))
                .stream().toList(), Limit.none("-")));
        all.add(new Target(Table.NEAR_CACHE, "revocation stress: stale answers after a revoke on another node",
            report -> report.revocation().stream().map(n -> Reading.of(n.get("staleAnswers").asInt() + " of "
                + count(n.get("armed").asInt()) + " (" + n.get("mode").asText() + ")",
                n.get("armed").asInt() < n.get("cycles").asInt() ? Double.NaN : n.get("staleAnswers").asInt())).toList(),
            new Limit("0 (every cycle armed)", stale -> stale == 0)));

        all.add(forwardAuth("through nginx, forward authentication / the `return 204` ceiling", "forwardAuthToCeiling",
            Limit.atLeast(0.8, ">= 0.8x")));
        all.add(forwardAuth("`/auth/verify` on the check listener / `/ping`, the service alone", "verifyToPing",
            Limit.atLeast(0.9, ">= 0.9x")));
        all.add(forwardAuth("ten rules / none, through nginx", "rulesToNoRules", Limit.atLeast(0.95, ">= 0.95x")));
        all.add(forwardAuth("ten rules / none, `/auth/verify` alone", "verifyRulesToVerify",
            Limit.atLeast(0.95, ">= 0.95x")));
        all.add(forwardAuth("through nginx, forward authentication / no authentication", "forwardAuthToDirect",
            Limit.none("-")));
        all.add(forwardAuth("through nginx, a bare Jetty handler / the `return 204` ceiling", "jettyFloorToCeiling",
            Limit.none("-")));
        all.add(forwardAuth("through nginx, forward authentication / a bare Jetty handler", "forwardAuthToJettyFloor",
            Limit.none("-")));

        all.add(new Target(Table.LOGIN_FLOOD, "signed-in req/s, during the flood / alone", report ->
            flood(report, "profile").map(pair -> Reading.of(ratio(pair.during().get("throughputRatio").asDouble()) + " ("
                + number(pair.during().get("requestsPerSecond").asDouble()) + " / "
                + number(pair.alone().get("requestsPerSecond").asDouble()) + ")",
                pair.during().get("throughputRatio").asDouble())).stream().toList(), Limit.atLeast(0.7, ">= 0.7x")));
        all.add(new Target(Table.LOGIN_FLOOD, "signed-in p99, during the flood / alone", report ->
            flood(report, "profile").map(pair -> Reading.of(ratio(pair.during().get("p99Ratio").asDouble()) + " ("
                + pair.during().get("p99Ms").asText() + " ms / " + pair.alone().get("p99Ms").asText() + " ms)",
                pair.during().get("p99Ratio").asDouble())).stream().toList(), Limit.atMost(3, "<= 3x")));
        all.add(new Target(Table.LOGIN_FLOOD, "the flood's answers", report ->
            report.floodMeasure("profile", true, "default").map(d -> Reading.of(Report.statuses(d.get("floodStatuses")),
                d.get("floodStatuses").path("500").asInt())).stream().toList(), Limit.atMost(0, "no 500")));
        all.add(new Target(Table.LOGIN_FLOOD, "a flood on a small heap", report ->
            report.floodMeasure("small-heap", null, "default").map(n -> new Reading(n.get("seconds").asInt()
                + " s flood, `-Xmx" + n.get("heap").asText() + "`", n.get("outOfMemoryErrors").asInt()
                + " OutOfMemoryError; " + Report.statuses(n.get("statuses")) + "; answers afterwards: "
                + (n.get("answersAfter").asBoolean() ? "yes" : "no"),
                n.get("outOfMemoryErrors").asInt() + n.get("statuses").path("500").asInt()
                    + (n.get("answersAfter").asBoolean() ? 0 : 1))).stream().toList(),
            Limit.atMost(0, "no OutOfMemoryError, no 500")));
        all.add(new Target(Table.LOGIN_FLOOD, "resident memory after logins", report ->
            report.floodMeasure("rss", null, "default").map(n -> new Reading("resident memory after "
                + n.get("logins").asInt() + " logins over 32 connections (" + n.get("seconds").asInt()
                + " s), default JVM flags", n.get("rssMiB").asInt() + " MiB (peak " + n.get("peakRssMiB").asInt()
                + " MiB)", n.get("rssMiB").asInt())).stream().toList(), Limit.below(1024, "< 1024 MiB")));
        all.add(new Target(Table.LOGIN_FLOOD, "the same with one hash per core", report ->
            report.otherBound().flatMap(bound -> report.floodMeasure("profile", true, bound).map(n -> new Reading(
                "the same with one hash per core (" + bound + " at once, the previous default)",
                ratio(n.get("throughputRatio").asDouble()) + " (" + number(n.get("requestsPerSecond").asDouble())
                    + " req/s during the flood)", n.get("throughputRatio").asDouble()))).stream().toList(),
            Limit.none("")));
        all.add(new Target(Table.LOGIN_FLOOD, "logins a second with no flood, the default bound / one hash per core",
            report -> report.otherBound().flatMap(bound -> report.floodMeasure("rss", null, "default").flatMap(now ->
                report.floodMeasure("rss", null, bound).map(before -> {
                    double perSecondNow = now.get("logins").asDouble() / now.get("seconds").asDouble();
                    double perSecondBefore = before.get("logins").asDouble() / before.get("seconds").asDouble();
                    return Reading.of(ratio(perSecondNow / perSecondBefore) + " (" + number(perSecondNow) + " / "
                        + number(perSecondBefore) + ")", perSecondNow / perSecondBefore);
                }))).stream().toList(), Limit.none("what the default costs")));
        return List.copyOf(all);
    }

    private static Optional<Result> authPath(Report report, String store, String userLoad) {
        return report.result("AuthPathBenchmark.authenticate",
            r -> r.param("store").equals(store) && r.param("userLoad").equals(userLoad));
    }

    private static Target forwardAuth(String name, String ratio, Limit limit) {
        return new Target(Table.FORWARD_AUTH, name, report -> report.forwardAuthRatios()
            .filter(ratios -> ratios.has(ratio)).map(ratios -> ratios.get(ratio).asDouble())
            .map(value -> Reading.of(ratio(value), value)).stream().toList(), limit);
    }

    /** A measure of the login flood alone and during the flood, at the default bound on hashing. */
    private record Flood(JsonNode alone, JsonNode during) {
    }

    private static Optional<Flood> flood(Report report, String measure) {
        return report.floodMeasure(measure, false, "default").flatMap(alone ->
            report.floodMeasure(measure, true, "default").map(during -> new Flood(alone, during)));
    }
}
