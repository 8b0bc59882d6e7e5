package dev.sessionauth.bundle;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bounds every request body Jersey reads: a body whose {@code Content-Length} is over the limit is
 * refused with 413 JSON before a byte of it is read, and a body of unknown length (chunked) is read
 * up to the limit, then refused the same way, wherever it is being read: by a resource's entity
 * parameter, a form, or a filter that buffers it. A body is never held in memory beyond the limit.
 * Register it for every endpoint ({@code environment.jersey().register(new BodyLimitFilter(n))});
 * the bundle bounds the forms it reads itself with {@link #bounded}. Thread-safe.
 */
@PreMatching
@Priority(1)
public final class BodyLimitFilter implements ContainerRequestFilter, ReaderInterceptor {

    /** The message of every 413. */
    public static final String TOO_LARGE = "Request body too large";

    private final long maxBytes;

    /** @param maxBytes the largest body read, in bytes; at least 1 */
    public BodyLimitFilter(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes is at least 1");
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        bounded(request, maxBytes);
    }

    /**
     * A body reader that wraps what its stream throws (Jackson does: "Unable to process JSON")
     * still answers 413 when the stream refused to give more.
     */
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        try {
            return context.proceed();
        } catch (IOException | RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof TooLarge tooLarge) {
                    throw tooLarge;
                }
            }
            throw e;
        }
    }

    /**
     * Bounds the body of {@code request} to {@code maxBytes}: refuses a declared length over it at
     * once, and makes the entity stream refuse to give more.
     *
     * @throws WebApplicationException 413 when the declared length is over the limit
     */
    static void bounded(ContainerRequestContext request, long maxBytes) {
        if (request.getLength() > maxBytes) {
            throw tooLarge();
        }
        // Not hasEntity(), which reads a byte to tell: a body that cannot be decoded would fail here.
        request.setEntityStream(new Bounded(request.getEntityStream(), maxBytes));
    }

    static TooLarge tooLarge() {
        return new TooLarge();
    }

    /** Thrown when a body is over the limit: its response is the 413. */
    static final class TooLarge extends WebApplicationException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(TOO_LARGE, Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(Response.Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode(), TOO_LARGE)).build());
        }
    }

    /** Gives at most {@code left} bytes, then refuses with 413 rather than give one more. */
    private static final class Bounded extends FilterInputStream {

        private long left;

        Bounded(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, (int) Math.min(length, left + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, left + 1));
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            left -= n;
            if (left < 0) {
                throw tooLarge();
            }
        }
    }
}
