package dev.sessionauth.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one benchmark run into {@code RESULTS.md} and an SVG chart per group of figures: the JMH
 * JSON results, the footprint JSON files and the HTTP load lines, all from one run on one machine.
 * Every target of the benchmark issue is reported as measured, as a ratio where it is one, with
 * whether it was met.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sessionauth.benchmarks.report.Report \
 *     &lt;results dir with jmh*.json, footprint-*.json, http.jsonl, forward-auth.jsonl, login-flood.jsonl&gt;
 *     &lt;RESULTS.md&gt; &lt;charts dir&gt;
 * </pre>
 *
 * <p>One run writes one file: a run of some benchmarks only ({@code run.sh --only}) writes the
 * sections it has figures for into a file of its own, never into the committed one. The targets
 * are defined once, in {@link Targets}.
 */
public final class Report {

    private static final Logger LOG = LoggerFactory.getLogger(Report.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STORES = {"memory", "caffeine", "redis", "redis-near"};
    /**
     * The HTTP load's systems: the stores, the near cache with the users on PostgreSQL, and the two
     * peers of {@code benchmarks/peers/}.
     */
    private static final String[] HTTP_STORES =
        {"memory", "caffeine", "redis", "redis-near", "redis-near-pg", "peer-nest", "peer-spring"};
    private static final Map<String, String> PEERS = Map.of(
        "peer-nest", "NestJS + express-session + connect-redis + Passport",
        "peer-spring", "Spring Boot + Spring Session (Redis) + Spring Security");
    /** One JMH result. */
    record Result(String benchmark, Map<String, String> params, int threads, double score, double error, String unit,
                  JsonNode raw) {

        /** The score in nanoseconds per operation. */
        double nanos() {
            return score * switch (unit) {
                case "ns/op" -> 1;
                case "us/op" -> 1_000;
                case "ms/op" -> 1_000_000;
                case "s/op" -> 1_000_000_000;
                default -> throw new IllegalStateException("unexpected unit " + unit);
            };
        }

        double errorNanos() {
            return score == 0 ? 0 : error / score * nanos();
        }

        String param(String name) {
            return params.getOrDefault(name, "");
        }
    }

    private final List<Result> results;
    private final Map<String, JsonNode> footprints;
    private final List<JsonNode> http;
    private final List<JsonNode> forwardAuth;
    private final List<JsonNode> loginFlood;
    private final List<JsonNode> revocation;
    private final Path charts;
    private final Path markdown;
    private final List<String> chartFiles = new ArrayList<>();

    private Report(List<Result> results, Map<String, JsonNode> footprints, List<JsonNode> http,
                   List<JsonNode> forwardAuth, List<JsonNode> loginFlood, List<JsonNode> revocation, Path markdown,
                   Path charts) {
        this.loginFlood = loginFlood;
        this.revocation = revocation;
        this.results = results;
        this.footprints = footprints;
        this.http = http;
        this.forwardAuth = forwardAuth;
        this.markdown = markdown;
        this.charts = charts;
    }

    public static void main(String[] paths) throws IOException {
        if (paths.length != 3) {
            LOG.error("usage: Report <results dir> <RESULTS.md> <charts dir>");
            System.exit(2);
        }
        Path dir = Path.of(paths[0]);
        Report report = new Report(jmh(dir), footprints(dir), httpLines(dir.resolve("http.jsonl")),
            httpLines(dir.resolve("forward-auth.jsonl")), httpLines(dir.resolve("login-flood.jsonl")),
            httpLines(dir.resolve("revocation.jsonl")), Path.of(paths[1]), Path.of(paths[2]));
        report.write();
        LOG.info("wrote {} and {} charts in {}", paths[1], report.chartFiles.size(), paths[2]);
    }

    // --- reading --------------------------------------------------------------------------------

    private static List<Result> jmh(Path dir) throws IOException {
        List<Result> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("jmh.*\\.json")).sorted().toList()) {
                for (JsonNode node : JSON.readTree(file.toFile())) {
                    String name = node.get("benchmark").asText();
                    String[] parts = name.split("\\.");
                    String shortName = parts[parts.length - 2] + "." + parts[parts.length - 1];
                    Map<String, String> params = new LinkedHashMap<>();
                    if (node.has("params")) {
                        node.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
                    }
                    JsonNode metric = node.get("primaryMetric");
                    double error = metric.get("scoreError").isNumber() ? metric.get("scoreError").asDouble() : Double.NaN;
                    all.add(new Result(shortName, params, node.get("threads").asInt(), metric.get("score").asDouble(),
                        error, metric.get("scoreUnit").asText(), node));
                }
            }
        }
        return all;
    }

    private static Map<String, JsonNode> footprints(Path dir) throws IOException {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        for (String store : STORES) {
            Path file = dir.resolve("footprint-" + store + ".json");
            if (Files.exists(file)) {
                found.put(store, JSON.readTree(file.toFile()));
            }
        }
        return found;
    }

    private static List<JsonNode> httpLines(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return lines;
    }

    Optional<Result> result(String benchmark, Predicate<Result> where) {
        return results.stream().filter(r -> r.benchmark().equals(benchmark)).filter(where).findFirst();
    }

    Optional<JsonNode> httpOf(String store, boolean authenticated) {
        return http.stream()
            .filter(n -> n.get("store").asText().equals(store) && n.get("authenticated").asBoolean() == authenticated)
            .findFirst();
    }

    /** The footprint file of {@code store}; null when the run measured none. */
    JsonNode footprint(String store) {
        return footprints.get(store);
    }

    /** The peers' authenticated lines this run measured. */
    List<JsonNode> peersMeasured() {
        return PEERS.keySet().stream().sorted().flatMap(peer -> httpOf(peer, true).stream()).toList();
    }

    List<JsonNode> revocation() {
        return revocation;
    }

    /** The forward-authentication load's ratios line. */
    Optional<JsonNode> forwardAuthRatios() {
        return forwardAuth.stream().filter(n -> n.has("ratios")).findFirst();
    }

    // --- writing --------------------------------------------------------------------------------

    private void write() throws IOException {
        Files.createDirectories(charts);
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Written by `benchmarks/run.sh` (`dev.sessionauth.benchmarks.report.Report`) from one run; "
            + "do not edit by hand. How to run and what each benchmark measures: [README](README.md).\n\n");
        md.append(environment()).append('\n');
        md.append(targets()).append('\n');
        md.append(nearCacheSection()).append('\n');
        md.append(storeFind()).append('\n');
        md.append(redisFloor()).append('\n');
        md.append(authPath()).append('\n');
        md.append(steps()).append('\n');
        md.append(footprint()).append('\n');
        md.append(httpSection()).append('\n');
        md.append(forwardAuthSection()).append('\n');
        md.append(loginFloodSection()).append('\n');
        md.append(revocationSection());
        Files.writeString(markdown, md.toString().stripTrailing() + "\n");
    }

    private String loginFloodSection() {
        Optional<JsonNode> alone = floodMeasure("profile", false, "default");
        Optional<JsonNode> during = floodMeasure("profile", true, "default");
        if (alone.isEmpty() || during.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## Login flood\n\n"
            + "`benchmarks/login-flood.sh`: signed-in `GET /auth/profile` (wrk -t1 -c8) alone and during a flood of "
            + "200 concurrent logins for usernames that do not exist, on a 1 GiB heap; a flood on a 256 MiB heap; "
            + "the resident memory after real logins on the JVM's default flags; the same at one hash per core, the "
            + "bound before the default became half of the cores. Sessions on caffeine, users on H2; "
            + "every ratio is of two figures from this run.\n\n"
            + "| measured | figure | target | met |\n|---|---|---|---|\n");
        md.append(Targets.rows(this, Targets.Table.LOGIN_FLOOD));
        BarChart chart = new BarChart("Signed-in GET /auth/profile, wrk -t1 -c8", "requests per second");
        chart.bar("alone", alone.get().get("requestsPerSecond").asDouble(), 0);
        chart.bar("during a login flood", during.get().get("requestsPerSecond").asDouble(), 1);
        return md.append('\n').append(chart("login-flood.svg", chart)).toString();
    }

    private String revocationSection() {
        if (revocation.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## Revocation with the near cache\n\n"
            + "`benchmarks/revocation-stress.sh`: two nodes with the near cache on one Redis. Each cycle arms node A's "
            + "copy of a session (a second read, served from A's memory), revokes the session on node B, and at once "
            + "reads it on A; counted are the reads that still found it. `stores`: each node a store of its own in one "
            + "process, the revoke and the read back to back on one thread, nothing between them (harsher than any "
            + "client can be). `http`: two service processes, logout on B then `GET /auth/profile` on A, each over "
            + "HTTP, as a client would.\n\n"
            + "| mode | cycles | armed | stale answers | rate | stale for (median, longest) | seconds |\n"
            + "|---|---|---|---|---|---|---|\n");
        for (JsonNode n : revocation) {
            int armed = n.get("armed").asInt();
            int stale = n.get("staleAnswers").asInt();
            md.append("| ").append(n.get("mode").asText()).append(" | ").append(count(n.get("cycles").asInt()))
                .append(" | ").append(count(armed)).append(" | ").append(stale).append(" | ")
                .append(armed == 0 ? "-" : String.format(Locale.ROOT, "%.3f%%", 100.0 * stale / armed))
                .append(" | ").append(n.has("staleForMicrosP50") ? n.get("staleForMicrosP50").asText() + " us, "
                    + n.get("staleForMicrosMax").asText() + " us" : "-")
                .append(" | ").append(n.get("seconds").asText()).append(" |\n");
        }
        return md.toString();
    }

    /** A measure at a bound on hashing: "default", or a number of concurrent hashes. */
    Optional<JsonNode> floodMeasure(String measure, Boolean flood, String concurrentHashes) {
        return loginFlood.stream().filter(n -> n.get("measure").asText().equals(measure))
            .filter(n -> flood == null || n.get("flood").asBoolean() == flood)
            .filter(n -> n.path("concurrentHashes").asText("default").equals(concurrentHashes)).findFirst();
    }

    /** The bound other than the default that a run measured, if any. */
    Optional<String> otherBound() {
        return loginFlood.stream().map(n -> n.path("concurrentHashes").asText("default"))
            .filter(bound -> !bound.equals("default")).findFirst();
    }

    static String statuses(JsonNode statuses) {
        List<String> parts = new ArrayList<>();
        statuses.fields().forEachRemaining(e -> parts.add(e.getKey() + ": " + e.getValue().asText()));
        Collections.sort(parts);
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String met(boolean met) {
        return met ? "yes" : "**no**";
    }

    private String environment() {
        StringBuilder md = new StringBuilder("| | |\n|---|---|\n");
        md.append("| date | ").append(LocalDate.now(ZoneOffset.UTC)).append(" |\n");
        md.append("| machine | ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors())
            .append(" cores, ").append(memory()).append(" |\n");
        md.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
            .append(" |\n");
        results.stream().findFirst().ifPresent(r -> {
            JsonNode raw = r.raw();
            md.append("| JDK | ").append(raw.path("vmName").asText()).append(' ').append(raw.path("jdkVersion").asText())
                .append(" (").append(raw.path("vmVersion").asText()).append(") |\n");
            md.append("| JMH | ").append(raw.path("jmhVersion").asText()).append(", ").append(raw.path("forks").asInt())
                .append(" fork, ").append(raw.path("warmupIterations").asInt()).append(" x ")
                .append(raw.path("warmupTime").asText()).append(" warm-up, ")
                .append(raw.path("measurementIterations").asInt()).append(" x ")
                .append(raw.path("measurementTime").asText()).append(" measured (error: 99.9% interval) |\n");
        });
        md.append("| load | wrk -t2 -c32 on the same machine, loopback; each store's service in its own JVM |\n");
        return md.toString();
    }

    private String targets() {
        return "## Targets\n\n| target | measured | limit | met |\n|---|---|---|---|\n"
            + Targets.rows(this, Targets.Table.MAIN);
    }

    /** The near cache's and the user cache's targets, and the revocation stress, from whatever this run measured. */
    private String nearCacheSection() {
        String rows = Targets.rows(this, Targets.Table.NEAR_CACHE);
        if (rows.isEmpty()) {
            return "";
        }
        return "## Near cache and user cache\n\n"
            + "Issue targets for Redis with the near cache (`redis-near`; with the users on PostgreSQL, `redis-near-pg`) "
            + "and the user cache, each as a ratio of two figures from the same run; the revocation stress is "
            + "described under its own heading.\n\n| target | measured | limit | met |\n|---|---|---|---|\n" + rows;
    }

    Optional<Result> storeFind(String store, String sessions, String kind, int threads) {
        String method = "StoreFindBenchmark." + kind + (threads == 2 ? "TwoThreads" : "");
        return result(method, r -> r.param("store").equals(store) && r.param("sessions").equals(sessions));
    }

    private String storeFind() {
        StringBuilder md = new StringBuilder("## `find` per store\n\n"
            + "Mean time of one `SessionStore.find`; hits pick stored IDs on a Zipf (0.99) skew, misses pick IDs "
            + "never stored. With two threads, each thread's mean.\n\n"
            + "| store | sessions | hit | miss | hit, 2 threads | miss, 2 threads |\n|---|---|---|---|---|---|\n");
        BarChart inProcess = new BarChart("find, in-process stores, 1 thread, hits", "ns per find");
        BarChart redis = new BarChart("find, Redis, 1 thread, hits", "us per find");
        int series = 0;
        for (String store : STORES) {
            for (String sessions : new String[] {"1000", "100000", "1000000"}) {
                if (storeFind(store, sessions, "hit", 1).isEmpty()) {
                    continue;
                }
                md.append("| ").append(store).append(" | ").append(count(Integer.parseInt(sessions)));
                for (String kind : new String[] {"hit", "miss"}) {
                    md.append(" | ").append(storeFind(store, sessions, kind, 1).map(Report::timed).orElse("-"));
                }
                for (String kind : new String[] {"hit", "miss"}) {
                    md.append(" | ").append(storeFind(store, sessions, kind, 2).map(Report::timed).orElse("-"));
                }
                md.append(" |\n");
                double nanos = storeFind(store, sessions, "hit", 1).get().nanos();
                String label = store + ", " + count(Integer.parseInt(sessions)) + " sessions";
                if (store.equals("redis")) {
                    redis.bar(label, nanos / 1000, series);
                } else {
                    inProcess.bar(label, nanos, series);
                }
            }
            series++;
        }
        inProcess.target(250, "250 ns target at 1M");
        md.append('\n').append(chart("find-in-process.svg", inProcess)).append(chart("find-redis.svg", redis));
        return md.toString();
    }

    private String redisFloor() {
        Optional<Result> find = result("RedisFloorBenchmark.storeFind", r -> true);
        Optional<Result> get = result("RedisFloorBenchmark.rawGet", r -> true);
        if (find.isEmpty() || get.isEmpty()) {
            return "";
        }
        BarChart chart = new BarChart("Redis store find against a raw Lettuce GET of the same bytes", "us per call")
            .bar("raw GET (floor)", get.get().nanos() / 1000, 0)
            .bar("RedisSessionStore.find", find.get().nanos() / 1000, 1);
        return "## Redis: the store against the bare round trip\n\n"
            + "Same server, same keys (" + count(Integer.parseInt(find.get().param("sessions"))) + " sessions, Zipf), "
            + "same kind of connection, same run.\n\n"
            + "| call | time |\n|---|---|\n"
            + "| raw Lettuce `GET` | " + timed(get.get()) + " |\n"
            + "| `RedisSessionStore.find` | " + timed(find.get()) + " |\n"
            + "| ratio | " + ratio(find.get().nanos() / get.get().nanos()) + " |\n\n"
            + chart("redis-floor.svg", chart);
    }

    private String authPath() {
        StringBuilder md = new StringBuilder("## The whole authentication path, without HTTP\n\n"
            + "Cookie header -> signature -> `find` (-> decode) -> timeouts -> user -> touch check, through the "
            + "bundle's `SessionResolver` and `SessionAuthenticator`; 10,000 sessions, Zipf.\n\n"
            + "User cache: `h2-cached` with its default `cacheMaxAge` of 2 s (reloads included), `h2-cache-hit` "
            + "with one longer than the run (every lookup a hit).\n\n"
            + "| store | user stubbed | user from H2 | user cache (`h2-cached`) | user cache hit (`h2-cache-hit`) |\n"
            + "|---|---|---|---|---|\n");
        BarChart chart = new BarChart("Authentication path without HTTP, user load stubbed", "us per request");
        int series = 0;
        for (String store : STORES) {
            Optional<Result> stubbed = result("AuthPathBenchmark.authenticate",
                r -> r.param("store").equals(store) && r.param("userLoad").equals("stubbed"));
            Optional<Result> h2 = result("AuthPathBenchmark.authenticate",
                r -> r.param("store").equals(store) && r.param("userLoad").equals("h2"));
            Optional<Result> cached = result("AuthPathBenchmark.authenticate",
                r -> r.param("store").equals(store) && r.param("userLoad").equals("h2-cached"));
            Optional<Result> hit = result("AuthPathBenchmark.authenticate",
                r -> r.param("store").equals(store) && r.param("userLoad").equals("h2-cache-hit"));
            if (stubbed.isEmpty() && h2.isEmpty()) {
                continue;
            }
            md.append("| ").append(store).append(" | ").append(stubbed.map(Report::timed).orElse("-")).append(" | ")
                .append(h2.map(Report::timed).orElse("-")).append(" | ")
                .append(cached.map(Report::timed).orElse("-")).append(" | ")
                .append(hit.map(Report::timed).orElse("-")).append(" |\n");
            int colour = series++;
            stubbed.ifPresent(r -> chart.bar(store, r.nanos() / 1000, colour));
        }
        return md.append('\n').append(chart("auth-path.svg", chart)).toString();
    }

    private String steps() {
        StringBuilder md = new StringBuilder("## Single steps\n\n| step | time |\n|---|---|\n");
        for (String[] step : new String[][] {
            {"CookieCheckBenchmark.forged", "a forged cookie, refused at its signature"},
            {"CookieCheckBenchmark.unknown", "a signed cookie of no session, refused after a store miss"},
            {"SessionCodecBenchmark.encode", "codec encode, typical session"},
            {"SessionCodecBenchmark.decode", "codec decode, typical session"}}) {
            result(step[0], r -> true).ifPresent(r -> md.append("| ").append(step[1]).append(" | ")
                .append(timed(r)).append(" |\n"));
        }
        return md.toString();
    }

    private String footprint() {
        if (footprints.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## Memory per session\n\n| store | sessions | bytes per session | method |\n"
            + "|---|---|---|---|\n");
        BarChart chart = new BarChart("Memory per session", "bytes");
        int series = 0;
        for (Map.Entry<String, JsonNode> entry : footprints.entrySet()) {
            JsonNode f = entry.getValue();
            boolean redis = entry.getKey().equals("redis");
            double bytes = f.get(redis ? "redisBytesPerSession" : "heapBytesPerSession").asDouble();
            md.append("| ").append(entry.getKey()).append(redis ? " (Redis memory)" : " (JVM heap)").append(" | ")
                .append(count(f.get("sessions").asInt())).append(" | ").append(number(bytes)).append(" | ")
                .append(f.get("method").asText());
            if (redis) {
                md.append("; `MEMORY USAGE` one session key: ").append(f.get("sessionKeyMemoryUsage").asText())
                    .append(" B, one user's index (").append(f.get("sessionsPerUser").asInt()).append(" sessions): ")
                    .append(f.get("userIndexMemoryUsage").asText()).append(" B");
            }
            md.append(" |\n");
            chart.bar(entry.getKey(), bytes, series++);
        }
        return md.append('\n').append(chart("memory-per-session.svg", chart)).toString();
    }

    private String httpSection() {
        if (http.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## HTTP\n\n`GET /auth/profile` with a session cookie against "
            + "`GET /ping` (no authentication) on the same server; the authenticated request loads the user "
            + "through the user cache, from H2 (from the machine's PostgreSQL for `redis-near-pg`). `redis-near` is "
            + "Redis with the near cache; its Redis commands include the heartbeat PINGs."
            + (PEERS.keySet().stream().noneMatch(peer -> httpOf(peer, true).isPresent()) ? ""
                : " The peers (`benchmarks/peers/`, through the same harness in the same run, sessions on the same "
                    + "Redis, their one user in memory): " + String.join("; ", PEERS.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey()).map(e -> "`" + e.getKey() + "`, " + e.getValue()).toList())
                    + ".")
            + http.stream().findFirst().filter(n -> n.has("warmup"))
                .map(n -> " wrk -t2 -c32; each endpoint warmed up for " + n.get("warmup").asText()
                    + ", then two alternating rounds of " + n.get("duration").asText() + ", their mean reported.")
                .orElse("")
            + "\n\n"
            + "| store | endpoint | req/s | p50 | p99 | auth / unauth | Redis commands per request |\n"
            + "|---|---|---|---|---|---|---|\n");
        BarChart chart = new BarChart("HTTP throughput, wrk -t2 -c32", "requests per second");
        int series = 0;
        for (String store : HTTP_STORES) {
            Optional<JsonNode> open = httpOf(store, false);
            Optional<JsonNode> auth = httpOf(store, true);
            if (open.isEmpty() || auth.isEmpty()) {
                continue;
            }
            for (JsonNode n : List.of(open.get(), auth.get())) {
                boolean authenticated = n.get("authenticated").asBoolean();
                md.append("| ").append(store).append(" | `").append(n.get("endpoint").asText()).append("` | ")
                    .append(number(n.get("requestsPerSecond").asDouble())).append(" | ")
                    .append(n.get("p50Ms").asText()).append(" ms | ").append(n.get("p99Ms").asText()).append(" ms | ")
                    .append(authenticated ? ratio(n.get("ratioToUnauthenticated").asDouble()) : "").append(" | ")
                    .append(authenticated && n.get("redisCommandsPerRequest").isNumber()
                        ? perRequest(n) : "").append(" |\n");
                chart.bar(store + " " + n.get("endpoint").asText(), n.get("requestsPerSecond").asDouble(), series);
            }
            series++;
        }
        return md.append('\n').append(chart("http.svg", chart)).toString();
    }

    private String forwardAuthSection() {
        Map<String, JsonNode> byPath = new LinkedHashMap<>();
        forwardAuth.stream().filter(n -> n.has("path")).forEach(n -> byPath.put(n.get("path").asText(), n));
        Optional<JsonNode> ratios = forwardAuth.stream().filter(n -> n.has("ratios")).findFirst();
        if (!byPath.containsKey("forward-auth") || !byPath.containsKey("ceiling") || ratios.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## Forward authentication through nginx\n\n"
            + "A signed-in `GET` of a small upstream page through one nginx, in one run with the same wrk "
            + "settings (`benchmarks/forward-auth-load.sh`): without authentication; with `auth_request` to a "
            + "second nginx that answers `return 204` over a kept-alive connection, the ceiling any "
            + "authentication service can reach here; with the forward-authentication configuration of "
            + "`docs/forward-auth.md` asking a bare Jetty handler on the JVM that answers with the identity "
            + "headers and does nothing else (`JettyFloor`), the most a service on the JVM and Jetty can reach "
            + "with that configuration; with that configuration asking this service's check listener "
            + "(`forwardAuth.listener`; sessions on " + byPath.get("forward-auth").get("store").asText()
            + ", users on H2), without access rules and with ten, the request meeting the tenth; and the "
            + "service's `GET /ping` and `GET /auth/verify` directly, on the listener and on the application "
            + "port.\n\n"
            + "| path | req/s | p50 | p99 |\n|---|---|---|---|\n");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("direct", "through nginx, no authentication");
        labels.put("ceiling", "through nginx, `auth_request` to `return 204`");
        labels.put("jetty-floor", "through nginx, the forward-authentication configuration asking a bare Jetty handler");
        labels.put("forward-auth", "through nginx, forward authentication");
        labels.put("forward-auth-rules", "through nginx, forward authentication, ten rules");
        labels.put("ping", "the service alone, `GET /ping`");
        labels.put("verify", "the service alone, `GET /auth/verify` on the check listener");
        labels.put("verify-rules", "the service alone, `GET /auth/verify` on the check listener, ten rules");
        labels.put("verify-application", "the service alone, `GET /auth/verify` on the application port");
        BarChart chart = new BarChart("Forward authentication, wrk -t2 -c32", "requests per second");
        int series = 0;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            JsonNode n = byPath.get(label.getKey());
            if (n == null) {
                continue;
            }
            md.append("| ").append(label.getValue()).append(" | ").append(number(n.get("requestsPerSecond").asDouble()))
                .append(" | ").append(n.get("p50Ms").asText()).append(" ms | ").append(n.get("p99Ms").asText())
                .append(" ms |\n");
            chart.bar(label.getValue().replace("`", ""), n.get("requestsPerSecond").asDouble(), series++);
        }
        md.append("\n| measured | figure | target | met |\n|---|---|---|---|\n")
            .append(Targets.rows(this, Targets.Table.FORWARD_AUTH));
        return md.append('\n').append(chart("forward-auth.svg", chart)).toString();
    }

    private String chart(String file, BarChart chart) {
        if (chart.isEmpty()) {
            return "";
        }
        try {
            Files.writeString(charts.resolve(file), chart.svg());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        chartFiles.add(file);
        Path relative = markdown.toAbsolutePath().getParent().relativize(charts.toAbsolutePath().resolve(file));
        return "![" + file + "](" + relative.toString().replace('\\', '/') + ")\n";
    }

    // --- formatting -----------------------------------------------------------------------------

    static String timed(Result r) {
        double nanos = r.nanos();
        String error = Double.isNaN(r.error()) ? "" : " ± " + (nanos >= 10_000 ? micros(r.errorNanos()) : nanos(r.errorNanos()));
        return (nanos >= 10_000 ? micros(nanos) : nanos(nanos)) + error;
    }

    static String nanos(double nanos) {
        return number(nanos) + " ns";
    }

    static String micros(double nanos) {
        return number(nanos / 1000) + " us";
    }

    /** Redis commands per request as {@code http-load.sh} measured them, to its three decimals. */
    private static String perRequest(JsonNode http) {
        return String.format(Locale.ROOT, "%.3f", http.get("redisCommandsPerRequest").asDouble());
    }

    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    static String count(int count) {
        return count >= 1_000_000 && count % 1_000_000 == 0 ? count / 1_000_000 + "M"
            : count >= 1000 && count % 1000 == 0 ? count / 1000 + "k" : Integer.toString(count);
    }

    static String number(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (value >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Math.round(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0) + " GiB RAM")
                .findFirst().orElse("unknown RAM");
        } catch (IOException e) {
            return "unknown RAM";
        }
    }
}
