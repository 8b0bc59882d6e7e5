package dev.sessionauth.logging;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.request.logging.RequestLogFactory;
import jakarta.validation.constraints.NotEmpty;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;

/**
 * {@code server.requestLog.type: application-log}: one line per request in the application log, as
 * logger {@code http.request} at INFO, formatted by Jetty's {@link CustomRequestLog}. It goes where
 * the rest of the log goes; route it elsewhere with that logger's own appenders
 * ({@code additive: false}), or turn it off with its level.
 *
 * <p>Dropwizard's default request log, logback-access, is not used by the shipped configurations:
 * at every start it checks its own version against two things it cannot find (the version of
 * Dropwizard's subclass of its request log, and a {@code logback-access-common-dependencies.properties}
 * that logback-access 2.0.9 ships as {@code -dependees.properties}) and prints two version
 * warnings that mean nothing.
 *
 * <p>The default format is the combined log format and the time taken in milliseconds: the request
 * line, never a header, so never a cookie or the session ID in it.
 */
@JsonTypeName("application-log")
public class ApplicationLogRequestLogFactory implements RequestLogFactory<CustomRequestLog> {

    static final String DEFAULT_FORMAT = CustomRequestLog.EXTENDED_NCSA_FORMAT + " %{ms}T";

    @NotEmpty
    private String loggerName = "http.request";

    @NotEmpty
    private String format = DEFAULT_FORMAT;

    @JsonProperty
    public String getLoggerName() {
        return loggerName;
    }

    @JsonProperty
    public void setLoggerName(String loggerName) {
        this.loggerName = loggerName;
    }

    @JsonProperty
    public String getFormat() {
        return format;
    }

    @JsonProperty
    public void setFormat(String format) {
        this.format = format;
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public CustomRequestLog build(String name) {
        Slf4jRequestLogWriter writer = new Slf4jRequestLogWriter();
        writer.setLoggerName(loggerName);
        return new CustomRequestLog(writer, format);
    }
}
