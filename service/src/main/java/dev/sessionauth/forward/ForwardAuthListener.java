package dev.sessionauth.forward;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.bundle.JsonErrorHandler;
import io.dropwizard.lifecycle.Managed;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check's own listener ({@code forwardAuth.listener}): a Jetty server of its own, with its
 * own threads, whose one handler is the check ({@link ForwardAuthHandler#listener}). Apart from
 * the application's server, it can be what a Jetty server whose handlers all read from memory is:
 * non-blocking, each check run on the thread that read it. It starts and stops with the
 * application.
 */
public final class ForwardAuthListener implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardAuthListener.class);
    private static final String NAME = "forward-auth";

    private final Server server;
    private final Connector connector;

    public ForwardAuthListener(ForwardAuthFactory config, ForwardAuthHandler handler, MetricRegistry metrics) {
        QueuedThreadPool threads = new QueuedThreadPool(config.getListenerThreads(), Math.min(8,
            config.getListenerThreads()));
        threads.setName(NAME);
        server = new Server(threads);
        connector = config.getListener().build(server, metrics, NAME, null);
        server.addConnector(connector);
        server.setHandler(handler);
        // What Jetty answers itself (a malformed request) is JSON, as on the application's port.
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopAtShutdown(false);
    }

    @Override
    public void start() throws Exception {
        server.start();
        LOG.info("Forward authentication checks at {}{}", connector.getProtocols().contains("ssl") ? "https://" : "http://",
            address() + ForwardAuthHandler.PATH);
    }

    @Override
    public void stop() throws Exception {
        server.stop();
    }

    /**
     * Whether Jetty runs each check on the thread that read it: with a store that answers in
     * memory; on Redis every check runs on the listener's other threads.
     */
    public boolean isNonBlocking() {
        return server.getInvocationType() == InvocationType.NON_BLOCKING;
    }

    /** The port it listens on, once started (the one picked for port 0). */
    public int port() {
        return ((NetworkConnector) connector).getLocalPort();
    }

    private String address() {
        String host = ((NetworkConnector) connector).getHost();
        return (host == null ? "0.0.0.0" : host) + ":" + port();
    }
}
