package dev.sessionauth.bundle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A registered passkey, as a {@link PasskeyStorage} keeps it. The host stores every field and
 * gives them back unchanged; only {@code name} is for people.
 *
 * @param credentialId   the authenticator's credential ID, base64url without padding: unique
 *                       across every account (the storage refuses a second registration)
 * @param userKey        whose passkey it is
 * @param name           what the user called it ("Laptop"), at most 64 characters
 * @param credentialData the credential's public key and authenticator model, opaque (base64url)
 * @param signCount      the authenticator's signature counter at its last use; 0 for
 *                       authenticators that keep none (most passkeys)
 * @param uvInitialized  whether the authenticator verified the user (PIN, biometrics) when it was
 *                       registered
 * @param backupEligible whether the credential may be synced to other devices (a passkey manager)
 * @param backedUp       whether it was synced at its last use
 * @param transports     how the browser can reach the authenticator ({@code internal},
 *                       {@code hybrid}, {@code usb}, ...), as the browser reported them
 * @param createdAt      when it was registered
 * @param lastUsedAt     when it last signed a user in; null before its first use
 */
public record Passkey(String credentialId, String userKey, String name, String credentialData, long signCount,
                      boolean uvInitialized, boolean backupEligible, boolean backedUp, Set<String> transports,
                      Instant createdAt, Instant lastUsedAt) {

    public Passkey {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(userKey, "userKey");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(credentialData, "credentialData");
        Objects.requireNonNull(createdAt, "createdAt");
        transports = Set.copyOf(transports);
    }

    /** When it last signed a user in; empty before its first use. */
    public Optional<Instant> lastUsed() {
        return Optional.ofNullable(lastUsedAt);
    }
}
