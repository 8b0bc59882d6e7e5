package dev.sessionauth.pages;

/** {@code GET /account/password}: change the password, giving the current one. */
public final class PasswordPage extends Page {

    /** The shortest new password accepted (NIST SP 800-63B). */
    public static final int MIN_LENGTH = 8;

    PasswordPage(String username, String csrfToken) {
        super("password.ftlh", "Change password", username, csrfToken);
    }

    public int getMinLength() {
        return MIN_LENGTH;
    }
}
