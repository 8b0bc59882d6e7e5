package dev.sessionauth.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.users.Accounts;
import dev.sessionauth.users.User;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /tasks/revoke-sessions?user=<id or username>} on the admin port: ends every session of
 * one user, on every node that shares the store. For operators responding to a compromised
 * account. Answers JSON: 200 with the count, 400 without exactly one {@code user}, 404 for an
 * unknown user, 503 when the store or the database cannot be reached.
 *
 * <p>A servlet rather than a Dropwizard {@code Task}: a task that fails can only answer 500 with a
 * stack trace, and bad input here deserves a 4xx.
 */
public final class RevokeSessionsServlet extends HttpServlet {

    public static final String PATH = "/tasks/revoke-sessions";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RevokeSessionsServlet.class);

    private final transient Accounts accounts;
    private final transient ObjectMapper json;

    public RevokeSessionsServlet(Accounts accounts, ObjectMapper json) {
        this.accounts = accounts;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] values = request.getParameterValues("user");
        if (values == null || values.length != 1 || values[0].isBlank() || values[0].length() > 255) {
            write(response, 400, new ErrorMessage(400, "give exactly one user=<id or username>"));
            return;
        }
        try {
            Optional<User> user = accounts.find(values[0]);
            if (user.isEmpty()) {
                write(response, 404, new ErrorMessage(404, "No such user"));
                return;
            }
            int ended = accounts.revokeSessions(user.get().id());
            LOG.info("Operator ended {} sessions of user {}", ended, user.get().id());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userId", user.get().id());
            body.put("username", user.get().username());
            body.put("sessionsEnded", ended);
            write(response, 200, body);
        } catch (SessionStoreException | ConnectionException e) {
            LOG.warn("Revoking sessions failed: {}", e.getMessage());
            write(response, 503, new ErrorMessage(503, "Session store or user database unavailable"));
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        write(response, 405, new ErrorMessage(405, "Use POST"));
    }

    private void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
