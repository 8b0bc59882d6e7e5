package dev.sessionauth.testing;

import dev.sessionauth.SessionAuthApplication;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.forward.ForwardAuthListener;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Real nginx and Caddy, from Debian's packages, in front of the service and an upstream, each on a
 * free port, with the configuration {@code docs/forward-auth.md} shows: read from that file, only
 * the four addresses changed (the proxy's port 8000, the service's 127.0.0.1:8080, its check
 * listener's 127.0.0.1:9091, the application's 127.0.0.1:3000), so the documented configuration is
 * the tested one. A service without a check listener is asked on its application port, which
 * answers the check too.
 *
 * <p>Where a binary is missing the tests skip with the reason, unless
 * {@code SESSIONAUTH_REQUIRE_PROXIES=true} (CI sets it), where they fail. {@code NGINX} and
 * {@code CADDY} override the paths.
 */
public final class ReverseProxy implements AutoCloseable {

    public static final String REQUIRE = "SESSIONAUTH_REQUIRE_PROXIES";
    public static final Path DOCS = Path.of("..", "docs", "forward-auth.md");

    /** A proxy these tests can run. */
    public enum Kind {
        /** nginx writes its resource limits once its listening sockets are open. */
        NGINX(Path.of(System.getenv().getOrDefault("NGINX", "/usr/sbin/nginx")), "nginx", "getrlimit("),
        /** Caddy says so once its servers run. */
        CADDY(Path.of(System.getenv().getOrDefault("CADDY", "/usr/bin/caddy")), "caddy", "serving initial configuration");

        private final Path binary;
        private final String block;
        private final String ready;

        Kind(Path binary, String block, String ready) {
            this.binary = binary;
            this.block = block;
            this.ready = ready;
        }

        /** Skips the calling test with a reason when the binary is missing, unless it is required. */
        public void assumeInstalled() {
            boolean installed = Files.isExecutable(binary);
            String reason = "the forward-auth tests need " + binary + " (Debian package " + block
                + "; .ci/run installs it)";
            if (!installed && Boolean.parseBoolean(System.getenv(REQUIRE))) {
                throw new IllegalStateException(REQUIRE + " is set but " + reason);
            }
            Assumptions.assumeTrue(installed, reason);
        }
    }

    private final Kind kind;
    private final Path dir;
    private final Process process;
    private final int port;

    private ReverseProxy(Kind kind, Path dir, Process process, int port) {
        this.kind = kind;
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** The configuration block {@code docs/forward-auth.md} marks with {@code <!-- forward-auth: name -->}. */
    public static String documented(String name) {
        try {
            String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
            Matcher block = Pattern.compile("<!-- forward-auth: " + Pattern.quote(name) + " -->\\n```[a-z]*\\n(.*?)```",
                Pattern.DOTALL).matcher(docs);
            if (!block.find()) {
                throw new IllegalStateException(DOCS + " has no block marked forward-auth: " + name);
            }
            return block.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code kind} on a free port in front of the service and the upstream; waits until it listens. */
    public static ReverseProxy start(Kind kind, DropwizardAppExtension<SessionAuthConfiguration> service,
                                     int upstreamPort) {
        int servicePort = service.getLocalPort();
        int checkPort = service.<SessionAuthApplication>getApplication().forwardAuthListener()
            .map(ForwardAuthListener::port).orElse(servicePort);
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("sessionauth-" + kind.block + "-");
            String site = documented(kind.block)
                .replace("127.0.0.1:8080", "127.0.0.1:" + servicePort)
                .replace("127.0.0.1:9091", "127.0.0.1:" + checkPort)
                .replace("127.0.0.1:3000", "127.0.0.1:" + upstreamPort);
            ProcessBuilder builder = switch (kind) {
                case NGINX -> {
                    Path config = dir.resolve("nginx.conf");
                    Files.writeString(config, nginxMain(dir, site.replace("listen 8000;", "listen 127.0.0.1:" + port + ";")));
                    yield new ProcessBuilder(kind.binary.toString(), "-p", dir.toString(), "-c", config.toString(),
                        "-e", "stderr");
                }
                case CADDY -> {
                    Path config = dir.resolve("Caddyfile");
                    // Any Host, as the documented ":8000", on this machine's loopback only.
                    Files.writeString(config, "{\n\tadmin off\n\tdefault_bind 127.0.0.1\n}\n\n"
                        + site.replace(":8000 {", "http://:" + port + " {"));
                    ProcessBuilder caddy = new ProcessBuilder(kind.binary.toString(), "run", "--config", config.toString(),
                        "--adapter", "caddyfile");
                    caddy.environment().put("HOME", dir.toString());
                    caddy.environment().put("XDG_CONFIG_HOME", dir.toString());
                    caddy.environment().put("XDG_DATA_HOME", dir.toString());
                    yield caddy;
                }
            };
            Process process = builder.redirectErrorStream(true).start();
            ReverseProxy proxy = new ReverseProxy(kind, dir, process, port);
            proxy.awaitReady();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String nginxMain(Path dir, String server) {
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return "daemon off;\nmaster_process off;\n" + user + "pid " + dir.resolve("nginx.pid") + ";\n"
            + "error_log stderr notice;\n"
            + "events { worker_connections 256; }\n"
            + "http {\n  access_log off;\n"
            + "  client_body_temp_path " + dir.resolve("body") + ";\n  proxy_temp_path " + dir.resolve("proxy") + ";\n"
            + "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n  uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
            + "  scgi_temp_path " + dir.resolve("scgi") + ";\n"
            + server + "}\n";
    }

    /** The proxies a test class runs, one of each kind, started on first use and closed together. */
    public static final class Pool implements AutoCloseable {

        private final Map<Kind, ReverseProxy> started = new EnumMap<>(Kind.class);

        /** The proxy of {@code kind} in front of the service and the upstream; skips the test without it. */
        public synchronized ReverseProxy get(Kind kind, DropwizardAppExtension<SessionAuthConfiguration> service,
                                             int upstreamPort) {
            kind.assumeInstalled();
            return started.computeIfAbsent(kind, k -> start(k, service, upstreamPort));
        }

        @Override
        public synchronized void close() {
            started.values().forEach(ReverseProxy::close);
            started.clear();
        }
    }

    public Kind kind() {
        return kind;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Copies the proxy's output to {@code output.log} as it comes, and returns once the proxy says
     * it serves ({@link Kind#ready}); fails when it exits first or says nothing for 15 seconds.
     */
    private void awaitReady() throws IOException {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Path log = dir.resolve("output.log");
        Thread copier = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.contains(kind.ready)) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException(kind + " exited: " + output()));
        }, kind + "-output");
        copier.setDaemon(true);
        copier.start();
        try {
            ready.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException(kind + " did not start on " + port + ": " + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException(e);
        }
    }

    /** What the proxy wrote to its standard output and error, for a failure's message. */
    public String output() {
        try {
            return Files.readString(dir.resolve("output.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind
        }
    }
}
