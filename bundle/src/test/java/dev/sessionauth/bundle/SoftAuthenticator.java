package dev.sessionauth.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WebAuthn authenticator in software, with the browser around it, for tests over HTTP: an ES256
 * key pair and a credential ID, taking the options a server gives
 * ({@code PublicKeyCredentialCreationOptionsJSON}, {@code ...RequestOptionsJSON}) and answering as
 * {@code credential.toJSON()} would (attestation {@code none}), with the flags and the counter a
 * test chooses, on the origin the test says the page was on. The server's verifier sees nothing
 * that tells it from a real one. A discoverable credential: it keeps the user handle it was
 * registered with and returns it when it signs.
 */
public final class SoftAuthenticator {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;
    private final byte[] credentialId;
    private final String rpId;
    private final boolean verifiesUser;
    private long counter;
    private byte[] userHandle = new byte[0];

    /**
     * @param verifiesUser whether it verifies its user (the UV flag), as a passkey with a PIN or
     *                     biometrics does
     * @param counter      its signature counter now; 0 for one that keeps none
     */
    public SoftAuthenticator(String rpId, boolean verifiesUser, long counter) {
        this(rpId, verifiesUser, counter, randomId());
    }

    private SoftAuthenticator(String rpId, boolean verifiesUser, long counter, byte[] credentialId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.rpId = rpId;
        this.verifiesUser = verifiesUser;
        this.counter = counter;
        this.credentialId = credentialId;
    }

    /** Another authenticator (another key) that claims this one's credential ID and user. */
    public SoftAuthenticator withSameCredentialId() {
        SoftAuthenticator impostor = new SoftAuthenticator(rpId, verifiesUser, counter, credentialId);
        impostor.userHandle = userHandle;
        return impostor;
    }

    public String credentialId() {
        return BASE64URL.encodeToString(credentialId);
    }

    /** Sets the counter, to make a clone whose counter went back. */
    public void counter(long counter) {
        this.counter = counter;
    }

    /**
     * The {@code RegistrationResponseJSON} for creation options a server gave, made on
     * {@code origin}; keeps the options' user handle.
     */
    public String register(String creationOptions, String origin) {
        JsonNode options = read(creationOptions);
        userHandle = Base64.getUrlDecoder().decode(options.path("user").path("id").asText());
        return register(options.path("challenge").asText(), origin, userHandle);
    }

    /** The {@code AuthenticationResponseJSON} for request options a server gave, signed on {@code origin}. */
    public String sign(String requestOptions, String origin) {
        return sign(read(requestOptions).path("challenge").asText(), origin, userHandle);
    }

    /** The {@code RegistrationResponseJSON} for a challenge (base64url) made on {@code origin}. */
    String register(String challenge, String origin, byte[] userHandle) {
        this.userHandle = userHandle;
        byte[] clientData = clientData("webauthn.create", challenge, origin);
        ECPublicKey key = (ECPublicKey) keys.getPublic();
        Map<Object, Object> cose = new LinkedHashMap<>();
        cose.put(1, 2);
        cose.put(3, -7);
        cose.put(-1, 1);
        cose.put(-2, unsigned32(key.getW().getAffineX()));
        cose.put(-3, unsigned32(key.getW().getAffineY()));
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.writeBytes(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authData.write(flags() | 0x40);
        authData.writeBytes(ByteBuffer.allocate(4).putInt((int) counter).array());
        authData.writeBytes(new byte[16]);
        authData.writeBytes(ByteBuffer.allocate(2).putShort((short) credentialId.length).array());
        authData.writeBytes(credentialId);
        authData.writeBytes(Cbor.encode(cose));
        Map<Object, Object> attestation = new LinkedHashMap<>();
        attestation.put("fmt", "none");
        attestation.put("attStmt", Map.of());
        attestation.put("authData", authData.toByteArray());
        return "{\"id\":\"" + credentialId() + "\",\"rawId\":\"" + credentialId() + "\",\"type\":\"public-key\","
            + "\"response\":{\"clientDataJSON\":\"" + BASE64URL.encodeToString(clientData) + "\","
            + "\"attestationObject\":\"" + BASE64URL.encodeToString(Cbor.encode(attestation)) + "\","
            + "\"transports\":[\"internal\"]},\"clientExtensionResults\":{},\"authenticatorAttachment\":\"platform\"}";
    }

    /**
     * The {@code AuthenticationResponseJSON} for a challenge (base64url) made on {@code origin},
     * with the user handle a discoverable credential returns; the counter goes up first when it
     * keeps one.
     */
    String sign(String challenge, String origin, byte[] userHandle) {
        if (counter > 0) {
            counter++;
        }
        byte[] clientData = clientData("webauthn.get", challenge, origin);
        byte[] authData = ByteBuffer.allocate(37).put(sha256(rpId.getBytes(StandardCharsets.UTF_8)))
            .put((byte) flags()).putInt((int) counter).array();
        byte[] signature;
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(authData);
            signer.update(sha256(clientData));
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return "{\"id\":\"" + credentialId() + "\",\"rawId\":\"" + credentialId() + "\",\"type\":\"public-key\","
            + "\"response\":{\"clientDataJSON\":\"" + BASE64URL.encodeToString(clientData) + "\","
            + "\"authenticatorData\":\"" + BASE64URL.encodeToString(authData) + "\","
            + "\"signature\":\"" + BASE64URL.encodeToString(signature) + "\","
            + "\"userHandle\":\"" + BASE64URL.encodeToString(userHandle) + "\"},"
            + "\"clientExtensionResults\":{},\"authenticatorAttachment\":\"platform\"}";
    }

    /** User present, user verified if it verifies, backup eligible and backed up (a synced passkey). */
    private int flags() {
        return 0x01 | (verifiesUser ? 0x04 : 0) | 0x08 | 0x10;
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON options: " + json, e);
        }
    }

    private static byte[] clientData(String type, String challenge, String origin) {
        return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin
            + "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length == 32) {
            return bytes;
        }
        byte[] fixed = new byte[32];
        int copied = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - copied, fixed, 32 - copied, copied);
        return fixed;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomId() {
        byte[] id = new byte[32];
        new SecureRandom().nextBytes(id);
        return id;
    }

    /** The little of CBOR (RFC 8949) an authenticator writes: integers, byte and text strings, maps. */
    private static final class Cbor {

        static byte[] encode(Object value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(out, value);
            return out.toByteArray();
        }

        private static void write(ByteArrayOutputStream out, Object value) {
            if (value instanceof Integer number) {
                head(out, number >= 0 ? 0 : 1, number >= 0 ? number : -1L - number);
            } else if (value instanceof byte[] bytes) {
                head(out, 2, bytes.length);
                out.writeBytes(bytes);
            } else if (value instanceof String text) {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                head(out, 3, utf8.length);
                out.writeBytes(utf8);
            } else if (value instanceof Map<?, ?> map) {
                head(out, 5, map.size());
                map.forEach((key, entry) -> {
                    write(out, key);
                    write(out, entry);
                });
            } else {
                throw new IllegalArgumentException("not written: " + value);
            }
        }

        private static void head(ByteArrayOutputStream out, int major, long length) {
            if (length < 24) {
                out.write(major << 5 | (int) length);
            } else if (length < 256) {
                out.write(major << 5 | 24);
                out.write((int) length);
            } else {
                out.write(major << 5 | 25);
                out.writeBytes(Arrays.copyOfRange(ByteBuffer.allocate(4).putInt((int) length).array(), 2, 4));
            }
        }
    }
}
