package dev.sessionauth.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.concurrent.ThreadLocalRandom;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;

/**
 * A {@code redis-server} owned by one test: started on a free loopback port from the binary that
 * {@code org.signal:embedded-redis} ships, so a machine with only Java and Maven runs the Redis
 * tests. Stop and start it again to simulate an outage; it comes back on the same port.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final int port;
    private final RedisServer server;
    private final Path dir;
    private final int tlsPort;

    private EmbeddedRedis(int port, RedisServer server, Path dir, int tlsPort) {
        this.port = port;
        this.server = server;
        this.dir = dir;
        this.tlsPort = tlsPort;
    }

    /** Starts a standalone server. */
    public static EmbeddedRedis start() {
        return start(false, false, null, null);
    }

    /**
     * Starts a standalone server that also serves TLS with {@code certificate}, on {@link #tlsPort()};
     * clients need no certificate of their own.
     */
    public static EmbeddedRedis startWithTls(TestCertificate certificate) {
        return start(false, false, null, certificate);
    }

    /** Starts a standalone server that requires {@code AUTH password}. */
    public static EmbeddedRedis startWithPassword(String password) {
        return start(false, false, password, null);
    }

    /**
     * Starts a standalone server that writes every change to an append-only file before answering,
     * so a {@link #restart()} finds the data it had: an outage, not a wipe.
     */
    public static EmbeddedRedis startDurable() {
        return start(false, true, null, null);
    }

    /** Starts a server with {@code cluster-enabled yes}, not yet part of any cluster. */
    static EmbeddedRedis startClusterNode() {
        return start(true, false, null, null);
    }

    private static EmbeddedRedis start(boolean cluster, boolean durable, String password, TestCertificate tls) {
        int port = freePort(cluster);
        int tlsPort = tls == null ? 0 : freePort(false);
        try {
            Path dir = Files.createTempDirectory("sessionauth-redis-" + port);
            var builder = RedisServer.builder()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting(durable ? "appendonly yes" : "appendonly no")
                .setting("appendfsync always")
                .setting("dir " + dir);
            if (tls != null) {
                builder.setting("tls-port " + tlsPort)
                    .setting("tls-cert-file " + tls.certificate())
                    .setting("tls-key-file " + tls.privateKey())
                    .setting("tls-ca-cert-file " + tls.certificate())
                    .setting("tls-auth-clients no");
            }
            if (password != null) {
                builder.setting("requirepass " + password);
            }
            if (cluster) {
                builder.setting("cluster-enabled yes")
                    .setting("cluster-config-file nodes-" + port + ".conf")
                    .setting("cluster-node-timeout 2000");
            }
            RedisServer server = builder.build();
            server.start();
            return new EmbeddedRedis(port, server, dir, tlsPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The TLS port, when started with TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts a Sentinel on a free port that monitors {@code master} under the name {@code masterId}. */
    static AutoCloseable startSentinel(EmbeddedRedis master, String masterId, int[] port) {
        port[0] = freePort(false);
        RedisSentinel sentinel = RedisSentinel.builder()
            .bind("127.0.0.1")
            .port(port[0])
            .masterPort(master.port())
            .masterName(masterId)
            .quorumSize(1)
            .build();
        sentinel.start();
        return sentinel::stop;
    }

    /** Stops the server, as an outage would. */
    public void stop() {
        server.stop();
    }

    /** Starts the server again on the same port: empty, or with its data if durable. */
    public void restart() {
        server.start();
    }

    public boolean isActive() {
        return server.isActive();
    }

    /** Stops the server and deletes its working directory. */
    @Override
    public void close() {
        if (server.isActive()) {
            server.stop();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port; for a cluster node, one whose bus port (+10000) is free too. */
    private static int freePort(boolean cluster) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = cluster ? ThreadLocalRandom.current().nextInt(20_000, 55_000) : 0;
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                if (!cluster) {
                    return socket.getLocalPort();
                }
                try (ServerSocket bus = new ServerSocket(port + 10_000, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                }
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port found for Redis");
    }
}
