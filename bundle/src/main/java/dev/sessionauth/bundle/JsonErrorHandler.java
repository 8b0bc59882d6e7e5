package dev.sessionauth.bundle;

import io.dropwizard.core.setup.Environment;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before Jersey sees the request (a malformed header, an oversized
 * header block, an unknown method), get the same JSON body as every other error:
 * {@code {"code":431,"message":"Request Header Fields Too Large"}}. The message is the status's
 * standard reason only, never the request's content or an exception. A host opts in with
 * {@link SessionAuthBundle#jsonServerErrors()}; it is server-wide, so the bundle never installs it
 * unasked.
 */
public final class JsonErrorHandler extends ErrorHandler {

    /** Answers the server-level errors of {@code environment}'s server, and its application context's, in JSON. */
    public static void install(Environment environment) {
        environment.getApplicationContext().setErrorHandler(new JsonErrorHandler());
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(new JsonErrorHandler()));
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        ByteBuffer body = body(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.remaining());
        response.write(true, body, callback);
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                 String contentType, List<Charset> charsets, int code,
                                                 String message, Throwable cause) {
        generateResponse(request, response, code, message, cause, callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return body(status);
    }

    private static ByteBuffer body(int code) {
        String reason = HttpStatus.getMessage(code);
        return ByteBuffer.wrap(("{\"code\":" + code + ",\"message\":\"" + reason + "\"}")
            .getBytes(StandardCharsets.UTF_8));
    }
}
