package dev.sessionauth.store;

/**
 * How strongly a session's user proved who they are, in the terms of NIST SP 800-63B's
 * authenticator assurance levels: one factor, or two.
 */
public enum AssuranceLevel {

    /** One factor: a password (or whatever single proof the host checked). */
    AAL1("aal1"),

    /** Two factors: a password and then a second factor (a TOTP code, a recovery code). */
    AAL2("aal2");

    private final String label;

    AssuranceLevel(String label) {
        this.label = label;
    }

    /** {@code aal1} or {@code aal2}: how the level reads in JSON, headers and pages. */
    public String label() {
        return label;
    }
}
