package dev.sessionauth.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path dir;

    @Test
    void reportsEveryTargetAsMeasuredAndMarksTheMissedOnes() throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("jmh.json"), "["
            + jmh("RedisFloorBenchmark.storeFind", "{\"sessions\":\"1000\"}", 110, "us/op") + ","
            + jmh("RedisFloorBenchmark.rawGet", "{\"sessions\":\"1000\"}", 100, "us/op") + ","
            + jmh("StoreFindBenchmark.hit", "{\"store\":\"memory\",\"sessions\":\"1000\"}", 40, "ns/op") + ","
            + jmh("StoreFindBenchmark.hit", "{\"store\":\"memory\",\"sessions\":\"1000000\"}", 60, "ns/op") + ","
            + jmh("AuthPathBenchmark.authenticate", "{\"store\":\"caffeine\",\"userLoad\":\"stubbed\"}", 2500, "ns/op")
            + "]");
        Files.writeString(results.resolve("footprint-memory.json"),
            "{\"store\":\"memory\",\"sessions\":1000000,\"method\":\"heap\",\"heapBytesPerSession\":300.4}");
        Files.writeString(results.resolve("http.jsonl"), """
            {"store":"redis","endpoint":"/ping","authenticated":false,"requests":1,"requestsPerSecond":1000,"p50Ms":1.0,"p99Ms":2.0}
            {"store":"redis","endpoint":"/auth/profile","authenticated":true,"requests":1,"requestsPerSecond":650,"p50Ms":1.5,"p99Ms":3.0,"ratioToUnauthenticated":0.65,"redisCommandsPerRequest":1.0}
            """);
        Path markdown = dir.resolve("RESULTS.md");

        Report.main(new String[] {results.toString(), markdown.toString(), dir.resolve("charts").toString()});

        String md = Files.readString(markdown);
        assertThat(md).contains("| Redis `find` / raw Lettuce GET of the same bytes | 1.10x (110 us / 100 us) | <= 1.15x | yes |");
        assertThat(md).contains("| memory `find` at 1M sessions | 60.0 ns | <= 250 ns | yes |");
        assertThat(md).contains("| memory `find` at 1M / at 1k | 1.50x | <= 1.3x | **no** |");
        assertThat(md).contains("| auth path without the user load, caffeine | 2.50 us | <= 2 us | **no** |");
        assertThat(md).contains("| HTTP authenticated / unauthenticated req/s, redis | 0.65x | >= 0.7 | **no** |");
        assertThat(md).as("no peer was measured").doesNotContain("The peers").doesNotContain("the better peer's");
        assertThat(md).contains("| heap bytes per session, memory (1M sessions) | 300 B | <= 350 B | yes |");
        assertThat(md).contains("| JDK | OpenJDK 64-Bit Server VM 17.0.15");
        assertThat(dir.resolve("charts/redis-floor.svg")).content().startsWith("<svg").contains("RedisSessionStore.find");
        assertThat(md).contains("![redis-floor.svg](charts/redis-floor.svg)");
    }

    @Test
    void aRunOfSomeBenchmarksWritesAFileOfItsOwnWithTheirSectionsOnly() throws Exception {
        Path results = Files.createDirectories(dir.resolve("only"));
        Files.writeString(results.resolve("login-flood.jsonl"), """
            {"measure":"profile","flood":false,"requests":1,"requestsPerSecond":1000,"p50Ms":1.0,"p99Ms":4.0}
            {"measure":"profile","flood":true,"requests":1,"requestsPerSecond":400,"p50Ms":2.0,"p99Ms":8.0,"throughputRatio":0.4,"p99Ratio":2.0,"floodStatuses":{"401":30,"503":900}}
            {"measure":"small-heap","heap":"256m","seconds":60,"statuses":{"401":90,"503":3000},"outOfMemoryErrors":0,"answersAfter":true}
            {"measure":"rss","jvmFlags":"default","seconds":20,"logins":500,"statuses":{"200":500},"rssMiB":700,"peakRssMiB":750}
            {"measure":"profile","concurrentHashes":"2","flood":false,"requests":1,"requestsPerSecond":1000,"p50Ms":1.0,"p99Ms":4.0}
            {"measure":"profile","concurrentHashes":"2","flood":true,"requests":1,"requestsPerSecond":300,"p50Ms":2.0,"p99Ms":9.0,"throughputRatio":0.3,"p99Ratio":2.2,"floodStatuses":{"503":900}}
            {"measure":"rss","concurrentHashes":"2","jvmFlags":"default","seconds":20,"logins":800,"statuses":{"200":800},"rssMiB":700,"peakRssMiB":750}
            """);
        Files.writeString(results.resolve("forward-auth.jsonl"), """
            {"path":"direct","store":"caffeine","requests":1,"requestsPerSecond":20000,"p50Ms":1.0,"p99Ms":3.0}
            {"path":"ceiling","store":"caffeine","requests":1,"requestsPerSecond":10000,"p50Ms":2.0,"p99Ms":5.0}
            {"path":"forward-auth","store":"caffeine","requests":1,"requestsPerSecond":5000,"p50Ms":4.0,"p99Ms":9.0}
            {"path":"forward-auth-rules","store":"caffeine","requests":1,"requestsPerSecond":4900,"p50Ms":4.1,"p99Ms":9.2}
            {"path":"ping","store":"caffeine","requests":1,"requestsPerSecond":8000,"p50Ms":2.0,"p99Ms":6.0}
            {"path":"verify","store":"caffeine","requests":1,"requestsPerSecond":6000,"p50Ms":3.0,"p99Ms":7.0}
            {"path":"verify-rules","store":"caffeine","requests":1,"requestsPerSecond":5940,"p50Ms":3.0,"p99Ms":7.1}
            {"ratios":true,"store":"caffeine","forwardAuthToCeiling":0.5,"verifyToPing":0.75,"rulesToNoRules":0.98,"verifyRulesToVerify":0.99,"forwardAuthToDirect":0.25}
            """);
        Path markdown = dir.resolve("only.md");

        Report.main(new String[] {results.toString(), markdown.toString(), dir.resolve("charts").toString()});

        String md = Files.readString(markdown);
        assertThat(md).containsOnlyOnce("## Login flood").containsOnlyOnce("## Forward authentication through nginx")
            .doesNotContain("## HTTP load").doesNotContain("## Near cache and user cache");
        assertThat(md).contains("| through nginx, `auth_request` to `return 204` | 10,000 | 2.0 ms | 5.0 ms |")
            .contains("| through nginx, forward authentication / the `return 204` ceiling | 0.50x | >= 0.8x | **no** |")
            .contains("| `/auth/verify` on the check listener / `/ping`, the service alone | 0.75x | >= 0.9x | **no** |")
            .contains("| ten rules / none, through nginx | 0.98x | >= 0.95x | yes |")
            .contains("| through nginx, forward authentication / no authentication | 0.25x | - | - |");
        assertThat(md).contains("| signed-in req/s, during the flood / alone | 0.40x (400 / 1,000) | >= 0.7x | **no** |");
        assertThat(md).contains("| the same with one hash per core (2 at once, the previous default) | 0.30x (300 req/s during the flood) |");
        assertThat(md).contains("| logins a second with no flood, the default bound / one hash per core | 0.63x (25.0 / 40.0) |");
        assertThat(md).contains("| signed-in p99, during the flood / alone | 2.00x (8.0 ms / 4.0 ms) | <= 3x | yes |");
        assertThat(md).contains("| the flood's answers | 401: 30, 503: 900 | no 500 | yes |");
        assertThat(md).contains("| 60 s flood, `-Xmx256m` | 0 OutOfMemoryError; 401: 90, 503: 3000; answers afterwards: yes |");
        assertThat(md).contains("default JVM flags | 700 MiB (peak 750 MiB) | < 1024 MiB | yes |");
        assertThat(md).contains("| through nginx, forward authentication | 5,000 | 4.0 ms | 9.0 ms |");
    }

    @Test
    void theNearCacheIsHeldAgainstPingAndAgainstTheBetterOfThePeers() throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("http.jsonl"), """
            {"store":"redis-near","endpoint":"/ping","authenticated":false,"warmup":"60s","duration":"20s","requests":1,"requestsPerSecond":10000,"p50Ms":1.0,"p99Ms":2.0}
            {"store":"redis-near","endpoint":"/auth/profile","authenticated":true,"warmup":"60s","duration":"20s","requests":1,"requestsPerSecond":9000,"p50Ms":1.1,"p99Ms":2.5,"ratioToUnauthenticated":0.9,"redisCommandsPerRequest":0.001}
            {"store":"peer-nest","endpoint":"/ping","authenticated":false,"warmup":"60s","duration":"20s","requests":1,"requestsPerSecond":2100,"p50Ms":4.0,"p99Ms":9.0}
            {"store":"peer-nest","endpoint":"/auth/profile","authenticated":true,"warmup":"60s","duration":"20s","requests":1,"requestsPerSecond":2000,"p50Ms":4.5,"p99Ms":9.5,"ratioToUnauthenticated":0.95,"redisCommandsPerRequest":2.0}
            {"store":"peer-spring","endpoint":"/ping","authenticated":false,"warmup":"60s","duration":"20s","requests":1,"requestsPerSecond":30000,"p50Ms":0.5,"p99Ms":1.0}
            {"store":"peer-spring","endpoint":"/auth/profile","authenticated":true,"warmup":"60s","duration":"20s","requests":1,"requestsPerSecond":2500,"p50Ms":8.0,"p99Ms":20.0,"ratioToUnauthenticated":0.083,"redisCommandsPerRequest":6.0}
            """);
        Path markdown = dir.resolve("RESULTS.md");

        Report.main(new String[] {results.toString(), markdown.toString(), dir.resolve("charts").toString()});

        String md = Files.readString(markdown);
        assertThat(md).contains("| HTTP `/auth/profile` / `/ping` req/s, redis-near | 0.90x (9,000 / 10,000) | >= 0.85 | yes |");
        assertThat(md).contains("| HTTP `/auth/profile` req/s, redis-near / the better peer's | 3.60x "
            + "(9,000 / 2,000 peer-nest, 2,500 peer-spring) | >= 4x | **no** |");
        assertThat(md).contains("| Redis commands per authenticated request, near cache (heartbeats included) | 0.001 | <= 0.01 | yes |");
        assertThat(md).contains("| peer-spring | `/auth/profile` | 2,500 | 8.0 ms | 20.0 ms | 0.08x | 6.000 |")
            .contains("`peer-nest`, NestJS + express-session + connect-redis + Passport")
            .contains("each endpoint warmed up for 60s, then two alternating rounds of 20s");
    }

    @Test
    void theNearCacheTargetsAreThoseTheRunMeasuredAndAStressRunThatArmedTooFewCyclesFails() throws Exception {
        Path results = Files.createDirectories(dir.resolve("only"));
        Files.writeString(results.resolve("jmh-near-find.json"), "["
            + jmh("StoreFindBenchmark.hit", "{\"store\":\"redis-near\",\"sessions\":\"1000\"}", 99, "ns/op") + ","
            + jmh("StoreFindBenchmark.hit", "{\"store\":\"caffeine\",\"sessions\":\"1000\"}", 90, "ns/op") + "]");
        Files.writeString(results.resolve("revocation.jsonl"), """
            {"measure":"revocation","mode":"stores","cycles":10000,"armed":10000,"staleAnswers":0,"seconds":8.7}
            {"measure":"revocation","mode":"http","cycles":10000,"armed":0,"staleAnswers":0,"seconds":96.6}
            """);
        Path markdown = dir.resolve("only.md");

        Report.main(new String[] {results.toString(), markdown.toString(), dir.resolve("charts").toString()});

        String md = Files.readString(markdown);
        assertThat(md).contains("| near-cache `find` hit / caffeine hit, 1k sessions | 1.10x (99.0 ns / 90.0 ns) | <= 1.2x | yes |\n")
            .doesNotContain("HTTP `/auth/profile` / `/ping` req/s");
        assertThat(md).contains("| revocation stress: stale answers after a revoke on another node | 0 of 10k (stores) "
            + "| 0 (every cycle armed) | yes |");
        assertThat(md).as("no cycle armed: nothing was tested").contains("| revocation stress: stale answers after a "
            + "revoke on another node | 0 of 0 (http) | 0 (every cycle armed) | **no** |");
    }

    private static String jmh(String benchmark, String params, double score, String unit) {
        return "{\"jmhVersion\":\"1.37\",\"benchmark\":\"dev.sessionauth.benchmarks." + benchmark + "\",\"mode\":\"avgt\","
            + "\"threads\":1,\"forks\":1,\"jdkVersion\":\"17.0.15\",\"vmName\":\"OpenJDK 64-Bit Server VM\","
            + "\"vmVersion\":\"17.0.15+6\",\"warmupIterations\":3,\"warmupTime\":\"2 s\",\"measurementIterations\":5,"
            + "\"measurementTime\":\"2 s\",\"params\":" + params + ",\"primaryMetric\":{\"score\":" + score
            + ",\"scoreError\":1.0,\"scoreUnit\":\"" + unit + "\"}}";
    }
}
