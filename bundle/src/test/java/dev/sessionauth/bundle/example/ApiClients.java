package dev.sessionauth.bundle.example;

import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.basic.BasicCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The example's API clients and their keys. A key is 256 random bits, so a fast hash (SHA-256)
 * stores it safely, and checking one costs microseconds on every request. Thread-safe.
 */
public final class ApiClients implements Authenticator<BasicCredentials, ApiClient> {

    private record Row(ApiClient client, byte[] keyHash) {
    }

    private final Map<String, Row> byName = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** Registers a client and returns its new key, shown once. */
    public String add(String name, String... roles) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        byName.put(name, new Row(new ApiClient(name, Set.of(roles)), sha256(encoded)));
        return encoded;
    }

    @Override
    public Optional<ApiClient> authenticate(BasicCredentials credentials) {
        Row row = byName.get(credentials.getUsername());
        boolean matches = MessageDigest.isEqual(sha256(credentials.getPassword()),
            row == null ? new byte[32] : row.keyHash());
        return matches && row != null ? Optional.of(row.client()) : Optional.empty();
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
