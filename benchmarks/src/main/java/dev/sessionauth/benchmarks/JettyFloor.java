package dev.sessionauth.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.slf4j.LoggerFactory;

/**
 * The least a JVM HTTP server does for a forward-authentication check here: the Jetty the service
 * runs on, one handler answering every request 200 with the headers a check answers, no session,
 * no user, no servlet, no Dropwizard. What {@code benchmarks/forward-auth-load.sh} measures as
 * "the JVM floor", beside nginx's {@code return 204}: how far a check of any Java service can get,
 * and so how much of the gap to nginx is the service's own.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.sessionauth.benchmarks.JettyFloor PORT</pre>
 */
public final class JettyFloor {

    private JettyFloor() {
    }

    public static void main(String[] args) throws Exception {
        // Logback without a configuration logs Jetty's every step at DEBUG: a floor that logs is no floor.
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                HttpFields.Mutable headers = response.getHeaders();
                headers.put("Cache-Control", "no-store");
                headers.put("Remote-User", "ada");
                headers.put("Remote-User-Id", "1");
                headers.put("Remote-Groups", "user");
                headers.put("Remote-Session", "0123456789abcdef0123456789abcdef");
                headers.put("Remote-Authentication-Level", "aal1");
                headers.put("Content-Length", "0");
                response.setStatus(200);
                callback.succeeded();
                return true;
            }
        });
        server.start();
        server.join();
    }
}
