package dev.sessionauth.bundle;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.util.exception.WebAuthnException;
import dev.sessionauth.bundle.PasskeyChallenges.Ceremony;
import dev.sessionauth.bundle.PasswordAccounts.Account;
import dev.sessionauth.bundle.SessionEvent.Reason;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passkeys (WebAuthn): registering one from a recently authenticated session, listing and
 * removing them, and the checks behind signing in with one alone
 * ({@link Logins#signInWithPasskey}) or using one as the second factor after a password
 * ({@link Logins#completeSignInWithPasskey}). Options and answers travel in the WebAuthn JSON
 * serialisation: give the options to {@code PublicKeyCredential.parseCreationOptionsFromJSON} (or
 * {@code parseRequestOptionsFromJSON}) and send back {@code credential.toJSON()}.
 *
 * <p>Registration asks for a discoverable credential with user verification preferred and takes
 * any attestation as {@code none}; the relying party ID and the origins are
 * {@code logins.passkeys}'s and are checked on every ceremony, and so is the challenge, which is
 * single use on every node and short-lived. A credential ID registered to any account is refused a
 * second time. The signature counter and the backup flags are recorded at each use, and a counter
 * that goes back is refused (a cloned authenticator).
 *
 * <p>A failed assertion counts against the client and the account in the passkeys' own counts,
 * never the password's, and is a {@link SecurityEvent.Type#PASSKEY_REFUSED} event. Every refusal
 * of an assertion answers alike ({@value #REFUSED}). Thread-safe.
 */
public final class Passkeys {

    private static final Logger LOG = LoggerFactory.getLogger(Passkeys.class);

    /** The answer to every assertion refused, whatever was wrong with it. */
    public static final String REFUSED = "Passkey refused";

    /** The answer to a registration whose credential is registered already, to anyone. */
    public static final String REGISTERED_ALREADY = "This passkey is registered already";

    /** The answer to a registration that is malformed, forged, expired or answered already. */
    public static final String REGISTRATION_REFUSED = "Passkey registration refused; start again";

    /** The longest name of a passkey. */
    public static final int MAX_NAME_LENGTH = 64;

    /** The algorithms a new passkey may use, most preferred first: ES256, EdDSA, RS256. */
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
        new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
        new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
        new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** An assertion that passed: whose passkey, their account, and whether the authenticator verified the user. */
    record Verified(Passkey passkey, Account account, boolean userVerified) {
    }

    private final PasskeyStorage storage;
    private final PasswordAccounts accounts;
    private final PasskeyChallenges challenges;
    private final ThrottledChecks throttle;
    private final DefaultSessions sessions;
    private final SecurityEvents events;
    private final String rpId;
    private final String rpName;
    private final Set<Origin> origins;
    private final Clock clock;
    private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager();
    private final AttestedCredentialDataConverter credentialData =
        new AttestedCredentialDataConverter(new ObjectConverter());

    Passkeys(PasskeyStorage storage, PasswordAccounts accounts, PasskeyChallenges challenges, ThrottledChecks throttle,
             DefaultSessions sessions, SecurityEvents events, PasskeysFactory config, Clock clock) {
        this.storage = storage;
        this.accounts = accounts;
        this.challenges = challenges;
        this.throttle = throttle;
        this.sessions = sessions;
        this.events = events;
        this.rpId = config.getRpId().toLowerCase(Locale.ROOT);
        this.rpName = config.getRpName();
        this.origins = config.browserOrigins().stream().map(Origin::new).collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
    }

    /** The user's passkeys, oldest first. */
    public List<Passkey> list(String userKey) {
        return storage.list(userKey);
    }

    /** Whether the user has a passkey: then it may be the second factor after their password. */
    public boolean hasPasskey(String userKey) {
        return !storage.list(userKey).isEmpty();
    }

    /**
     * The options for registering a new passkey of the request's user
     * ({@code PublicKeyCredentialCreationOptionsJSON}): a challenge for this user only, their
     * passkeys excluded, a discoverable credential with user verification preferred, no attestation.
     *
     * @param userName    what the authenticator shows the passkey as (the username, an e-mail address)
     * @throws SecondFactors.Refused 403 without a recently authenticated session of {@code userKey}
     */
    public Map<String, Object> registrationOptions(ContainerRequestContext request, String userKey, String userName) {
        requireRecentlyAuthenticated(request, userKey);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("rp", Map.of("id", rpId, "name", rpName));
        options.put("user", Map.of("id", BASE64URL.encodeToString(userHandle(userKey)), "name", userName,
            "displayName", userName));
        options.put("challenge", BASE64URL.encodeToString(challenges.issue(Ceremony.REGISTRATION, userKey)));
        options.put("pubKeyCredParams", ALGORITHMS.stream()
            .map(algorithm -> Map.of("type", "public-key", "alg", algorithm.getAlg().getValue())).toList());
        options.put("timeout", challenges.lifetime().toMillis());
        options.put("excludeCredentials", descriptors(storage.list(userKey)));
        options.put("authenticatorSelection", Map.of("residentKey", "required", "requireResidentKey", true,
            "userVerification", "preferred"));
        options.put("attestation", "none");
        return options;
    }

    /**
     * Registers the passkey a browser made from {@link #registrationOptions}, under {@code name}.
     *
     * @param responseJson what {@code credential.toJSON()} gave ({@code RegistrationResponseJSON})
     * @throws SecondFactors.Refused 403 without a recently authenticated session of {@code userKey};
     *                               400 {@value #REGISTRATION_REFUSED} for a response that is
     *                               malformed, not for this user's challenge, expired, answered
     *                               already, of another origin or relying party, or not signed by
     *                               its key; 400 for a name that is blank, longer than
     *                               {@value #MAX_NAME_LENGTH} or has a control character; 409
     *                               {@value #REGISTERED_ALREADY} for a credential registered to anyone
     */
    public Passkey register(ContainerRequestContext request, String userKey, String name, String responseJson) {
        requireRecentlyAuthenticated(request, userKey);
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH || !Logins.isPrintable(trimmed)) {
            throw new SecondFactors.Refused(400, "A passkey's name is 1 to " + MAX_NAME_LENGTH
                + " characters, none of them a control character");
        }
        RegistrationData data = parse(() -> webAuthn.parseRegistrationResponseJSON(responseJson));
        if (data == null) {
            throw new SecondFactors.Refused(400, REGISTRATION_REFUSED);
        }
        try {
            byte[] challenge = challenge(data.getCollectedClientData());
            if (!challenges.isValid(challenge, Ceremony.REGISTRATION, userKey)) {
                throw new SecondFactors.Refused(400, REGISTRATION_REFUSED);
            }
            webAuthn.verify(data, new RegistrationParameters(serverProperty(challenge), ALGORITHMS, false, true));
            if (!challenges.claim(challenge)) {
                throw new SecondFactors.Refused(400, REGISTRATION_REFUSED);
            }
        } catch (WebAuthnException | IllegalArgumentException | NullPointerException malformedOrForged) {
            LOG.info("Passkey registration of user {} refused: {}", userKey, malformedOrForged.getClass().getSimpleName());
            throw new SecondFactors.Refused(400, REGISTRATION_REFUSED);
        }
        AuthenticatorData<?> authenticator = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData credential = authenticator.getAttestedCredentialData();
        Set<String> transports = data.getTransports() == null ? Set.of()
            : data.getTransports().stream().map(AuthenticatorTransport::getValue).collect(Collectors.toSet());
        Passkey passkey = new Passkey(BASE64URL.encodeToString(credential.getCredentialId()), userKey, trimmed,
            BASE64URL.encodeToString(credentialData.convert(credential)), authenticator.getSignCount(),
            authenticator.isFlagUV(), authenticator.isFlagBE(), authenticator.isFlagBS(), transports, clock.instant(),
            null);
        if (!storage.add(passkey)) {
            throw new SecondFactors.Refused(409, REGISTERED_ALREADY);
        }
        events.tell(SecurityEvent.Type.PASSKEY_REGISTERED, "id:" + userKey, sessions.clientAddress(request), null);
        // The new authenticator answered this session's challenge: as a TOTP's first code does,
        // that moves the session to aal2 (and out of enrolment-only, for a user who had to enrol).
        sessions.rotateWithSecondFactor(request, Reason.SECOND_FACTOR);
        LOG.info("User {} registered a passkey", userKey);
        return passkey;
    }

    /**
     * Removes one of the request's user's passkeys.
     *
     * @return false when the user has no passkey with that credential ID
     * @throws SecondFactors.Refused 403 without a recently authenticated session of {@code userKey}
     */
    public boolean remove(ContainerRequestContext request, String userKey, String credentialId) {
        requireRecentlyAuthenticated(request, userKey);
        boolean removed = storage.remove(userKey, credentialId);
        if (removed) {
            events.tell(SecurityEvent.Type.PASSKEY_REMOVED, "id:" + userKey, sessions.clientAddress(request), null);
            LOG.info("User {} removed a passkey", userKey);
        }
        return removed;
    }

    /**
     * Removes every passkey of another user, as an administrator does for a user who lost them,
     * and ends every session of that user when there was any. The caller checks that the
     * administrator may, and has authenticated recently.
     *
     * @return how many there were
     */
    public int removeAllFor(ContainerRequestContext request, String userKey) {
        int removed = storage.removeAll(userKey);
        if (removed > 0) {
            events.tell(SecurityEvent.Type.PASSKEY_REMOVED, "id:" + userKey, sessions.clientAddress(request), null);
            int ended = sessions.endAll(userKey, Reason.SECOND_FACTOR_REMOVED);
            LOG.info("Passkeys of user {} removed by an administrator; {} sessions ended", userKey, ended);
        }
        return removed;
    }

    /**
     * The options for stepping up the request's session with one of its user's passkeys (what
     * {@link RequireSecondFactor} asks for): their passkeys only.
     *
     * @throws IllegalStateException when the request has no live session of {@code userKey}
     */
    public Map<String, Object> stepUpOptions(ContainerRequestContext request, String userKey) {
        liveSessionOf(request, userKey);
        return secondFactorOptions(userKey);
    }

    /**
     * Checks an assertion of one of the user's passkeys in the request's signed-in session and
     * moves the session to a new ID at {@code aal2}, its second factor dated now.
     *
     * @throws SecondFactors.Refused 401 {@value #REFUSED} for an assertion refused
     * @throws Logins.Throttled      when this client or account failed too often lately
     * @throws IllegalStateException when the request has no live session of {@code userKey}
     */
    public SessionInfo stepUp(ContainerRequestContext request, String userKey, String responseJson) {
        liveSessionOf(request, userKey);
        verify(request, responseJson, Ceremony.SECOND_FACTOR, userKey);
        return sessions.rotateWithSecondFactor(request, Reason.SECOND_FACTOR);
    }

    private void liveSessionOf(ContainerRequestContext request, String userKey) {
        if (sessions.session(request).filter(live -> live.userKey().equals(userKey)).isEmpty()) {
            throw new IllegalStateException("the request has no live session of this user");
        }
    }

    /**
     * The options for signing in with a passkey alone ({@code PublicKeyCredentialRequestOptionsJSON}):
     * no credentials listed, so the browser offers the discoverable ones it has for this site,
     * also as autofill ({@code mediation: "conditional"}).
     */
    public Map<String, Object> signInOptions() {
        return requestOptions(challenges.issue(Ceremony.SIGN_IN, ""), List.of());
    }

    /** The options for the second factor of {@code userKey}'s pending sign-in: their passkeys only. */
    Map<String, Object> secondFactorOptions(String userKey) {
        return requestOptions(challenges.issue(Ceremony.SECOND_FACTOR, userKey), storage.list(userKey));
    }

    private Map<String, Object> requestOptions(byte[] challenge, List<Passkey> allowed) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("challenge", BASE64URL.encodeToString(challenge));
        options.put("timeout", challenges.lifetime().toMillis());
        options.put("rpId", rpId);
        options.put("allowCredentials", descriptors(allowed));
        options.put("userVerification", "preferred");
        return options;
    }

    /**
     * Checks an assertion ({@code AuthenticationResponseJSON}) behind the passkeys' throttle: a
     * registered credential, of {@code expectedUser} when that is not null, of an enabled account,
     * answering a live challenge for {@code ceremony} (and that user) not answered before, from one
     * of the origins, signed by the credential's key with a counter that did not go back. Records
     * the use.
     *
     * @throws SecondFactors.Refused 401 {@value #REFUSED} for anything wrong
     * @throws Logins.Throttled      when this client or account failed too often lately
     */
    Verified verify(ContainerRequestContext request, String responseJson, Ceremony ceremony, String expectedUser) {
        String client = sessions.clientAddress(request);
        AuthenticationData data = parse(() -> webAuthn.parseAuthenticationResponseJSON(responseJson));
        String credentialId = data == null || data.getCredentialId() == null ? null
            : BASE64URL.encodeToString(data.getCredentialId());
        Optional<Passkey> passkey = credentialId == null ? Optional.empty() : storage.find(credentialId);
        Optional<Account> account = passkey.flatMap(found -> accounts.byKey(found.userKey()));
        String throttled = account.map(Account::username)
            .orElse("passkey:" + (credentialId == null ? "" : Digests.sha256(credentialId)));
        String who = account.map(known -> "id:" + known.key()).orElse(throttled);
        LoginThrottle.Ticket ticket = throttle.admit(request, throttled, client, who,
            account.flatMap(Account::credentialsChangedAt));
        boolean passed;
        try {
            passed = account.isPresent() && account.get().enabled()
                && (expectedUser == null || expectedUser.equals(passkey.get().userKey()))
                && verifies(data, passkey.get(), ceremony, expectedUser);
        } catch (RuntimeException e) {
            ThrottledChecks.abandon(ticket, e);
            throw e;
        }
        if (!passed) {
            throttle.failed(ticket, null, who, client);
            throw new SecondFactors.Refused(401, REFUSED);
        }
        throttle.succeeded(ticket, who, client);
        AuthenticatorData<?> authenticator = data.getAuthenticatorData();
        storage.used(credentialId, authenticator.getSignCount(), authenticator.isFlagBS(), clock.instant());
        return new Verified(passkey.get(), account.get(), authenticator.isFlagUV());
    }

    /** The cryptography, the challenge and the user handle; claims the challenge when all pass. */
    private boolean verifies(AuthenticationData data, Passkey passkey, Ceremony ceremony, String expectedUser) {
        try {
            byte[] challenge = challenge(data.getCollectedClientData());
            if (!challenges.isValid(challenge, ceremony, expectedUser == null ? "" : expectedUser)) {
                return false;
            }
            if (data.getUserHandle() != null
                && !MessageDigest.isEqual(data.getUserHandle(), userHandle(passkey.userKey()))) {
                return false;
            }
            CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(),
                passkey.uvInitialized(), passkey.backupEligible(), passkey.backedUp(), passkey.signCount(),
                credentialData.convert(Base64.getUrlDecoder().decode(passkey.credentialData())), null, null, null, null);
            webAuthn.verify(data, new AuthenticationParameters(serverProperty(challenge), record, null, false, true));
            return challenges.claim(challenge);
        } catch (WebAuthnException | IllegalArgumentException | NullPointerException refused) {
            LOG.debug("Passkey assertion refused: {}", refused.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * What a browser sent, parsed; null when it is not a well-formed answer. The parsers throw
     * their own exceptions and Jackson's, unwrapped, for what a client chose to send: every one
     * of them is a malformed answer here, never a server error.
     */
    private static <T> T parse(Supplier<T> parser) {
        try {
            return parser.get();
        } catch (RuntimeException malformed) {
            LOG.debug("Malformed passkey answer: {}", malformed.getClass().getSimpleName());
            return null;
        }
    }

    private ServerProperty serverProperty(byte[] challenge) {
        return ServerProperty.builder().origins(origins).rpId(rpId).challenge(new DefaultChallenge(challenge)).build();
    }

    private static byte[] challenge(CollectedClientData clientData) {
        return clientData == null || clientData.getChallenge() == null ? null : clientData.getChallenge().getValue();
    }

    /**
     * The WebAuthn user handle of a user: a digest of the user key, so the authenticator never
     * holds the key itself, and no table is needed to map it back.
     */
    private static byte[] userHandle(String userKey) {
        return Digests.sha256Bytes("sessionauth passkey user handle v1\n" + userKey);
    }

    private static List<Map<String, Object>> descriptors(List<Passkey> passkeys) {
        return passkeys.stream().map(passkey -> {
            Map<String, Object> descriptor = new LinkedHashMap<>();
            descriptor.put("type", "public-key");
            descriptor.put("id", passkey.credentialId());
            if (!passkey.transports().isEmpty()) {
                descriptor.put("transports", passkey.transports().stream().sorted().toList());
            }
            return descriptor;
        }).toList();
    }

    private void requireRecentlyAuthenticated(ContainerRequestContext request, String userKey) {
        SecondFactors.requireRecentlyAuthenticated(sessions, request, userKey);
    }
}
