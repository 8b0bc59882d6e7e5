package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint that reads a body refuses one of 200 MB with 413 JSON, over raw HTTP/1.1 so that
 * the body really is sent: declared by {@code Content-Length} (refused before it is read) and
 * chunked (refused once {@code maxRequestBody}, 16 KiB, has been read). Anonymous and signed-in
 * requests alike: the CSRF filter reads a signed-in client's form, the resource an anonymous one's.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BodyLimitsTest {

    private static final long TWO_HUNDRED_MB = 200L * 1024 * 1024;
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(new MutableClock());

    private Login ada;

    @BeforeEach
    void signIn() {
        ada = new Http(APP.getLocalPort()).login("ada", TestApp.ADA_PASSWORD);
    }

    static List<String[]> endpoints() {
        return List.of(
            new String[] {"/auth/login", JSON, "anonymous"},
            new String[] {"/login", FORM, "anonymous"},
            new String[] {"/auth/password", JSON, "signed-in"},
            new String[] {"/auth/reauthenticate", JSON, "signed-in"},
            new String[] {"/account/password", FORM, "signed-in"},
            new String[] {"/account/reauthenticate", FORM, "signed-in"},
            new String[] {"/auth/logout", FORM, "signed-in"});
    }

    @ParameterizedTest(name = "{0} {1} {2}, declared length")
    @MethodSource("endpoints")
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsRead(String path, String type, String who) throws Exception {
        String reply = post(path, type, who, false);

        assertThat(reply).startsWith("HTTP/1.1 413").endsWith("{\"code\":413,\"message\":\"Request body too large\"}");
    }

    @ParameterizedTest(name = "{0} {1} {2}, chunked")
    @MethodSource("endpoints")
    void aChunkedBodyOverTheLimitIsRefusedOnceTheLimitIsRead(String path, String type, String who) throws Exception {
        String reply = post(path, type, who, true);

        assertThat(reply).startsWith("HTTP/1.1 413").endsWith("{\"code\":413,\"message\":\"Request body too large\"}");
    }

    @org.junit.jupiter.api.Test
    void aCompressedBodyIsBoundedAsItInflates() throws Exception {
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(compressed)) {
            gzip.write("{\"username\":\"".getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[1024 * 1024];
            Arrays.fill(block, (byte) 'a');
            for (int i = 0; i < 64; i++) {
                gzip.write(block);
            }
        }
        java.net.http.HttpResponse<String> reply = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + APP.getLocalPort() + "/auth/login"))
                .header("Content-Type", JSON).header("Content-Encoding", "gzip")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray())).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(reply.statusCode()).as("64 MB inflated from %d bytes", compressed.size()).isEqualTo(413);
        assertThat(reply.body()).isEqualTo("{\"code\":413,\"message\":\"Request body too large\"}");
    }

    /**
     * The status line and body of a POST of 200 MB, well-formed as far as it goes (a JSON string or
     * a form field that never ends), sent while the answer is awaited.
     */
    private String post(String path, String type, String who, boolean chunked) throws Exception {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
            + "\r\nConnection: close\r\n");
        if (who.equals("signed-in")) {
            head.append("Cookie: ").append(ada.cookieHeader()).append("\r\n");
            if (type.equals(JSON)) {
                head.append("X-CSRF-Token: ").append(ada.csrf()).append("\r\n");
            }
        }
        head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + TWO_HUNDRED_MB + "\r\n");
        head.append("\r\n");
        try (Socket socket = new Socket("localhost", APP.getLocalPort())) {
            socket.setSoTimeout(60_000);
            String prefix = type.equals(JSON) ? "{\"password\":\"" : "password=";
            Thread sender = new Thread(() -> send(socket, head.toString(), prefix, chunked), "body-sender");
            sender.setDaemon(true);
            sender.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            String line;
            long length = -1;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).strip());
                }
            }
            char[] body = new char[(int) Math.max(0, length)];
            int read = 0;
            while (read < body.length) {
                int n = in.read(body, read, body.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            sender.interrupt();
            return status + " " + new String(body, 0, read);
        }
    }

    /** Sends {@code head}, then a body that is {@code prefix} and as many {@code a} as make 200 MB. */
    private static void send(Socket socket, String head, String prefix, boolean chunked) {
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'a');
        byte[] start = prefix.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, block, 0, start.length);
        try {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunkHead = (Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (long sent = 0; sent < TWO_HUNDRED_MB && !Thread.currentThread().isInterrupted(); sent += block.length) {
                if (chunked) {
                    out.write(chunkHead);
                }
                out.write(block);
                Arrays.fill(block, 0, start.length, (byte) 'a');
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException e) {
            // The server answered and closed: what the test expects.
        }
    }
}
