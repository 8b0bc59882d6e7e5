package dev.sessionauth.errors;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.zip.ZipException;

/**
 * A request body that cannot be decoded as its {@code Content-Encoding} declares (not really gzip,
 * truncated) is the client's fault: 400, not the 500 an unmapped decoding exception would give. A
 * charset nobody knows ({@code Content-Type: ...; charset=nonsense}), which Jersey's form reader
 * does not catch, is 415.
 */
public final class MalformedBodyInterceptor implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        try {
            return context.proceed();
        } catch (IOException | RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ZipException) {
                    throw new BadRequestException("Request body does not match its Content-Encoding");
                }
                if (t instanceof IllegalCharsetNameException || t instanceof UnsupportedCharsetException) {
                    throw new NotSupportedException("Unsupported charset in Content-Type");
                }
            }
            throw e;
        }
    }
}
