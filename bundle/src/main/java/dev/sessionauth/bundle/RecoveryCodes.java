package dev.sessionauth.bundle;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recovery codes: ten single-use codes a user keeps on paper for the day the authenticator is
 * lost. Each is 16 characters of 31 letters and digits without look-alikes (79 random bits), shown
 * in groups of four ({@code k7m2-x9qp-...}); typed back with or without the dashes, in either case.
 * Only a SHA-256 digest is stored: 79 random bits need no slow hash, since nobody can try 2^79
 * candidates against a stolen digest. Stateless.
 */
final class RecoveryCodes {

    /** Codes given out at once. */
    static final int COUNT = 10;

    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {
    }

    /** {@link #COUNT} new codes, as the user is shown them. */
    static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int n = 0; n < COUNT; n++) {
            StringBuilder code = new StringBuilder(LENGTH + 3);
            for (int i = 0; i < LENGTH; i++) {
                if (i > 0 && i % 4 == 0) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return List.copyOf(codes);
    }

    /**
     * The digest stored for a code as typed: 43 base64url characters.
     *
     * @return empty when what was typed cannot be a code, so nothing is looked up
     */
    static Optional<String> digest(String typed) {
        if (typed == null || typed.length() > 64) {
            return Optional.empty();
        }
        String code = typed.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (code.length() != LENGTH || !code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(digestOf(code));
    }

    /** The digests of {@code codes}, as {@link #generate} gave them. */
    static List<String> digests(List<String> codes) {
        return codes.stream().map(code -> digest(code).orElseThrow()).toList();
    }

    private static String digestOf(String code) {
        return Digests.sha256("sessionauth recovery code v1:" + code);
    }
}
